import type { ReactNode } from "react";

/**
 * A post as readers see it: used by the published page and by the studio's
 * preview, so the preview is the page, not an imitation of it.
 */
export function PostArticle({
  title,
  summary,
  coverImageUrl,
  coverImageAlt,
  bodyHtml,
  byline,
  headingLevel = 1,
  children,
}: {
  title: string;
  summary?: string;
  coverImageUrl: string | null;
  coverImageAlt: string;
  bodyHtml: string;
  byline?: ReactNode;
  /** The preview sits inside the editor page, which has its own h1. */
  headingLevel?: 1 | 2;
  children?: ReactNode;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <article className="post">
      <header className="post__header">
        <Heading className="post__title">{title || "Untitled"}</Heading>
        {summary ? <p className="lead post__summary">{summary}</p> : null}
        {byline}
      </header>
      {coverImageUrl ? (
        <img className="post__cover" src={coverImageUrl} alt={coverImageAlt} loading="lazy" />
      ) : null}
      {/* bodyHtml comes only from renderMarkdown: rendered and sanitised on the server. */}
      <div className="prose post__body" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      {children}
    </article>
  );
}
