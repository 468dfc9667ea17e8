import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * Markdown to safe HTML: marked renders, sanitize-html keeps only an allowlist
 * (no scripts, event handlers, styles, or javascript:/data: URLs). External
 * links open safely.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS = [
  "p",
  "br",
  "hr",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "code",
  "em",
  "strong",
  "del",
  "a",
  "ul",
  "ol",
  "li",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "img",
  "sup",
  "sub",
];

// Rendering and sanitising cost about a millisecond per abstract, and the same
// few texts are rendered on every page view: keep recent results.
const rendered = new Map<string, string>();
const RENDERED_LIMIT = 2_000;

export function renderMarkdown(source: string): string {
  const known = rendered.get(source);
  if (known !== undefined) return known;
  const html = sanitize(marked.parse(source, { async: false }));
  if (rendered.size >= RENDERED_LIMIT) rendered.clear();
  rendered.set(source, html);
  return html;
}

function sanitize(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel", "target"],
      img: ["src", "alt", "title", "width", "height"],
      th: ["align"],
      td: ["align"],
      code: ["class"],
    },
    allowedClasses: { code: [/^language-[\w-]+$/] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    // A heading level 1 belongs to the page; demote authors' to h2.
    transformTags: {
      h1: "h2",
      a: (tagName, attribs) => {
        const href = attribs.href ?? "";
        const external = /^https?:\/\//i.test(href);
        return {
          tagName,
          attribs: external
            ? { ...attribs, rel: "noopener noreferrer", target: "_blank" }
            : attribs,
        };
      },
    },
  });
}

/** Plain text for summaries, feeds and meta descriptions. */
export function markdownToText(source: string, maxLength = 240): string {
  const text = sanitizeHtml(renderMarkdown(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, " ")
    .trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}
