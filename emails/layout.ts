/** The shared look of every message: plain HTML tables that survive mail clients. */
export const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

export interface EmailBlock {
  /** A paragraph of plain text. */
  text?: string;
  /** A prominent line, e.g. the time. */
  strong?: string;
  /** A call to action. */
  button?: { label: string; href: string };
  /** A list of links. */
  links?: { label: string; href: string }[];
  muted?: string;
  /** Already-sanitised HTML (rendered Markdown), with its plain-text twin. */
  rich?: { html: string; text: string };
}

export interface EmailContent {
  heading: string;
  blocks: EmailBlock[];
  footer: string;
}

export function renderHtml(content: EmailContent): string {
  const body = content.blocks
    .map((b) => {
      if (b.strong)
        return `<p style="font-size:17px;font-weight:bold;margin:12px 0">${escapeHtml(b.strong)}</p>`;
      if (b.button)
        return `<p><a href="${escapeHtml(b.button.href)}" style="display:inline-block;background:#0b5563;color:#ffffff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:bold">${escapeHtml(b.button.label)}</a></p>`;
      if (b.links)
        return `<ul>${b.links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></li>`).join("")}</ul>`;
      if (b.muted) return `<p style="color:#57534e">${escapeHtml(b.muted)}</p>`;
      if (b.rich) return `<div>${b.rich.html}</div>`;
      return `<p>${escapeHtml(b.text ?? "")}</p>`;
    })
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(content.heading)}</title></head><body style="font-family:Arial,sans-serif;color:#1c1917;line-height:1.5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="padding:24px;max-width:600px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>
${body}
<p style="color:#57534e;font-size:13px;margin-top:24px">${escapeHtml(content.footer)}</p>
</td></tr></table></body></html>`;
}

export function renderText(content: EmailContent): string {
  const lines: string[] = [content.heading, ""];
  for (const b of content.blocks) {
    if (b.strong) lines.push(b.strong, "");
    else if (b.button) lines.push(`${b.button.label}: ${b.button.href}`, "");
    else if (b.links) lines.push(...b.links.map((l) => `- ${l.label}: ${l.href}`), "");
    else if (b.rich) lines.push(b.rich.text, "");
    else lines.push(b.muted ?? b.text ?? "", "");
  }
  lines.push("--", content.footer);
  return lines.join("\n");
}
