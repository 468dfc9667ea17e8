import { stringify, type ColumnOption } from "csv-stringify/sync";
import { DateTime } from "luxon";
import { db } from "~db/client.server";
import { localDate } from "~/lib/time";
import {
  festivalRegistrantBatch,
  webinarRegistrationBatch,
  type RegistrationFilter,
  type WebinarSummary,
} from "./admin-registrations.server";
import { recordAudit, type Actor } from "./audit.server";
import type { Festival } from "./festival.server";

/**
 * Registrations as CSV files that open cleanly in Excel: UTF-8 with a BOM
 * (or Excel guesses the encoding and mangles names), CRLF line ends, one
 * header row, times as ISO 8601 in UTC plus a column in the festival's zone
 * (named in the header), and every cell that a spreadsheet would run as a
 * formula (= + - @ tab CR) prefixed with an apostrophe.
 *
 * The file is streamed: each pull of the response body reads the next batch
 * of rows after a keyset cursor (no offset scans, no open transaction, so
 * the embedded database keeps answering other requests meanwhile) and turns
 * just that batch into CSV text. Memory stays one batch whatever the size.
 */

export const EXPORT_BATCH = 500;

interface ExportQuery {
  q?: string;
  filter?: RegistrationFilter;
}

type Row = Record<string, string | number>;

const utc = (d: Date | null) =>
  d ? (DateTime.fromJSDate(d, { zone: "utc" }).toISO({ suppressMilliseconds: true }) ?? "") : "";
const inZone = (d: Date | null, zone: string) =>
  d ? DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd HH:mm:ss") : "";

function csvOptions(columns: ColumnOption[], first: boolean) {
  return {
    columns,
    header: first,
    bom: first,
    record_delimiter: "windows" as const,
    // Off by default once record_delimiter is set: a line break inside a
    // field would then be written bare and split the row in Excel.
    quote_record_delimiter: true,
    escape_formulas: true,
  };
}

/**
 * A byte stream of CSV: header (and BOM) with the first batch, then one
 * batch per pull until a short batch says the rows are done.
 */
function csvStream<T extends { cursor: string }>(
  columns: ColumnOption[],
  fetch: (after: { cursor: string; id: string } | null) => Promise<T[]>,
  idOf: (row: T) => string,
  toRecord: (row: T) => Row,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { cursor: string; id: string } | null = null;
  let first = true;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const rows = await fetch(after);
      const last = rows.at(-1);
      if (last) after = { cursor: last.cursor, id: idOf(last) };
      done = rows.length < EXPORT_BATCH;
      // An empty export still has its header row.
      if (rows.length > 0 || first) {
        controller.enqueue(
          encoder.encode(stringify(rows.map(toRecord), csvOptions(columns, first))),
        );
      }
      first = false;
      if (done) controller.close();
    },
  });
}

const yesNo = (b: boolean) => (b ? "yes" : "no");

function personColumns(zone: string): ColumnOption[] {
  return [
    { key: "name", header: "Name" },
    { key: "email", header: "Email" },
    { key: "organisation", header: "Organisation" },
    { key: "network", header: "Network" },
    { key: "country", header: "Country" },
    { key: "timeZone", header: "Time zone" },
    { key: "registeredUtc", header: "Registered at (UTC)" },
    { key: "registeredLocal", header: `Registered at (${zone})` },
    { key: "privacyConsentAt", header: "Privacy consent at (UTC)" },
    { key: "marketingConsentAt", header: "Marketing consent at (UTC)" },
    { key: "marketing", header: "Marketing consent" },
  ];
}

interface PersonFields {
  name: string;
  email: string;
  organisation: string;
  network: string;
  country: string;
  timeZone: string | null;
  registeredAt: Date;
  privacyConsentAt: Date | null;
  marketingConsentAt: Date | null;
}

/** The cells under personColumns, the same in both exports. */
function personCells(r: PersonFields, zone: string): Row {
  return {
    name: r.name,
    email: r.email,
    organisation: r.organisation,
    network: r.network,
    country: r.country,
    timeZone: r.timeZone ?? "",
    registeredUtc: utc(r.registeredAt),
    registeredLocal: inZone(r.registeredAt, zone),
    privacyConsentAt: utc(r.privacyConsentAt),
    marketingConsentAt: utc(r.marketingConsentAt),
    marketing: yesNo(r.marketingConsentAt !== null),
  };
}

