import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { CSSProperties, ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ZoneDetector } from "~/components/zone-detector";
import { getViewer } from "~/lib/auth.server";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import type { RootData } from "~/lib/root-data";
import { tint } from "~/lib/brand-colour";
import { useNonce } from "~/lib/nonce";
import { mediaUrl } from "~/lib/uploads.server";
import { viewerZone } from "~/lib/viewer-zone.server";
import { getCurrentFestival } from "~/models/festival.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Meridian" }];

export const headers = loaderCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([getCurrentFestival(), getViewer(request)]);
  const rootData: RootData = {
    festival: festival && {
      slug: festival.slug,
      name: festival.name,
      tagline: festival.tagline,
      timeZone: festival.timeZone,
      startsOn: festival.startsOn,
      endsOn: festival.endsOn,
      contactEmail: festival.contactEmail,
      registrationOpen: festival.registrationOpen,
      brandColour: festival.brandColour,
      logoUrl: festival.logoFile ? mediaUrl(festival.logoFile) : null,
    },
    zone: viewerZone(request, festival?.timeZone ?? "UTC", viewer?.timeZone ?? null),
    now: new Date().toISOString(),
    viewer: viewer && {
      name: viewer.name,
      email: viewer.email,
      isOrganiser: viewer.isOrganiser,
      isFaculty: viewer.isFaculty,
    },
  };
  return data(rootData, { headers: { "Cache-Control": publicPageCache(request) } });
}

function AccountNav({ viewer }: { viewer: RootData["viewer"] }) {
  if (!viewer) {
    return (
      <li>
        <NavLink to="/login">Sign in</NavLink>
      </li>
    );
  }
  return (
    <>
      <li>
        <NavLink to="/me">My festival</NavLink>
      </li>
      {viewer.isFaculty || viewer.isOrganiser ? (
        <li>
          <NavLink to="/studio">Studio</NavLink>
        </li>
      ) : null}
      {viewer.isOrganiser ? (
        <li>
          <NavLink to="/admin">Back office</NavLink>
        </li>
      ) : null}
      <li>
        <Form method="post" action="/logout" className="inline-form">
          <button type="submit" className="link-button">
            Sign out
          </button>
        </Form>
      </li>
    </>
  );
}

function SiteHeader({
  name,
  logoUrl,
  viewer,
}: {
  name: string;
  logoUrl: string | null;
  viewer: RootData["viewer"];
}) {
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <a href="/" className="brand">
          {logoUrl ? <img src={logoUrl} alt="" className="brand__logo" height={32} /> : null}
          {name}
        </a>
        <nav aria-label="Main">
          <ul className="nav-list">
            <li>
              <NavLink to="/schedule">Schedule</NavLink>
            </li>
            <li>
              <NavLink to="/faculty">Faculty</NavLink>
            </li>
            <li>
              <NavLink to="/blog">Blog</NavLink>
            </li>
            <li>
              <NavLink to="/network90">Network90</NavLink>
            </li>
            <li>
              <NavLink to="/resources">Resources</NavLink>
            </li>
            <AccountNav viewer={viewer} />
          </ul>
        </nav>
      </div>
    </header>
  );
}

/** The organisers' colour for this festival, as the stylesheet's brand variables. */
function brandStyle(colour: string | undefined): CSSProperties | undefined {
  if (!colour || !/^#[0-9a-f]{6}$/i.test(colour)) return undefined;
  return { "--brand": colour, "--brand-soft": tint(colour, 0.88) } as CSSProperties;
}

/** Routes that other sites frame (handle `{ bare: true }`) get the page without the site around it. */
function useBare(): boolean {
  return useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare === true);
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<RootData>("root");
  const name = root?.festival?.name ?? "Meridian";
  const nonce = useNonce();
  const bare = useBare();
  return (
    <html lang="en-GB" style={brandStyle(root?.festival?.brandColour)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {root?.festival ? (
          <>
            <link
              rel="alternate"
              type="application/rss+xml"
              title={`${name} blog (RSS)`}
              href="/blog/feed.xml"
            />
            <link
              rel="alternate"
              type="application/atom+xml"
              title={`${name} blog (Atom)`}
              href="/blog/atom.xml"
            />
          </>
        ) : null}
      </head>
      <body className={bare ? "bare" : undefined}>
        {bare ? (
          // Framed on other sites, often beside their own <main>: named so the two are told apart.
          <main id="main" aria-label={`${name} schedule`}>
            {children}
          </main>
        ) : (
          <>
            <a className="skip-link" href="#main">
              Skip to content
            </a>
            <SiteHeader
              name={name}
              logoUrl={root?.festival?.logoUrl ?? null}
              viewer={root?.viewer ?? null}
            />
            <main id="main" className="container" tabIndex={-1}>
              {children}
            </main>
            <SiteFooter name={name} contactEmail={root?.festival?.contactEmail ?? null} />
          </>
        )}
        {root && !bare ? <ZoneDetector zone={root.zone} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteFooter({ name, contactEmail }: { name: string; contactEmail: string | null }) {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          {name}
          {contactEmail ? (
            <>
              {" "}
              · Questions? <a href={`mailto:${contactEmail}`}>{contactEmail}</a>
            </>
          ) : null}
        </p>
        <p className="muted">
          Runs on Meridian, the open-source festival platform. ·{" "}
          <a href="/schedule.ics">Subscribe to the schedule</a> ·{" "}
          <a href="/schedule/share">Schedule for apps and websites</a> ·{" "}
          <a href="/blog/feed.xml">Blog feed</a>
        </p>
        <p className="muted">
          <a href="/privacy">Privacy notice</a> · <a href="/accessibility">Accessibility</a>
        </p>
      </div>
    </footer>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
