import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "Back office" }];

const SECTIONS = [
  { to: "/admin", label: "Dashboard", end: true },
  { to: "/admin/webinars", label: "Schedule" },
  { to: "/admin/speakers", label: "Speakers" },
  { to: "/admin/registrations", label: "Registrations" },
  { to: "/admin/announcements", label: "Announcements" },
  { to: "/admin/network90", label: "Network90" },
  { to: "/admin/resources", label: "Resources" },
  { to: "/admin/people", label: "People" },
  { to: "/admin/outbox", label: "Outbox" },
  { to: "/admin/settings", label: "Settings" },
  { to: "/admin/audit", label: "Audit log" },
  { to: "/admin/security", label: "Security" },
] as const;

// Shows the navigation only; every page below checks the organiser itself.
export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  return data(
    { festivalName: festival.name, email: viewer.email },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export default function AdminLayout() {
  const { festivalName, email } = useLoaderData<typeof loader>();
  return (
    <div className="admin">
      <div className="admin__bar">
        <p className="admin__title">
          Back office · <strong>{festivalName}</strong>
        </p>
        <p className="muted admin__who">Signed in as {email}</p>
      </div>
      <nav aria-label="Back office" className="admin__nav">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end={"end" in s ? s.end : false}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin__page">
        <Outlet />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
