import { createHmac, timingSafeEqual } from "node:crypto";
import { DateTime } from "luxon";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { db } from "~db/client.server";
import {
  facultyProfile,
  festival,
  speaker,
  user,
  webinar,
  webinarHost,
  webinarRegistration,
  webinarSpeaker,
} from "~db/schema";
import { buildCertificatePdf } from "~/lib/certificate-pdf.server";
import { sessionSecret } from "~/lib/session-secret.server";
import { isSlug } from "~/lib/slug";
import { endOf, formatClock, zoneLabel } from "~/lib/time";

// Crockford's base 32: no I, L, O or U, so an ID read aloud or retyped survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The certificate's ID: an HMAC of the registration's id under a key derived
 * from SESSION_SECRET, 60 bits written as XXXX-XXXX-XXXX. Nobody can make a
 * valid one without the secret, and organisers can check one against the
 * registrations (verifyCertificate). Changing SESSION_SECRET changes every ID.
 */
export function certificateId(registrationId: string): string {
  const mac = createHmac("sha256", `certificate:${sessionSecret()}`)
    .update(registrationId)
    .digest();
  let bits = 0n;
  for (const byte of mac.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = 0; i < 12; i += 1) {
    code += ALPHABET[Number((bits >> BigInt(64 - 5 * (i + 1))) & 31n)];
  }
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Accepts what people type: any case, spaces or no dashes, O for 0 and I or L for 1. */
export function normaliseCertificateId(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 40) return null;
  const plain = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain)) return null;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}

export type CertificateResult =
  | { status: "ok"; pdf: Uint8Array; filename: string; certificateId: string }
  | { status: "not-found" }
  | { status: "not-registered" }
  | { status: "not-attended" }
  | { status: "not-finished"; endsAt: Date };

/** "Tuesday 3 December 2030, 14:00–14:30 London time (UTC)", in the given zone. */
export function certificateWhen(startsAt: Date, durationMinutes: number, zone: string): string {
  const day = DateTime.fromJSDate(startsAt, { zone })
    .setLocale("en-GB")
    .toFormat("cccc d LLLL yyyy");
  const end = endOf(startsAt, durationMinutes);
  return `${day}, ${formatClock(startsAt, zone)}–${formatClock(end, zone)} ${zoneLabel(startsAt, zone)}`;
}

/**
 * The signed-in person's certificate of attendance for one webinar, or why
 * there is none. Attendance is a confirmed place and having followed the
 * join link (joined_at); the certificate is ready once the webinar has ended. Always the asker's
 * own: there is no way to ask for someone else's.
 */
export async function certificateFor(
  userId: string,
  festivalId: string,
  slug: string,
  { now = new Date(), appUrl = "" }: { now?: Date; appUrl?: string } = {},
): Promise<CertificateResult> {
  if (!isSlug(slug)) return { status: "not-found" };
  const conn = await db();
  const [row] = await conn
    .select({
      webinarId: webinar.id,
      title: webinar.title,
      status: webinar.status,
      startsAt: webinar.startsAt,
      durationMinutes: webinar.durationMinutes,
      festivalName: festival.name,
      festivalZone: festival.timeZone,
      contactEmail: festival.contactEmail,
      registrationId: webinarRegistration.id,
      registration: webinarRegistration.status,
      joinedAt: webinarRegistration.joinedAt,
      name: user.name,
      email: user.email,
    })
    .from(webinar)
    .innerJoin(festival, eq(festival.id, webinar.festivalId))
    .leftJoin(
      webinarRegistration,
      and(eq(webinarRegistration.webinarId, webinar.id), eq(webinarRegistration.userId, userId)),
    )
    .leftJoin(user, eq(user.id, webinarRegistration.userId))
    .where(and(eq(webinar.festivalId, festivalId), eq(webinar.slug, slug)));
  if (!row || row.status !== "published") return { status: "not-found" };
  // A waitlist place or a cancelled one is no registration, whatever else the row says.
  if (!row.registrationId || row.registration !== "confirmed") return { status: "not-registered" };
  if (!row.joinedAt) return { status: "not-attended" };
  const endsAt = endOf(row.startsAt, row.durationMinutes);
  if (endsAt > now) return { status: "not-finished", endsAt };

  const [hosts, guests] = await Promise.all([
    conn
      .select({ name: facultyProfile.name })
      .from(webinarHost)
      .innerJoin(facultyProfile, eq(facultyProfile.id, webinarHost.facultyId))
      .where(eq(webinarHost.webinarId, row.webinarId))
      .orderBy(asc(webinarHost.position), asc(facultyProfile.name)),
    conn
      .select({ name: speaker.name })
      .from(webinarSpeaker)
      .innerJoin(speaker, eq(speaker.id, webinarSpeaker.speakerId))
      .where(eq(webinarSpeaker.webinarId, row.webinarId))
      .orderBy(asc(webinarSpeaker.position), asc(speaker.name)),
  ]);
  const id = certificateId(row.registrationId);
  const pdf = await buildCertificatePdf({
    // Someone who never gave a name still gets a certificate that says who it is for.
    name: row.name?.trim() || row.email || "Attendee",
    festivalName: row.festivalName,
    webinarTitle: row.title,
    when: certificateWhen(row.startsAt, row.durationMinutes, row.festivalZone),
    durationMinutes: row.durationMinutes,
    hosts: hosts.map((h) => h.name),
    guests: guests.map((g) => g.name),
    certificateId: id,
    contactEmail: row.contactEmail,
    siteUrl: appUrl,
    issuedAt: now,
    issuedOn: DateTime.fromJSDate(now, { zone: row.festivalZone })
      .setLocale("en-GB")
      .toFormat("d LLLL yyyy"),
  });
  return { status: "ok", pdf, filename: `certificate-${slug}.pdf`, certificateId: id };
}

export interface VerifiedCertificate {
  certificateId: string;
  registrationId: string;
  /** Null when the person has since deleted their account. */
  name: string | null;
  email: string | null;
  webinarSlug: string;
  webinarTitle: string;
  startsAt: Date;
}

/**
 * For organisers: the attendance a certificate ID stands for, or null. The
 * ID is recomputed for each attendance in the festival and compared in
 * constant time (a festival has thousands of attendances at most).
 */
export async function verifyCertificate(
  festivalId: string,
  input: unknown,
): Promise<VerifiedCertificate | null> {
  const wanted = normaliseCertificateId(input);
  if (!wanted) return null;
  const rows = await (
    await db()
  )
    .select({
      registrationId: webinarRegistration.id,
      name: user.name,
      email: user.email,
      webinarSlug: webinar.slug,
      webinarTitle: webinar.title,
      startsAt: webinar.startsAt,
    })
    .from(webinarRegistration)
    .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId))
    .leftJoin(user, eq(user.id, webinarRegistration.userId))
    .where(
      and(
        eq(webinar.festivalId, festivalId),
        eq(webinarRegistration.status, "confirmed"),
        isNotNull(webinarRegistration.joinedAt),
      ),
    );
  const target = Buffer.from(wanted);
  for (const row of rows) {
    const id = certificateId(row.registrationId);
    if (timingSafeEqual(Buffer.from(id), target)) return { certificateId: id, ...row };
  }
  return null;
}
