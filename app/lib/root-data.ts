import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { ViewerZone } from "./viewer-zone.server";

/** What the root loader gives every page: the festival, the viewer's zone and the render time. */
export interface RootData {
  festival: {
    slug: string;
    name: string;
    tagline: string;
    timeZone: string;
    startsOn: string;
    endsOn: string;
    contactEmail: string;
    registrationOpen: boolean;
    brandColour: string;
    logoUrl: string | null;
  } | null;
  zone: ViewerZone;
  now: string;
  /** The signed-in person, or null. */
  viewer: { name: string; email: string; isOrganiser: boolean; isFaculty: boolean } | null;
}

const fallback: RootData = {
  festival: null,
  zone: {
    zone: "UTC",
    source: "festival",
    festivalView: false,
    remembered: null,
    festivalZone: "UTC",
  },
  now: new Date(0).toISOString(),
  viewer: null,
};

export function useRootData(): RootData {
  return useRouteLoaderData<RootData>("root") ?? fallback;
}

export function useViewerZone(): ViewerZone {
  return useRootData().zone;
}

/**
 * "Now" for past/live/upcoming badges: the server's render time on first
 * paint (so hydration matches), then the browser's clock every 30 seconds.
 */
export function useViewer(): RootData["viewer"] {
  return useRootData().viewer;
}

export function useNow(): Date {
  const { now } = useRootData();
  const [current, setCurrent] = useState(() => new Date(now));
  useEffect(() => {
    setCurrent(new Date());
    const timer = setInterval(() => setCurrent(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return current;
}
