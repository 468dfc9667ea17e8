import { randomBytes } from "node:crypto";

/** Pages partner sites may frame (the embeddable schedule); every other page refuses frames. */
export function isEmbeddable(pathname: string): boolean {
  return pathname.startsWith("/embed/");
}

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The Content-Security-Policy of every page. Scripts run only from our own
 * origin or with this response's nonce, so markup that slipped past the
 * sanitiser still cannot run; no plugins, no <base> tricks, forms post only
 * to us. Styles allow inline attributes (the brand colour, chart geometry);
 * user content never keeps a style attribute. Images may come from https
 * (post covers by address).
 *
 * A public page kept by a cache keeps its nonce with it. That gives an
 * attacker nothing: stored content was written before the nonce existed,
 * and a crafted URL cannot know the nonce of the response it will get.
 */
export function contentSecurityPolicy(nonce: string, pathname: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: data:",
    "media-src 'self' https:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${isEmbeddable(pathname) ? "*" : "'none'"}`,
  ].join("; ");
}