export function festivalRegistrantsCsv(
  festival: Festival,
  query: ExportQuery,
): ReadableStream<Uint8Array> {
  const zone = festival.timeZone;
  const columns: ColumnOption[] = [
    ...personColumns(zone),
    { key: "networkRole", header: "Role in network" },
    { key: "heardFrom", header: "How they heard" },
    { key: "confirmed", header: "Webinars (seats)" },
    { key: "waitlisted", header: "Waitlists" },
    { key: "cancelled", header: "Cancelled" },
    { key: "joined", header: "Webinars joined" },
  ];
  return csvStream(
    columns,
    (after) => festivalRegistrantBatch(festival.id, query, after, EXPORT_BATCH),
    (row) => row.registrationId,
    (r) => ({
      ...personCells(r, zone),
      networkRole: r.networkRole,
      heardFrom: r.heardFrom,
      confirmed: r.confirmed,
      waitlisted: r.waitlisted,
      cancelled: r.cancelled,
      joined: r.joined,
    }),
  );
}

export function webinarRegistrationsCsv(
  festival: Festival,
  w: Pick<WebinarSummary, "id">,
  query: ExportQuery,
): ReadableStream<Uint8Array> {
  const zone = festival.timeZone;
  const columns: ColumnOption[] = [
    ...personColumns(zone),
    { key: "status", header: "Status" },
    { key: "position", header: "Waitlist position" },
    { key: "confirmedAt", header: "Seat given at (UTC)" },
    { key: "cancelledAt", header: "Cancelled at (UTC)" },
    { key: "joined", header: "Joined" },
    { key: "joinedUtc", header: "Joined at (UTC)" },
    { key: "joinedLocal", header: `Joined at (${zone})` },
  ];
  return csvStream(
    columns,
    (after) => webinarRegistrationBatch(festival.id, w.id, query, after, EXPORT_BATCH),
    (row) => row.registrationId,
    (r) => ({
      ...personCells(r, zone),
      status: r.status,
      position: r.position ?? "",
      confirmedAt: utc(r.confirmedAt),
      cancelledAt: utc(r.cancelledAt),
      joined: yesNo(r.joinedAt !== null),
      joinedUtc: utc(r.joinedAt),
      joinedLocal: inZone(r.joinedAt, zone),
    }),
  );
}

/** "networkfest-registrations-waitlisted-2026-10-27.csv": what, which part, and when. */
export function exportFilename(
  festival: Festival,
  parts: { webinarSlug?: string; filter?: RegistrationFilter },
  now = new Date(),
): string {
  const name = [
    festival.slug,
    parts.webinarSlug,
    "registrations",
    parts.filter && parts.filter !== "all" ? parts.filter : undefined,
    localDate(now, festival.timeZone),
  ]
    .filter(Boolean)
    .join("-");
  // Slugs are [a-z0-9-]; anything else is dropped so the header stays plain ASCII.
  return `${name.replace(/[^a-z0-9-]/gi, "")}.csv`;
}

/** Taking a copy of people's data is itself recorded: who exported what, with which filter. */
export async function auditExport(
  actor: Actor,
  festival: Festival,
  what: { webinar?: { id: string; title: string }; query: ExportQuery },
): Promise<void> {
  const filter = what.query.filter && what.query.filter !== "all" ? what.query.filter : null;
  const q = what.query.q?.trim();
  const scope = what.webinar ? `"${what.webinar.title}"` : "the festival";
  const details = [filter ? `${filter} only` : null, q ? `search "${q}"` : null].filter(Boolean);
  await recordAudit(await db(), actor, {
    festivalId: festival.id,
    action: "registrations.export",
    subjectType: what.webinar ? "webinar" : "festival",
    subjectId: what.webinar?.id ?? festival.id,
    summary: `Exported registrations of ${scope} as CSV${details.length ? ` (${details.join(", ")})` : ""}`,
    after: { filter: filter ?? "all", q: q ?? null },
  });
}
