import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { TextAreaField } from "~/components/field";

/** Where the live preview asks the server to render (the same sanitiser as the public page). */
export const PREVIEW_ACTION = "/admin/webinars/preview";

/**
 * The abstract in Markdown, with a preview drawn by the server's sanitiser.
 * Without JavaScript the Preview button sends the form back and the page
 * shows the preview; with it, the preview follows the typing.
 */
export function AbstractField({
  defaultValue,
  error,
  serverPreview,
}: {
  defaultValue: string;
  error?: string;
  /** The preview the page action rendered (the no-JavaScript path). */
  serverPreview?: string | null;
}) {
  const fetcher = useFetcher<{ html: string }>();
  const [live, setLive] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  const html = fetcher.data?.html ?? serverPreview ?? null;
  return (
    <div className="abstract-field">
      <TextAreaField
        name="abstract"
        label="Abstract"
        rows={10}
        maxLength={20_000}
        defaultValue={defaultValue}
        error={error}
        hint="Markdown: **bold**, *italic*, [a link](https://example.org), lists with - or 1."
        onChange={(event) => {
          const abstract = event.currentTarget.value;
          setLive(true);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            fetcher.submit({ abstract }, { method: "post", action: PREVIEW_ACTION });
          }, 400);
        }}
      />
      {live ? null : (
        <button type="submit" name="intent" value="preview-abstract" className="secondary">
          Preview the abstract
        </button>
      )}
      {html !== null ? (
        <section
          className="abstract-preview"
          aria-labelledby="abstract-preview-title"
          aria-live="polite"
        >
          <h3 id="abstract-preview-title">Preview, as the webinar page will show it</h3>
          {html ? (
            <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
          ) : (
            <p className="muted">(empty)</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
