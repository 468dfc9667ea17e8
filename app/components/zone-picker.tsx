import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useId } from "react";
import { useViewerZone } from "~/lib/root-data";
import { zoneCity, zoneLabel } from "~/lib/time";

export const COMMON_ZONES = [
  "Europe/London",
  "Europe/Dublin",
  "Europe/Paris",
  "Europe/Berlin",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Toronto",
  "America/Sao_Paulo",
  "Africa/Lagos",
  "Africa/Johannesburg",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Perth",
  "Australia/Melbourne",
  "Australia/Sydney",
  "Pacific/Auckland",
  "UTC",
];

/** The current page with some query parameters set (a string) or removed (null). */
function linkWith(
  pathname: string,
  search: string,
  changes: Record<string, string | null>,
): string {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  const rest = params.toString();
  return rest ? `${pathname}?${rest}` : pathname;
}

/**
 * Shows which zone times are in, lets the visitor pick another (remembered
 * in a cookie) and flips between their time and festival time.
 */
export function ZonePicker({ now }: { now: string }) {
  const { zone, festivalZone, festivalView, remembered } = useViewerZone();
  const fetcher = useFetcher<{ error?: string }>();
  const location = useLocation();
  const id = useId();
  const error = fetcher.data?.error;
  const busy = fetcher.state !== "idle";
  const here = linkWith(location.pathname, location.search, { tz: null, view: null });
  const ownZone = remembered ?? zone;
  // The common zones cover most visitors (and the browser's own zone is found
  // automatically); /zone lists every zone. Keeping this list short keeps every
  // page that shows it light.
  const choices = COMMON_ZONES.includes(ownZone) ? COMMON_ZONES : [ownZone, ...COMMON_ZONES];
  return (
    <section className="zone-bar" aria-label="Time zone">
      <p className="zone-bar__current">
        Times are shown in <strong>{zoneLabel(now, zone)}</strong>
        {festivalView ? " (festival time)" : ""}.{" "}
        {festivalView ? (
          <Link to={here}>Show my time ({zoneCity(ownZone)})</Link>
        ) : festivalZone !== zone ? (
          <Link to={linkWith(location.pathname, location.search, { tz: null, view: "festival" })}>
            Show festival time ({zoneCity(festivalZone)})
          </Link>
        ) : null}
      </p>
      <fetcher.Form
        method="post"
        action="/zone"
        className="zone-bar__form"
        onSubmit={(event) => {
          if (busy) event.preventDefault();
        }}
      >
        <input type="hidden" name="redirectTo" value={here} />
        <label htmlFor={`${id}-zone`}>Your time zone</label>
        <select
          id={`${id}-zone`}
          name="zone"
          defaultValue={ownZone}
          key={ownZone}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          {choices.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, " ")}
            </option>
          ))}
        </select>
        {/* aria-disabled, not disabled: a disabled button loses keyboard focus to the page. */}
        <button type="submit" aria-disabled={busy || undefined}>
          Use this zone
        </button>
        <Link to={`/zone?redirectTo=${encodeURIComponent(here)}`}>Other time zones</Link>
        {error ? (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </fetcher.Form>
    </section>
  );
}
