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

/** The festival's look, as organisers set it in the back office. */
export interface EmailBrand {
  name: string;
  /** #rrggbb, dark enough for white text (checked when saved). */
  colour?: string;
  /** Absolute URL of the logo image. */
  logoUrl?: string | null;
}

export interface EmailContent {
  heading: string;
  blocks: EmailBlock[];
  footer: string;
  brand?: EmailBrand;
}

export const DEFAULT_BRAND_COLOUR = "#0b5563";
const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

/** What every message knows of the festival it comes from. */
export interface EmailFestival {
  name: string;
  timeZone: string;
  contactEmail: string;
  brandColour?: string;
  logoUrl?: string | null;
}

/** The brand of the festival data every message carries. */
export function brandOf(festival: {
  name: string;
  brandColour?: string;
  logoUrl?: string | null;
}): EmailBrand {
  return { name: festival.name, colour: festival.brandColour, logoUrl: festival.logoUrl };
}

function brandHeader(brand: EmailBrand, colour: string): string {
  const logo = brand.logoUrl
    ? `<img src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.name)}" height="40" style="display:block;height:40px;width:auto;border:0">`
    : `<span style="color:#ffffff;font-size:18px;font-weight:bold">${escapeHtml(brand.name)}</span>`;
  const background = brand.logoUrl ? "#ffffff" : colour;
  return `<tr><td style="padding:16px 24px;background:${background};border-bottom:4px solid ${colour}">${logo}</td></tr>`;
}

export function renderHtml(content: EmailContent): string {
  const colour =
    content.brand?.colour && HEX_COLOUR.test(content.brand.colour)
      ? content.brand.colour
      : DEFAULT_BRAND_COLOUR;
  const body = content.blocks
    .map((b) => {
      if (b.strong)
        return `<p style="font-size:17px;font-weight:bold;margin:12px 0">${escapeHtml(b.strong)}</p>`;
      if (b.button)
        return `<p><a href="${escapeHtml(b.button.href)}" style="display:inline-block;background:${colour};color:#ffffff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:bold">${escapeHtml(b.button.label)}</a></p>`;
      if (b.links)
        return `<ul>${b.links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></li>`).join("")}</ul>`;
      if (b.muted) return `<p style="color:#57534e">${escapeHtml(b.muted)}</p>`;
      if (b.rich) return `<div>${b.rich.html}</div>`;
      return `<p>${escapeHtml(b.text ?? "")}</p>`;
    })
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(content.heading)}</title></head><body style="font-family:Arial,sans-serif;color:#1c1917;line-height:1.5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0">${content.brand ? brandHeader(content.brand, colour) : ""}<tr><td style="padding:24px;max-width:600px">
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
