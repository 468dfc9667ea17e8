import { Form, Link } from "@remix-run/react";
import type { EditResult } from "./edit-result";
import { TextAreaField } from "~/components/field";
import { WhoIsTold } from "./who-is-told";

type CancelResult = Extract<EditResult, { form: "cancel" }>;

/** Cancelling in two steps: who will be told first, then the button that does it. */
export function CancelPanel({ result, busy }: { result: CancelResult | undefined; busy: boolean }) {
  if (result?.step === "done") {
    return (
      <section aria-labelledby="cancel-title" className="stack editor-panel">
        <h2 id="cancel-title">Cancel</h2>
        <p className="notice notice--success" role="status">
          {result.message}
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="cancel-title" className="stack editor-panel">
      <h2 id="cancel-title">Cancel this webinar</h2>
      {result?.step === "confirm" && result.told ? (
        <div className="stack confirm-step" role="region" aria-labelledby="cancel-check">
          <h3 id="cancel-check">Check before cancelling</h3>
          <WhoIsTold told={result.told} verb="that it is cancelled" />
          {result.reason ? (
            <p>
              Your explanation: <q>{result.reason}</q>
            </p>
          ) : null}
          <p>It stays on the schedule, marked cancelled. This cannot be undone.</p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="reason" value={result.reason} />
            <button
              type="submit"
              name="intent"
              value="cancel-confirm"
              className="danger"
              disabled={busy}
            >
              {result.told.total > 0
                ? `Cancel it and email ${result.told.total === 1 ? "1 person" : `${result.told.total} people`}`
                : "Cancel it"}
            </button>{" "}
            <Link to=".">Keep the webinar</Link>
          </Form>
        </div>
      ) : (
        <Form method="post" className="stack" noValidate>
          <TextAreaField
            name="reason"
            label="A short explanation for the email (optional)"
            rows={3}
            maxLength={1000}
            defaultValue={result?.reason ?? ""}
            error={result?.errors.reason}
          />
          <button
            type="submit"
            name="intent"
            value="cancel-preview"
            className="secondary"
            disabled={busy}
          >
            Check who will be told
          </button>
        </Form>
      )}
    </section>
  );
}
