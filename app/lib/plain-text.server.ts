import sanitizeHtml from "sanitize-html";
import { decodeEntities, renderMarkdown } from "./markdown.server";

/**
 * Markdown as plain text for machine readers (schedule apps), keeping
 * paragraphs (`markdownToText` joins them into one line for summaries).
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
