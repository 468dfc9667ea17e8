import { Form } from "@remix-run/react";
import { Field } from "~/components/field";
import type { EditResult } from "./edit-result";

type RecordingResult = Extract<EditResult, { form: "recording" }>;

export function RecordingPanel({
  saved,
  ended,
  result,
  busy,
}: {
  saved: string;
  ended: boolean;
  result: RecordingResult | undefined;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="recording-title" className="stack editor-panel">
      <h2 id="recording-title">Recording</h2>
      {result?.message ? (
        <p className="notice notice--success" role="status">
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <Field
          name="recordingUrl"
          label="Recording link"
          type="url"
          maxLength={2000}
          defaultValue={result ? result.value : saved}
          error={result?.errors.recordingUrl}
          hint={
            ended
              ? "Publishing it emails those with a seat: thanks and their certificate if they joined, the recording anyway if they did not. Changing it later sends a short note."
              : "You can add it once the webinar has ended."
          }
        />
        <button type="submit" name="intent" value="recording" disabled={busy}>
          Publish the recording
        </button>
      </Form>
    </section>
  );
}
