import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { isValidZone } from "~/lib/time";
import type { ViewerZone } from "~/lib/viewer-zone.server";
import { ZONE_COOKIE } from "~/lib/zone-cookie";

/**
 * On a visitor's first page, the server cannot know their zone and shows
 * festival time. Once the page is running, read the browser's zone, remember
 * it in a cookie (so later pages render right on first paint) and refresh the
 * page's data to show local times.
 */
export function ZoneDetector({ zone }: { zone: ViewerZone }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (zone.remembered) return;
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!isValidZone(browserZone)) return;
    const secure = window.location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${ZONE_COOKIE}=${encodeURIComponent(browserZone)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
    if (zone.source === "festival" && !zone.festivalView && browserZone !== zone.zone) {
      revalidator.revalidate();
    }
    // Run once per page load; the revalidation brings a zone that is remembered.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [zone.remembered]);
  return null;
}
