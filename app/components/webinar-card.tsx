import { Link } from "@remix-run/react";
import { RegisterButton } from "~/components/register-button";
import { TimeRange } from "~/components/time-range";
import type { SeatView } from "~/lib/seat-view";
import { useViewerZone } from "~/lib/root-data";
import { isAtNight, liveState, type LiveState } from "~/lib/time";
import type { WebinarView } from "~/lib/webinar-view";

const STATE_LABEL: Record<LiveState | "cancelled", string> = {
  live: "Live now",
  past: "Finished",
  upcoming: "Upcoming",
  cancelled: "Cancelled",
};

export function WebinarState({ webinar, now }: { webinar: WebinarView; now: Date }) {
  const state =
    webinar.status === "cancelled"
      ? "cancelled"
      : liveState(webinar.startsAt, webinar.durationMinutes, now);
  return <span className={`badge badge--${state}`}>{STATE_LABEL[state]}</span>;
}

/** The zone whose night matters: the visitor's own, even while they look at festival time. */
export function useNightZone(): string {
  const { zone, festivalView, remembered } = useViewerZone();
  return festivalView ? (remembered ?? zone) : zone;
}

export function NightNote({ webinar }: { webinar: WebinarView }) {
  const nightZone = useNightZone();
  if (webinar.status === "cancelled") return null;
  if (!isAtNight(webinar.startsAt, webinar.durationMinutes, nightZone)) return null;
  return (
    <p className="night-note">
      <span aria-hidden="true">☾ </span>At night where you are: you may prefer to catch the
      recording.
    </p>
  );
}

export function WebinarCard({
  webinar,
  now,
  seat,
}: {
  webinar: WebinarView;
  now: Date;
  seat?: SeatView;
}) {
  const state =
    webinar.status === "cancelled"
      ? "cancelled"
      : liveState(webinar.startsAt, webinar.durationMinutes, now);
  const people = [...webinar.hosts, ...webinar.speakers];
  return (
    <article
      className={`webinar-card webinar-card--${state}`}
      aria-labelledby={`w-${webinar.slug}`}
    >
      <div className="webinar-card__meta">
        <WebinarState webinar={webinar} now={now} />
        {webinar.topic ? <span className="topic">{webinar.topic}</span> : null}
      </div>
      <h3 id={`w-${webinar.slug}`} className="webinar-card__title">
        <Link to={`/webinars/${webinar.slug}`}>{webinar.title}</Link>
      </h3>
      <p className="webinar-card__time">
        <TimeRange startsAt={webinar.startsAt} durationMinutes={webinar.durationMinutes} />
      </p>
      {people.length ? (
        <p className="webinar-card__people">With {people.map((p) => p.name).join(", ")}</p>
      ) : null}
      <NightNote webinar={webinar} />
      {seat ? (
        <RegisterButton slug={webinar.slug} title={webinar.title} state={state} seat={seat} />
      ) : null}
      {state === "past" && webinar.hasRecording ? (
        <p>
          <Link to={`/webinars/${webinar.slug}`}>Watch the recording</Link>
        </p>
      ) : null}
    </article>
  );
}
