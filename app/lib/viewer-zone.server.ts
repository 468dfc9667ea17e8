import { parse } from "cookie";
import { isValidZone } from "./time";
import { ZONE_COOKIE } from "./zone-cookie";

export interface ViewerZone {
  /** The zone times are shown in on this request. */
  zone: string;
  /** Where it came from: a ?tz= link, the signed-in person's profile, the remembered cookie, or the festival default. */
  source: "query" | "account" | "cookie" | "festival";
  /** The visitor asked for festival time (?view=festival). */
  festivalView: boolean;
  /** The zone the browser remembered, if valid (kept even while viewing festival time). */
  remembered: string | null;
  festivalZone: string;
}

/**
 * The zone to show times in. Order: ?view=festival, ?tz=, the cookie the
 * browser set on its first visit, then the festival's own zone. Anything
 * invalid is ignored, so a bad zone can only ever fall back, never fail.
 */
export function viewerZone(
  request: Request,
  festivalZone: string,
  accountZone: string | null = null,
): ViewerZone {
  const url = new URL(request.url);
  const fromQuery = url.searchParams.get("tz");
  let fromCookie: string | undefined;
  try {
    fromCookie = parse(request.headers.get("Cookie") ?? "")[ZONE_COOKIE];
  } catch {
    fromCookie = undefined;
  }
  const remembered = isValidZone(accountZone)
    ? accountZone
    : isValidZone(fromCookie)
      ? fromCookie
      : null;
  const base = { remembered, festivalZone };
  if (url.searchParams.get("view") === "festival") {
    return { ...base, zone: festivalZone, source: "festival", festivalView: true };
  }
  if (isValidZone(fromQuery))
    return { ...base, zone: fromQuery, source: "query", festivalView: false };
  if (remembered) {
    const source = remembered === accountZone ? "account" : "cookie";
    return { ...base, zone: remembered, source, festivalView: false };
  }
  return { ...base, zone: festivalZone, source: "festival", festivalView: false };
}

export function zoneCookieHeader(zone: string, secure: boolean): string {
  return [
    `${ZONE_COOKIE}=${encodeURIComponent(zone)}`,
    "Path=/",
    "Max-Age=31536000",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}
