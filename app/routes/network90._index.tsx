import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EntryCards, RegionFilter, regionHref } from "~/components/network90-gallery";
import { Network90Results } from "~/components/network90-results";
import { getViewer } from "~/lib/auth.server";
import { CACHE, publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { isRegion, REGIONS } from "~/lib/regions";
import { formatWhen, zoneLabel } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import { competitionPhase, getCompetition } from "~/models/competition.server";
import { getCurrentFestival } from "~/models/festival.server";
import { listGallery, shortlistRevealed } from "~/models/gallery.server";
import { publicResults } from "~/models/results.server";
import n90Styles from "~/styles/network90.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: n90Styles }];

export const headers = loaderCacheHeaders;

const echo = (value: string) => (value.length > 60 ? `${value.slice(0, 59)}…` : value);

export async function loader({ request }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([getCurrentFestival(), getViewer(request)]);
  const competition = festival ? await getCompetition(festival.id) : null;
  if (!festival || !competition) {
    // Not an error: a festival may simply not run the competition.
    return data(
      { running: false as const, festivalName: festival?.name ?? "The festival" },
      { headers: { "Cache-Control": publicPageCache(request) } },
    );
  }
  const now = new Date();
  const zone = viewerZone(request, festival.timeZone, viewer?.timeZone ?? null).zone;
  const phase = competitionPhase(competition, now);
  const when = (instant: Date) => ({ iso: instant.toISOString(), text: formatWhen(instant, zone) });

  const rawRegion = new URL(request.url).searchParams.get("region")?.trim() ?? "";
  const problem =
    rawRegion && !isRegion(rawRegion)
      ? `“${echo(rawRegion)}” is not one of the regions. Entries come from ${REGIONS.join(", ")}.`
      : null;
  const region = rawRegion && isRegion(rawRegion) ? rawRegion : null;
  const revealed = shortlistRevealed(competition, now);
  const [gallery, results] = await Promise.all([
    revealed ? listGallery(festival.id, { region }) : null,
    publicResults(festival.id, now),
  ]);

  return data(
    {
      running: true as const,
      festivalName: festival.name,
      name: competition.name,
      phase,
      zone: zoneLabel(now, zone),
      timeline: {
        entriesClose: when(competition.entriesCloseAt),
        votingOpens: when(competition.votingOpensAt),
        votingCloses: when(competition.votingClosesAt),
        results: competition.resultsAnnouncedAt ? when(competition.resultsAnnouncedAt) : null,
      },
      gallery: gallery && {
        ...gallery,
        total: gallery.regions.reduce((sum, r) => sum + r.count, 0),
      },
      region,
      problem,
      results,
    },
    {
      status: problem ? 404 : 200,
      headers: { "Cache-Control": problem ? CACHE.none : publicPageCache(request) },
    },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const name = data?.running ? data.name : "Network90";
  return [
    { title: `${name} · ${data?.festivalName ?? "Meridian"}` },
    {
      name: "description",
      content:
        "Networks from England, Scotland, Wales and Northern Ireland tell their story in 90 captioned seconds, and the public votes.",
    },
    ...(data && "problem" in data && data.problem ? [{ name: "robots", content: "noindex" }] : []),
  ];
};

type Running = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { running: true }>;

function CallToAction({ page }: { page: Running }) {
  const { phase, timeline } = page;
  switch (phase) {
    case "entries-open":
      return (
        <div className="hero__actions">
          <Link className="button button--primary" to="/network90/enter">
            Enter your network
          </Link>
          <p>Entries close {timeline.entriesClose.text}.</p>
        </div>
      );
    case "judging":
      return (
        <p>
          Entries have closed and the judges are choosing the shortlist. Voting opens{" "}
          {timeline.votingOpens.text}.
        </p>
      );
    case "voting":
      return (
        <div className="hero__actions">
          <a className="button button--primary" href="#gallery">
            Vote
          </a>
          <p>
            Watch the shortlist and vote for one network: one vote per person, signed in with your
            email. Voting closes {timeline.votingCloses.text}.
          </p>
        </div>
      );
    case "counting":
      return (
        <p>Voting closed {timeline.votingCloses.text}. The winners will be announced here soon.</p>
      );
    case "announced":
      return (
        <div className="hero__actions">
          <a className="button button--primary" href="#results">
            See the winners
          </a>
        </div>
      );
  }
}

function Timeline({ page }: { page: Running }) {
  const { timeline, zone } = page;
  const rows: [string, { iso: string; text: string } | null][] = [
    ["Entries close", timeline.entriesClose],
    ["Voting opens", timeline.votingOpens],
    ["Voting closes", timeline.votingCloses],
    ["Results announced", timeline.results],
  ];
  return (
    <section aria-labelledby="n90-timeline">
      <h2 id="n90-timeline">Timeline</h2>
      <p className="muted">
        Times are in {zone}.{" "}
        <Link className="small-link" to="/zone?redirectTo=%2Fnetwork90">
          Change time zone
        </Link>
      </p>
      <dl className="n90-timeline">
        {rows.map(([label, at]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              {at ? (
                <time dateTime={at.iso}>{at.text}</time>
              ) : (
                "After voting closes, once the judges and the votes are counted"
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Gallery({ page }: { page: Running }) {
  const { gallery, region, problem, timeline, phase } = page;
  return (
    <section id="gallery" aria-labelledby="n90-gallery">
      <h2 id="n90-gallery">The shortlist</h2>
      {!gallery ? (
        <p className="notice">
          The shortlist is revealed when voting opens, {timeline.votingOpens.text}.
        </p>
      ) : (
        <>
          {phase === "voting" ? (
            <p>Open an entry to watch it with captions and vote for it.</p>
          ) : null}
          {problem ? (
            <p className="notice notice--warning" role="status">
              {problem} <Link to={regionHref(null)}>Show all entries</Link>
            </p>
          ) : null}
          <RegionFilter regions={gallery.regions} current={region} total={gallery.total} />
          {gallery.cards.length ? (
            <EntryCards cards={gallery.cards} />
          ) : problem ? null : (
            <p className="notice">
              {region ? `No shortlisted entries come from ${region}.` : "No entries are shown yet."}
            </p>
          )}
        </>
      )}
    </section>
  );
}

export default function Network90() {
  const page = useLoaderData<typeof loader>();
  if (!page.running) {
    return (
      <section className="narrow" aria-labelledby="n90-title">
        <h1 id="n90-title">Network90</h1>
        <p className="notice">
          Network90 is not running this year. {page.festivalName} may bring it back: the rest of the
          festival is on the <Link to="/schedule">schedule</Link>.
        </p>
      </section>
    );
  }
  return (
    <div className="n90">
      <section className="hero" aria-labelledby="n90-title">
        <h1 id="n90-title">{page.name}</h1>
        <p className="hero__tagline">
          Ninety seconds about your network: who you bring together, and what changes because of it.
        </p>
        <CallToAction page={page} />
      </section>
      {page.results ? <Network90Results results={page.results} /> : null}
      <section aria-labelledby="n90-about">
        <h2 id="n90-about">How it works</h2>
        <p>
          Networks make a video of up to 90 seconds about themselves. Judges choose a shortlist, the
          public votes for a People&rsquo;s Choice, and the winners are announced at the end of the
          festival.
        </p>
        <p>
          <strong>Every video needs captions</strong> (a WebVTT file). People who are deaf or hard
          of hearing follow the video through them, and so does everyone watching without sound: on
          a train, in an open-plan office, or beside a sleeping baby.
        </p>
        <h3>Who can enter</h3>
        <p>
          Networks based in any of England&rsquo;s nine regions, or in Scotland, Wales or Northern
          Ireland. Sign in with your email to enter; each entrant enters one network.
        </p>
      </section>
      <Timeline page={page} />
      <Gallery page={page} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
