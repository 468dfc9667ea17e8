import { Form, Link } from "@remix-run/react";
import type { EditResult } from "./edit-result";

type StatusResult = Extract<EditResult, { form: "status" }>;

const WORDS = {
  draft: { icon: "✎", label: "Draft", text: "Only organisers can see it." },
  published: { icon: "✓", label: "Published", text: "It is on the public schedule." },
  cancelled: {
    icon: "✕",
    label: "Cancelled",
    text: "It stays on the public schedule, marked cancelled.",
  },
} as const;

export function StatusPanel({
  status,
  slug,
  holding,
  result,
  busy,
}: {
  status: "draft" | "published" | "cancelled";
  slug: string;
  /** People with a seat or a waitlist place. */
  holding: number;
  result: StatusResult | undefined;
  busy: boolean;
}) {
  const words = WORDS[status];
  return (
    <section aria-labelledby="status-title" className="stack editor-panel">
      <h2 id="status-title">Status</h2>
      <p>
        <span className={`badge badge--${status}`}>
          <span aria-hidden="true">{words.icon} </span>
          {words.label}
        </span>{" "}
        {words.text}{" "}
        {status !== "draft" ? <Link to={`/webinars/${slug}`}>See its public page</Link> : null}
      </p>
      {result?.error ? (
        <p className="notice notice--error" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.message ? (
        <p className="notice notice--success" role="status">
          {result.message}
        </p>
      ) : null}
      {result?.notes.map((n) => (
        <p key={n} className="notice notice--warning">
          {n}
        </p>
      ))}
      {status === "draft" ? (
        <Form method="post">
          <button type="submit" name="intent" value="publish" disabled={busy}>
            Publish
          </button>
        </Form>
      ) : null}
      {status === "published" ? (
        <Form method="post" className="stack">
          {holding > 0 ? (
            <p className="field-hint">
              {holding === 1 ? "1 person holds" : `${holding} people hold`} a seat or a waitlist
              place, so it cannot be unpublished: cancel it instead (below), which tells them.
            </p>
          ) : null}
          <button
            type="submit"
            name="intent"
            value="unpublish"
            className="secondary"
            disabled={busy}
          >
            Unpublish (back to draft)
          </button>
        </Form>
      ) : null}
    </section>
  );
}
