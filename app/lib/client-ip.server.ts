/** Set by our Node adapter from the connection (or X-Forwarded-For with TRUST_PROXY=1). */
export const CLIENT_IP_HEADER = "x-meridian-client-ip";

/** The address a request came from, for rate limits; null when unknown (tests). */
export function clientIp(request: Request): string | null {
  const value = request.headers.get(CLIENT_IP_HEADER);
  return value && value.length <= 64 ? value : null;
}
