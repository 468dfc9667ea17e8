import type { LicenceView } from "~/lib/resource-view";

/**
 * A licence as a text badge ("CC BY 4.0") linking its deed. Text, not the
 * Creative Commons image, so it reads aloud, zooms and needs no request.
 */
export function LicenceBadge({ licence }: { licence: LicenceView }) {
  return (
    <a className="licence-badge" href={licence.url} rel="license noopener noreferrer">
      <span className="licence-badge__cc" aria-hidden="true">
        cc
      </span>
      {licence.short}
      <span className="visually-hidden"> licence: {licence.name}</span>
    </a>
  );
}

/** The badge with what the licence allows, in words. */
export function LicenceNote({ licence }: { licence: LicenceView }) {
  return (
    <p className="licence-note">
      <LicenceBadge licence={licence} /> <span>{licence.summary}</span>
    </p>
  );
}
