import { Field } from "~/components/field";
import type { EditorView } from "~/lib/studio-editor-view";

/**
 * The buttons that change what readers see, for the post's state: a draft
 * can be saved, published now or scheduled; a scheduled post moved,
 * published at once or taken back; a published post updated or unpublished.
 */
export function PublishPanel({
  post,
  schedule,
  errors,
  busy,
}: {
  post: EditorView["post"];
  schedule: EditorView["schedule"];
  errors: Record<string, string>;
  busy: boolean;
}) {
  const { state } = post;
  return (
    <section className="studio-publish" aria-labelledby="publish-title">
      <h2 id="publish-title">Publishing</h2>
      {state === "scheduled" && post.publishAt ? (
        <p>
          Scheduled to appear at <strong>{post.publishAt.author}</strong> ({post.publishAt.festival}
          , festival time).
        </p>
      ) : null}
      {state === "published" && post.publishAt ? <p>Published {post.publishAt.author}.</p> : null}
      <div className="inline-list">
        <button type="submit" name="intent" value="save" className="button" disabled={busy}>
          {state === "draft"
            ? "Save draft"
            : state === "scheduled"
              ? "Save changes"
              : "Update post"}
        </button>
        {state !== "published" ? (
          <button
            type="submit"
            name="intent"
            value="publish"
            className="button button--primary"
            disabled={busy}
          >
            Publish now
          </button>
        ) : null}
      </div>
      {state !== "published" ? (
        <fieldset className="studio-publish__schedule">
          <legend>{state === "scheduled" ? "Move to another time" : "Or schedule it"}</legend>
          <p className="field-hint">
            In your time zone, {schedule.zoneLabel}. The festival runs on{" "}
            {schedule.festivalZoneLabel}.
          </p>
          <div className="inline-list">
            <Field
              name="publishDate"
              label="Date"
              type="date"
              defaultValue={schedule.date}
              error={errors.publishDate}
            />
            <Field
              name="publishTime"
              label="Time"
              type="time"
              defaultValue={schedule.time}
              error={errors.publishTime}
            />
          </div>
          <button type="submit" name="intent" value="schedule" className="button" disabled={busy}>
            {state === "scheduled" ? "Reschedule" : "Schedule"}
          </button>
        </fieldset>
      ) : null}
      <div className="inline-list studio-publish__other">
        {state !== "draft" ? (
          <button
            type="submit"
            name="intent"
            value="unpublish"
            className="link-button"
            formNoValidate
          >
            Unpublish (back to draft)
          </button>
        ) : null}
        {post.unsaved ? (
          <button
            type="submit"
            name="intent"
            value="discard"
            className="link-button"
            formNoValidate
          >
            Discard unsaved changes
          </button>
        ) : null}
      </div>
      {state === "draft" ? (
        <details className="studio-publish__delete">
          <summary>Delete this draft</summary>
          <p>The draft and its text are deleted for good.</p>
          <button type="submit" name="intent" value="delete" className="button" formNoValidate>
            Delete the draft
          </button>
        </details>
      ) : null}
    </section>
  );
}
