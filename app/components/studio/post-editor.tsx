import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ErrorSummary } from "~/components/error-summary";
import { Field, FormMessage, TextAreaField } from "~/components/field";
import { PostArticle } from "~/components/post-article";
import { PostStateBadge } from "~/components/post-state-badge";
import type { EditorResult, EditorView } from "~/lib/studio-editor-view";
import { AutosaveNotice } from "./autosave-notice";
import { PublishPanel } from "./publish-panel";
import { useAutosave } from "./use-autosave";

const PREVIEW_ACTION = "/studio/preview";

/**
 * The studio's editor: Markdown on one side, the post as readers will see it
 * on the other. Autosave keeps the text on the server as it is typed; the
 * buttons save, publish or schedule it for real. Without JavaScript every
 * button still works and "Preview" draws the preview on the server.
 */
export function PostEditor({
  loaded,
  result,
}: {
  loaded: EditorView;
  result: EditorResult | null;
}) {
  const { post, schedule, options, ownFacultyId } = loaded;
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, `/studio/posts/${post.id}/autosave`);
  const preview = useFetcher<{ html: string }>();
  const previewTimer = useRef<ReturnType<typeof setTimeout>>();
  const busy = useNavigation().state === "submitting";
  const copy = result?.copy ?? post.copy;
  const errors: Record<string, string> = result?.errors ?? {};
  const [title, setTitle] = useState(copy.title);
  const [summary, setSummary] = useState(copy.summary);
  // With JavaScript the preview follows the typing; the Preview button is for pages without it.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    return () => clearTimeout(previewTimer.current);
  }, []);

  const previewHtml = preview.data?.html ?? result?.previewHtml ?? loaded.previewHtml;
  const value = (name: keyof typeof copy) => copy[name];
  const authorIds = new Set(copy.authorIds);
  const webinarIds = new Set(copy.webinarIds);

  return (
    <div className="studio-editor">
      <p className="breadcrumb">
        <Link to="/studio">Studio</Link> / {post.savedTitle || "Untitled draft"}
      </p>
      <div className="studio-editor__head">
        <h1 id="editor-title">{post.savedTitle || "Untitled draft"}</h1>
        <PostStateBadge state={post.state} />
        {post.state === "published" ? <Link to={`/blog/${post.slug}`}>View the post</Link> : null}
      </div>
      <FormMessage success={result?.message ?? undefined} />
      <ErrorSummary
        errors={result?.errors}
        title="Not saved for readers: your text is kept, but these need a look"
      />
      {post.unsaved && !result ? (
        <p className="notice">
          These are changes {post.unsaved.by} made, autosaved {post.unsaved.at}, not yet saved for
          readers. Save or publish to keep them, or discard them below.
        </p>
      ) : null}

      <Form
        method="post"
        encType="multipart/form-data"
        ref={formRef}
        key={post.revision}
        className="studio-editor__form"
        onInput={autosave.changed}
        onChange={autosave.changed}
        onSubmit={autosave.submitted}
      >
        <input type="hidden" name="revision" value={post.revision} />
        <div className="studio-editor__columns">
          <div className="studio-editor__write">
            <Field
              name="title"
              label="Title"
              defaultValue={value("title")}
              error={errors.title}
              maxLength={200}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
            <Field
              name="slug"
              label="Address"
              defaultValue={value("slug")}
              error={errors.slug}
              hint={
                post.state === "published"
                  ? `/blog/${post.slug}. If you change it, the old address keeps leading here.`
                  : "/blog/… Leave empty to make it from the title."
              }
              pattern="[a-z0-9][a-z0-9\-]*"
              maxLength={120}
            />
            <TextAreaField
              name="summary"
              label="Summary"
              rows={2}
              defaultValue={value("summary")}
              error={errors.summary}
              maxLength={400}
              hint="One or two sentences for the blog list, feeds and link previews."
              onChange={(e) => setSummary(e.currentTarget.value)}
            />
            <TextAreaField
              name="body"
              label="Post"
              rows={22}
              className="studio-editor__body"
              defaultValue={value("body")}
              error={errors.body}
              hint="Markdown: ## headings, **bold**, *italic*, [links](https://example.org), lists, > quotes, ``` code, tables."
              onChange={(event) => {
                const body = event.currentTarget.value;
                clearTimeout(previewTimer.current);
                previewTimer.current = setTimeout(() => {
                  preview.submit({ body }, { method: "post", action: PREVIEW_ACTION });
                }, 300);
              }}
            />
            {hydrated ? null : (
              <button type="submit" name="intent" value="preview" className="secondary">
                Preview
              </button>
            )}
            <Field
              name="tags"
              label="Tags"
              defaultValue={value("tags")}
              error={errors.tags}
              hint="Separated by commas, e.g. funding, evaluation."
              maxLength={500}
            />
            <fieldset className="studio-editor__cover">
              <legend>Cover image</legend>
              {copy.coverImageUrl ? (
                <img src={copy.coverImageUrl} alt="" className="studio-editor__cover-now" />
              ) : null}
              <Field
                name="coverImage"
                label="Upload an image"
                type="file"
                accept="image/png,image/jpeg,image/webp"
                error={errors.coverImage}
                hint="PNG, JPEG or WebP, at most 3 MB."
              />
              <Field
                name="coverImageUrl"
                label="Or the image's address"
                type="url"
                defaultValue={value("coverImageUrl")}
                error={errors.coverImageUrl}
                placeholder="https://"
              />
              <Field
                name="coverImageAlt"
                label="Text alternative"
                defaultValue={value("coverImageAlt")}
                error={errors.coverImageAlt}
                hint="What the image shows, for people who cannot see it."
                maxLength={300}
              />
              {copy.coverImageUrl ? (
                <div className="field field--checkbox">
                  <input type="checkbox" id="field-removeCover" name="removeCover" />
                  <label htmlFor="field-removeCover">Remove the cover image</label>
                </div>
              ) : null}
            </fieldset>
            <fieldset aria-describedby={errors.authorIds ? "authors-error" : undefined}>
              <legend>Authors</legend>
              {errors.authorIds ? (
                <p id="authors-error" className="field-error">
                  {errors.authorIds}
                </p>
              ) : null}
              <ul className="plain-list studio-editor__choices">
                {options.faculty.map((f) => {
                  const own = f.id === ownFacultyId;
                  return (
                    <li key={f.id} className="field--checkbox">
                      <input
                        type="checkbox"
                        id={`author-${f.id}`}
                        name="authorIds"
                        value={f.id}
                        defaultChecked={authorIds.has(f.id) || own}
                        disabled={own}
                      />
                      {own ? <input type="hidden" name="authorIds" value={f.id} /> : null}
                      <label htmlFor={`author-${f.id}`}>
                        {f.name}
                        {own ? " (you)" : ""}
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
            <fieldset aria-describedby={errors.webinarIds ? "webinars-error" : undefined}>
              <legend>Related webinars</legend>
              {errors.webinarIds ? (
                <p id="webinars-error" className="field-error">
                  {errors.webinarIds}
                </p>
              ) : null}
              {options.webinars.length === 0 ? (
                <p className="muted">No webinars are published yet.</p>
              ) : (
                <ul className="plain-list studio-editor__choices">
                  {options.webinars.map((w) => (
                    <li key={w.id} className="field--checkbox">
                      <input
                        type="checkbox"
                        id={`webinar-${w.id}`}
                        name="webinarIds"
                        value={w.id}
                        defaultChecked={webinarIds.has(w.id)}
                      />
                      <label htmlFor={`webinar-${w.id}`}>
                        {w.title}{" "}
                        <span className="muted">
                          ({w.when}
                          {w.cancelled ? ", cancelled" : ""})
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
          </div>
          <section
            className="studio-editor__preview"
            aria-labelledby="preview-title"
            aria-live="polite"
          >
            <h2 id="preview-title" className="studio-editor__preview-title">
              Preview, as readers will see it
            </h2>
            <PostArticle
              title={title}
              summary={summary}
              coverImageUrl={copy.coverImageUrl || null}
              coverImageAlt={copy.coverImageAlt}
              bodyHtml={previewHtml}
              headingLevel={2}
            />
          </section>
        </div>
        <AutosaveNotice status={autosave.status} zone={schedule.zone} />
        <PublishPanel post={post} schedule={schedule} errors={errors} busy={busy} />
      </Form>
    </div>
  );
}
