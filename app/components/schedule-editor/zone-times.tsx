import type { ZoneTime } from "./edit-result";

/** A time in the festival's zone, in UTC and in a few more zones, night-time marked in words. */
export function ZoneTimes({
  festival,
  utc,
  elsewhere,
}: {
  festival: string;
  utc: string;
  elsewhere: ZoneTime[];
}) {
  return (
    <dl className="facts zone-times">
      <div className="zone-times__row">
        <dt>Festival time</dt>
        <dd>{festival}</dd>
      </div>
      <div className="zone-times__row">
        <dt>UTC</dt>
        <dd>{utc}</dd>
      </div>
      {elsewhere.map((z) => (
        <div key={z.zone} className="zone-times__row">
          <dt>{z.zone}</dt>
          <dd>
            {z.text}
            {z.night ? (
              <span className="flag flag--night">
                <span aria-hidden="true">☾ </span>night-time there
              </span>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
