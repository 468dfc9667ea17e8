/** The cookie remembering the visitor's zone; set by the browser on the first visit and by /zone. */
export const ZONE_COOKIE = "meridian_tz";
