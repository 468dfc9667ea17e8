import sanitizeHtml from "sanitize-html";
import { renderMarkdown } from "./markdown.server";

/**
 * Markdown as plain text for machine readers (schedule apps), keeping
 * paragraphs. `markdownToText` is made for one-line summaries: it joins
 * paragraphs and returns text still escaped for HTML ("Q&amp;A"), which a
 * reader of plain text would show literally.
 */
export function markdownToPlainText(source: string): string {
  const html = renderMarkdown(source)
    .replace(/ <a class="heading-anchor"[^>]*>#<\/a>/g, "")
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<\/(p|h[2-6]|blockquote|pre|table|ul|ol)>/g, "$&\n\n")
    .replace(/<\/(li|tr)>/g, "$&\n");
  const escaped = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(escaped)
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};

/** sanitize-html escapes only these in text; one pass, so "&amp;lt;" becomes "&lt;", not "<". */
function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);
}
