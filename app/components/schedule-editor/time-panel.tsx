import { Form, Link } from "@remix-run/react";
import type { EditResult, ZoneTime } from "./edit-result";
import { TimeFields, type TimeValues } from "./time-fields";
import { WhoIsTold } from "./who-is-told";
import { ZoneTimes } from "./zone-times";

type TimeResult = Extract<EditResult, { form: "time" }>;

/**
 * Moving a webinar in two steps: the new time is checked and shown with who
 * will be emailed, and only the second button moves it and sends.
 */
export function TimePanel({
  current,
  saved,
  result,
  zoneName,
  note,
  cancelled,
  busy,
}: {
  current: { festival: string; utc: string; elsewhere: ZoneTime[] };
  saved: TimeValues;
  result: TimeResult | undefined;
  zoneName: string;
  note: string | null;
  cancelled: boolean;
  busy: boolean;
}) {
  const preview = result?.step === "confirm" ? result.preview : null;
  return (
    <section aria-labelledby="time-title" className="stack editor-panel">
      <h2 id="time-title">Time</h2>
      <ZoneTimes {...current} />
      {note ? <p className="notice">{note}</p> : null}
      {result?.step === "done" && result.message ? (
        <p className="notice notice--success" role="status">
          {result.message}
        </p>
      ) : null}
      {cancelled ? (
        <p className="muted">This webinar was cancelled, so it cannot be moved.</p>
      ) : preview ? (
        <div className="stack confirm-step" role="region" aria-labelledby="move-check">
          <h3 id="move-check">Check before moving it</h3>
          <p>The new time:</p>
          <ZoneTimes festival={preview.festival} utc={preview.utc} elsewhere={preview.elsewhere} />
          {preview.note ? <p className="notice">{preview.note}</p> : null}
          {preview.clashesWith.length ? (
            <p className="notice notice--warning">
              <span aria-hidden="true">⚠ </span>
              <strong>Clash:</strong> at that time it would overlap {preview.clashesWith.join(", ")}
              .
            </p>
          ) : null}
          {preview.nightFor.length ? (
            <p className="notice notice--warning">
              <span aria-hidden="true">☾ </span>
              <strong>Night-time</strong> for{" "}
              {preview.nightFor
                .map((n) => `${n.zone} (${Math.round(n.share * 100)}% of registrants): ${n.local}`)
                .join("; ")}
              .
            </p>
          ) : null}
          <WhoIsTold told={preview.told} verb="the new time" />
          <Form method="post" className="inline-form">
            <input type="hidden" name="startDate" value={result?.values.startDate ?? ""} />
            <input type="hidden" name="startTime" value={result?.values.startTime ?? ""} />
            <input type="hidden" name="duration" value={result?.values.duration ?? ""} />
            <button type="submit" name="intent" value="reschedule-confirm" disabled={busy}>
              {preview.told.total > 0
                ? `Move it and email ${preview.told.total === 1 ? "1 person" : `${preview.told.total} people`}`
                : "Move it"}
            </button>{" "}
            <Link to=".">Keep the current time</Link>
          </Form>
        </div>
      ) : (
        <Form method="post" className="stack" noValidate>
          {result?.errors.form ? (
            <p className="notice notice--error" role="alert">
              {result.errors.form}
            </p>
          ) : null}
          <TimeFields
            values={result?.step === "edit" ? { ...saved, ...result.values } : saved}
            errors={result?.errors ?? {}}
            zoneName={zoneName}
          />
          <button type="submit" name="intent" value="reschedule-preview" disabled={busy}>
            Check the new time and who will be told
          </button>
        </Form>
      )}
    </section>
  );
}
