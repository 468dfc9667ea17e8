import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { getViewer, loginUrl } from "~/lib/auth.server";
import { clientIp } from "~/lib/client-ip.server";
import { CACHE, publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { consumeRequestLimit, tooManyRequests } from "~/lib/rate-limit.server";
import { useFocusOn } from "~/lib/use-focus-on";
import { formatWhen } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import { competitionPhase, getCompetition } from "~/models/competition.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { linkedVideo, paragraphs, viewableEntry } from "~/models/gallery.server";
import { castVote, refusalMessage, voteOf } from "~/models/voting.server";
import n90Styles from "~/styles/network90.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: n90Styles }];

export const headers = loaderCacheHeaders;

const NOT_HERE =
  "There is no entry at this address. The link may be mistyped, or the entry is not in the gallery.";

const notFound = () =>
  new Response(NOT_HERE, { status: 404, headers: { "Cache-Control": CACHE.none } });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const now = new Date();
  const competition = await getCompetition(festival.id);
  const found = await viewableEntry(festival.id, params.id ?? "", competition, viewer, now);
  if (!competition || !found) throw notFound();
  const { entry, audience } = found;
  const zone = viewerZone(request, festival.timeZone, viewer?.timeZone ?? null).zone;
  const phase = competitionPhase(competition, now);
  const votingOpen = phase === "voting" && audience === "public";
  const own = viewer && votingOpen ? await voteOf(festival.id, viewer.email) : null;
  const base = `/network90/entries/${entry.id}`;
  return data(
    {
      festivalName: festival.name,
      competitionName: competition.name,
      entry: {
        id: entry.id,
        networkName: entry.networkName,
        region: entry.region,
        paragraphs: paragraphs(entry.description),
        video: entry.videoKey ? `${base}/video` : null,
        linked: entry.videoKey ? null : linkedVideo(entry.videoUrl),
        captions: entry.captionsKey ? `${base}/captions.vtt` : null,
      },
      /** Not in the gallery: only its entrant and the judges see this page. */
      preview: audience === "private",
      vote: votingOpen
        ? {
            closes: formatWhen(competition.votingClosesAt, zone),
            signedIn: viewer !== null,
            /** The network this viewer voted for (their own vote only: never a count). */
            votedFor: own ? { entryId: own.entryId, networkName: own.networkName } : null,
          }
        : null,
      voted: new URL(request.url).searchParams.get("voted") === "1",
    },
    {
      headers: {
        "Cache-Control": audience === "public" ? publicPageCache(request) : CACHE.personal,
      },
    },
  );
}

