import type { Festival } from "~/models/festival.server";
import type { PublicWebinar } from "~/models/webinar.server";
import { absoluteUrl, type SocialCard } from "./social-meta";
import { mediaUrl } from "./uploads.server";

/**
 * Link previews for webinar and faculty pages. Apps that draw a preview
 * fetch the page without a base address, so every URL here is absolute.
 */

type CardImage = NonNullable<SocialCard["image"]>;

function festivalLogo(festival: Festival, appUrl: string): CardImage | null {
  return festival.logoFile
    ? { url: absoluteUrl(appUrl, mediaUrl(festival.logoFile)), alt: `${festival.name} logo` }
    : null;
}

function photoOf(person: { name: string; photoUrl: string | null }, appUrl: string): CardImage {
  return { url: absoluteUrl(appUrl, person.photoUrl!), alt: `Photo of ${person.name}` };
}

/** A webinar: its abstract, and a host's face (else the festival's logo). */
export function webinarCard(
  festival: Festival,
  webinar: Pick<PublicWebinar, "slug" | "title" | "hosts">,
  abstractText: string,
  appUrl: string,
): SocialCard {
  const host = webinar.hosts.find((h) => h.photoUrl);
  return {
    title: webinar.title,
    description: abstractText || festival.tagline || `A webinar at ${festival.name}.`,
    url: `${appUrl}/webinars/${webinar.slug}`,
    siteName: festival.name,
    type: "website",
    image: host ? photoOf(host, appUrl) : festivalLogo(festival, appUrl),
  };
}

/** A faculty member's profile: their bio, and their photo (else the festival's logo). */
export function facultyCard(
  festival: Festival,
  profile: { slug: string; name: string; title: string; photoUrl: string | null },
  bioText: string,
  appUrl: string,
): SocialCard {
  const role = profile.title ? `${profile.name}, ${profile.title}` : profile.name;
  return {
    title: profile.name,
    description: bioText || `${role}: faculty of ${festival.name}.`,
    url: `${appUrl}/faculty/${profile.slug}`,
    siteName: festival.name,
    type: "profile",
    image: profile.photoUrl ? photoOf(profile, appUrl) : festivalLogo(festival, appUrl),
  };
}
