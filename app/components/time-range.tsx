import { formatRange, zoneLabel } from "~/lib/time";
import { useViewerZone } from "~/lib/root-data";

interface Props {
  startsAt: string;
  durationMinutes: number;
  /** Also show the festival's own time when the viewer's zone differs. */
  withFestivalTime?: boolean;
}

/**
 * A webinar's time in the viewer's zone, with the zone named, and the
 * festival's time beside it when they differ. The <time> element carries the
 * exact instant for machines.
 */
export function TimeRange({ startsAt, durationMinutes, withFestivalTime = true }: Props) {
  const { zone, festivalZone } = useViewerZone();
  const local = formatRange(startsAt, durationMinutes, zone);
  const festivalRange = formatRange(startsAt, durationMinutes, festivalZone);
  const differs =
    zoneLabel(startsAt, zone) !== zoneLabel(startsAt, festivalZone) || zone !== festivalZone;
  return (
    <span className="time-range">
      <time dateTime={startsAt} className="time-range__local">
        <span className="time-range__day">{local.day}, </span>
        <strong>{local.clock}</strong>
        {local.endsNextDay ? " (next day)" : ""}{" "}
        <span className="time-range__zone">{local.zone}</span>
      </time>
      {withFestivalTime && differs ? (
        <span className="time-range__festival">
          {" "}
          · festival time {festivalRange.day}, {festivalRange.clock} {festivalRange.zone}
        </span>
      ) : null}
    </span>
  );
}
