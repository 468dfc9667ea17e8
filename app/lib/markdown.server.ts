import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";
import { slugify } from "./slug";

/**
 * Markdown to safe HTML: marked renders, sanitize-html keeps only an allowlist
 * (no scripts, event handlers, styles, or javascript:/data: URLs). External
 * links open safely.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

// Headings get an id and a "#" link so a reader can share a section. Ids are
// unique within one text; parsing is synchronous, so one map per parse is safe.
let headingIds = new Map<string, number>();
marked.use({
  hooks: {
    preprocess(source: string) {
      headingIds = new Map();
      return source;
    },
  },
  renderer: {
    heading({ tokens, depth, text }: Tokens.Heading) {
      // A heading level 1 belongs to the page; authors' start at level 2.
      const level = Math.max(2, depth);
      const base = slugify(text) || "section";
      const seen = headingIds.get(base) ?? 0;
      headingIds.set(base, seen + 1);
      const id = seen === 0 ? base : `${base}-${seen + 1}`;
      const inner = this.parser.parseInline(tokens);
      return `<h${level} id="${id}">${inner} <a class="heading-anchor" href="#${id}" aria-label="Link to this section">#</a></h${level}>\n`;
    },
  },
});

/** Ids written in raw HTML are reduced to the same safe alphabet as ours (no clobbering `__remix…`). */
const headingAs =
  (tagName: string): sanitizeHtml.Transformer =>
  (_tag, attribs) => {
    const kept: sanitizeHtml.Attributes = {};
    const id = attribs.id ? slugify(attribs.id) : "";
    if (id) kept.id = id;
    return { tagName, attribs: kept };
  };

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
      a: ["href", "title", "rel", "target", "class", "aria-label"],
      h2: ["id"],
      h3: ["id"],
      h4: ["id"],
      h5: ["id"],
      h6: ["id"],
      img: ["src", "alt", "title", "width", "height"],
      th: ["align"],
      td: ["align"],
      code: ["class"],
    },
    allowedClasses: { code: [/^language-[\w-]+$/], a: ["heading-anchor"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["https"] },
    allowProtocolRelative: false,
    // A heading level 1 belongs to the page; demote authors' to h2.
    transformTags: {
      h1: headingAs("h2"),
      h2: headingAs("h2"),
      h3: headingAs("h3"),
      h4: headingAs("h4"),
      h5: headingAs("h5"),
      h6: headingAs("h6"),
      // An image with no text alternative would be read out by its file name: treat it as decorative.
      img: (tagName, attribs) => ({ tagName, attribs: { alt: "", ...attribs } }),
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

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};

/**
 * sanitize-html's text output is still escaped for HTML ("Q&amp;A"); plain
 * text (calendar files, meta tags React escapes again, email text parts)
 * wants it decoded. It escapes only these, and one pass keeps "&amp;lt;" as "&lt;".
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
}

/** Plain text (not HTML) for summaries, calendar descriptions and meta descriptions. */
export function markdownToText(source: string, maxLength = 240): string {
  const html = renderMarkdown(source)
    // The "#" beside each heading is for readers of the page, not of a summary.
    .replace(/ <a class="heading-anchor"[^>]*>#<\/a>/g, "")
    // Blocks end with a space, so "Heading" and "Paragraph" do not run together.
    .replace(/<\/(p|h[2-6]|li|td|th|blockquote|pre)>/g, "$& ");
  const text = decodeEntities(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }))
    .replace(/\s+/g, " ")
    .trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}