/**
 * The vote button. Someone not signed in goes to sign in (which verifies
 * their email) and comes back to this entry to vote.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const viewer = await getViewer(request);
  const back = new Request(new URL(`/network90/entries/${encodeURIComponent(id)}`, request.url));
  if (!viewer) throw redirect(loginUrl(back), 303);
  const limit = await consumeRequestLimit("vote", request, viewer.id);
  if (!limit.ok) return tooManyRequests(limit, { error: limit.message, reason: "rate-limit" });
  const festival = await requireCurrentFestival();
  const result = await castVote({
    festivalId: festival.id,
    entryId: id,
    voter: { id: viewer.id, email: viewer.email },
    ip: clientIp(request),
  });
  switch (result.status) {
    case "not-found":
      throw notFound();
    case "voted":
      throw redirect(`/network90/entries/${id}?voted=1`, 303);
    case "refused": {
      const zone = viewerZone(request, festival.timeZone, viewer.timeZone).zone;
      const status =
        result.reason === "ip-limit" ? 429 : result.reason === "already-voted" ? 409 : 403;
      return data(
        { error: refusalMessage(result, zone), reason: result.reason },
        { status, headers: { "Cache-Control": CACHE.none } },
      );
    }
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.entry.networkName} · ${data.competitionName} · ${data.festivalName}` },
        {
          name: "description",
          content: `${data.entry.networkName} (${data.entry.region}) in ${data.competitionName}.`,
        },
        ...(data.preview ? [{ name: "robots", content: "noindex" }] : []),
      ]
    : [{ title: "Entry not found" }];

function Player() {
  const { entry } = useLoaderData<typeof loader>();
  if (entry.video && entry.captions) {
    return (
      <video className="n90-player" controls preload="metadata" src={entry.video}>
        <track kind="captions" srcLang="en" label="English" default src={entry.captions} />
        <p>
          Your browser cannot play this video here. <a href={entry.video}>Download the video</a> and{" "}
          <a href={entry.captions}>its captions</a>.
        </p>
      </video>
    );
  }
  if (entry.video) {
    // Only an entrant's or a judge's preview can lack captions: a public entry always has them.
    return (
      <>
        <p className="notice notice--warning">
          This video has no captions yet: it cannot be shown publicly until it does.
        </p>
        {/* eslint-disable-next-line jsx-a11y/media-has-caption -- there is no captions file to point at yet */}
        <video className="n90-player" controls preload="metadata" src={entry.video}>
          <p>
            Your browser cannot play this video here. <a href={entry.video}>Download the video</a>.
          </p>
        </video>
      </>
    );
  }
  if (entry.linked) {
    // Framing other sites is refused by our CSP (frame-src 'self'): link out instead.
    return (
      <p className="n90-linked">
        <a className="button" href={entry.linked.href} rel="noopener noreferrer">
          Watch {entry.networkName}&rsquo;s video on {entry.linked.host}
        </a>{" "}
        <span className="muted">(opens the hosting site; turn its captions on there)</span>
      </p>
    );
  }
  return <p className="notice">There is no video for this entry yet.</p>;
}

function VoteBox() {
  const { entry, vote, voted } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const mine = vote?.votedFor?.entryId === entry.id;
  // The Vote button is gone once the vote is in: the thanks take its place, and focus.
  const thanks = useFocusOn<HTMLParagraphElement>(voted && mine);
  if (!vote) return null;
  return (
    <section className="n90-vote" aria-labelledby="n90-vote-title">
      <h2 id="n90-vote-title">Vote</h2>
      {voted && mine ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={thanks}>
          Thank you: your vote for {entry.networkName} is counted.
        </p>
      ) : null}
      <FormMessage error={refused?.error} />
      {vote.votedFor ? (
        !voted || !mine ? (
          <p>
            You voted for{" "}
            {mine ? (
              entry.networkName
            ) : (
              <Link to={`/network90/entries/${vote.votedFor.entryId}`}>
                {vote.votedFor.networkName}
              </Link>
            )}
            . Each person has one vote.
          </p>
        ) : null
      ) : (
        <Form method="post">
          <p>
            One vote per person
            {vote.signedIn ? "" : ": you will be asked to sign in with your email"}. Voting closes{" "}
            {vote.closes}.
          </p>
          <button type="submit" disabled={busy}>
            Vote for {entry.networkName}
          </button>
        </Form>
      )}
    </section>
  );
}

export default function EntryPage() {
  const { entry, preview, competitionName } = useLoaderData<typeof loader>();
  return (
    <article className="n90-entry" aria-labelledby="n90-entry-title">
      <p className="breadcrumb">
        <Link to="/network90#gallery">{competitionName}</Link>
      </p>
      <h1 id="n90-entry-title">{entry.networkName}</h1>
      <p className="n90-card__region">{entry.region}</p>
      {preview ? (
        <p className="notice notice--warning">
          This entry is not in the public gallery: only its entrant, the judges and the organisers
          can open this page.
        </p>
      ) : null}
      <Player />
      {entry.captions && !entry.video ? (
        <p>
          <a href={entry.captions}>Captions for this video (WebVTT)</a>
        </p>
      ) : null}
      <div className="n90-description">
        {entry.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      <VoteBox />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
