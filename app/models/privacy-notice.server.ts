import { env } from "~/lib/env.server";
import { formatRetentionDeadline } from "~/lib/retention-date";
import { formatWhen, zoneCity } from "~/lib/time";
import { getCurrentFestival } from "./festival.server";

/** The facts the privacy notice states, read from this installation rather than written by hand. */
export interface PrivacyFacts {
  festival: {
    name: string;
    contactEmail: string;
    retentionDays: number;
    /** "Sun 2 May 2027, 00:00 London time (UTC+1)". */
    removesOn: string;
    /** When it already happened, in the same form; null until then. */
    removedOn: string | null;
    /** "Europe/London", with its city for people: "London". */
    timeZone: string;
    zoneCity: string;
  } | null;
  processors: {
    /** Who carries email: the SMTP server's host name, or null for the built-in dev mailbox. */
    mailHost: string | null;
    /** Where uploaded files live: an S3-compatible service's host, or the server's disk. */
    storage: { kind: "s3"; host: string } | { kind: "local" };
    /** PostgreSQL's host, or null for the database embedded in the server. */
    databaseHost: string | null;
  };
}

const hostOf = (url: string | undefined): string | null => {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
};

export async function privacyFacts(): Promise<PrivacyFacts> {
  const config = env();
  const f = await getCurrentFestival();
  return {
    festival: f && {
      name: f.name,
      contactEmail: f.contactEmail,
      retentionDays: f.retentionDays,
      removesOn: formatRetentionDeadline(f),
      removedOn: f.personalDataRemovedAt ? formatWhen(f.personalDataRemovedAt, f.timeZone) : null,
      timeZone: f.timeZone,
      zoneCity: zoneCity(f.timeZone),
    },
    processors: {
      mailHost: hostOf(config.SMTP_URL),
      // Only host names: credentials in these URLs never reach a page.
      storage: process.env.S3_BUCKET
        ? { kind: "s3", host: hostOf(process.env.S3_ENDPOINT) ?? "Amazon S3" }
        : { kind: "local" },
      databaseHost: hostOf(config.DATABASE_URL),
    },
  };
}
