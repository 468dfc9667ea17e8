import { and, eq, sql } from "drizzle-orm";
import { expectGuarded } from "~tests/helpers/admin-access";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  festivalRegistration,
  outbox,
  user,
  webinar,
  webinarRegistration,
} from "~db/schema";
import {
  cancelAsOrganiser,
  listFestivalRegistrants,
  listWebinarRegistrations,
  promoteFromWaitlist,
} from "~/models/admin-registrations.server";
import { registerForWebinar } from "~/models/registration.server";
import { loader as csvLoader } from "~/routes/admin.registrations[.]csv";
import { loader as webinarCsvLoader } from "~/routes/admin.registrations.$webinarId[.]csv";
import {
  action as webinarAction,
  loader as webinarLoader,
  type RegistrationActionData,
} from "~/routes/admin.registrations.$webinarId";
import { loader as indexLoader } from "~/routes/admin.registrations._index";
import {
  createAttendee,
  createFestival,
  createRegistration,
  createUser,
  createWebinar,
  type FestivalRow,
} from "~tests/factories";
import { parseCsv } from "~tests/helpers/csv";
import { callRoute } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie, TEST_TOTP_SECRET } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const appUrl = "https://fest.example.org";
const conn = () => testDb.handle.db;

/** The festival the routes see (the most recent one), a week ahead of the real clock. */
let festival: FestivalRow;
let earlier: FestivalRow;
let organiser: { id: string; email: string };
let cookies: { organiser: string; attendee: string; unverified: string };

beforeAll(async () => {
  const start = DateTime.now().setZone("Europe/London").plus({ days: 30 }).startOf("day");
  earlier = await createFestival(conn(), { startsOn: "2025-10-20", endsOn: "2025-10-24" });
  festival = await createFestival(conn(), {
    slug: "networkfest",
    startsOn: start.toISODate()!,
    endsOn: start.plus({ days: 4 }).toISODate()!,
    timeZone: "Europe/London",
  });
  organiser = await createUser(conn(), { email: "organiser@example.test", name: "Olu Organiser" });
  const attendee = await createAttendee(conn(), festival);
  const unverified = await createUser(conn(), {
    isOrganiser: true,
    totpSecret: TEST_TOTP_SECRET,
    totpEnabledAt: new Date(),
  });
  cookies = {
    organiser: await organiserCookie(organiser.id),
    attendee: await signedInCookie(attendee.id),
    unverified: await signedInCookie(unverified.id),
  };
});

/** A webinar of the routes' festival, in its first days (the real clock is a week before). */
const upcoming = (over: Parameters<typeof createWebinar>[2] = {}) =>
  createWebinar(conn(), festival, { localStart: `${festival.startsOn}T12:30`, ...over });

const ctxFor = (f: FestivalRow) => ({ festival: f, appUrl });

async function mailTo(email: string) {
  return conn().select().from(outbox).where(eq(outbox.recipient, email));
}

async function auditRows(action: string, subjectId?: string) {
  return conn()
    .select()
    .from(auditLog)
    .where(
      and(eq(auditLog.action, action), subjectId ? eq(auditLog.subjectId, subjectId) : undefined),
    );
}

async function statusOf(registrationId: string) {
  const [row] = await conn()
    .select({ status: webinarRegistration.status })
    .from(webinarRegistration)
    .where(eq(webinarRegistration.id, registrationId));
  return row?.status;
}

async function registrationOf(webinarId: string, userId: string) {
  const [row] = await conn()
    .select()
    .from(webinarRegistration)
    .where(
      and(eq(webinarRegistration.webinarId, webinarId), eq(webinarRegistration.userId, userId)),
    );
  return row!;
}

/** A separate festival for list tests, so other tests' people do not appear in them. */
async function listScene() {
  // An earlier edition: the routes' festival stays the most recent one.
  const f = await createFestival(conn(), { startsOn: "2026-06-08", endsOn: "2026-06-12" });
  const now = new Date("2026-06-01T09:00:00Z");
  const w = await createWebinar(conn(), f, { localStart: "2026-06-09T12:30", capacity: 1 });
  const n = Math.random().toString(36).slice(2, 8);
  const ann = await createAttendee(conn(), f, {
    name: "Ann Åberg",
    email: `ann-${n}@alpha.example`,
  });
  const bob = await createAttendee(conn(), f, {
    name: "Bob 100% Sure",
    email: `bob-${n}@beta.example`,
    organisation: "Beta Org",
  });
  const cy = await createAttendee(conn(), f, {
    name: "Cy_Underscore",
    email: `cy-${n}@gamma.example`,
  });
  const dee = await createAttendee(conn(), f, {
    name: "Dee Nobody",
    email: `dee-${n}@delta.example`,
  });
  await registerForWebinar(ann.id, w.slug, { festival: f, appUrl, now });
  await registerForWebinar(bob.id, w.slug, { festival: f, appUrl, now });
  await registerForWebinar(cy.id, w.slug, { festival: f, appUrl, now });
  // Cy gives up the waitlist place; Ann joined.
  await conn()
    .update(webinarRegistration)
    .set({ status: "cancelled", cancelledAt: now })
    .where(eq(webinarRegistration.userId, cy.id));
  await conn()
    .update(webinarRegistration)
    .set({ joinedAt: now })
    .where(eq(webinarRegistration.userId, ann.id));
  return { f, w, ann, bob, cy, dee };
}

describe("the festival's registrants", () => {
  it("searches name, email and organisation case-insensitively, taking % and _ literally", async () => {
    const { f } = await listScene();
    const names = async (q: string) =>
      (await listFestivalRegistrants(f.id, { q })).rows.map((r) => r.name).sort();
    expect(await names("ÅBERG")).toEqual(["Ann Åberg"]);
    expect(await names("BETA.EXAMPLE")).toEqual(["Bob 100% Sure"]);
    expect(await names("beta org")).toEqual(["Bob 100% Sure"]);
    // A bare % or _ would match everyone if it were a wildcard.
    expect(await names("%")).toEqual(["Bob 100% Sure"]);
    expect(await names("_")).toEqual(["Cy_Underscore"]);
    expect(await names("nobody-by-that-name")).toEqual([]);
  });

  it("filters by seats, waitlists, cancellations and attendance, with counts per person", async () => {
    const { f } = await listScene();
    const names = async (filter: "confirmed" | "waitlisted" | "cancelled" | "joined" | "all") =>
      (await listFestivalRegistrants(f.id, { filter })).rows.map((r) => r.name).sort();
    expect(await names("confirmed")).toEqual(["Ann Åberg"]);
    expect(await names("waitlisted")).toEqual(["Bob 100% Sure"]);
    expect(await names("cancelled")).toEqual(["Cy_Underscore"]);
    expect(await names("joined")).toEqual(["Ann Åberg"]);
    expect(await names("all")).toHaveLength(4);
    const all = await listFestivalRegistrants(f.id);
    expect(all.rows.find((r) => r.name === "Ann Åberg")).toMatchObject({
      confirmed: 1,
      waitlisted: 0,
      joined: 1,
    });
    expect(all.rows.find((r) => r.name === "Dee Nobody")).toMatchObject({ confirmed: 0 });
  });

  it("pages through the list with a total and a page count", async () => {
    const { f } = await listScene();
    const first = await listFestivalRegistrants(f.id, { pageSize: 3, page: 1 });
    const second = await listFestivalRegistrants(f.id, { pageSize: 3, page: 2 });
    expect(first).toMatchObject({ total: 4, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(3);
    expect(second.rows).toHaveLength(1);
    const seen = new Set([...first.rows, ...second.rows].map((r) => r.userId));
    expect(seen.size).toBe(4);
    expect((await listFestivalRegistrants(f.id, { pageSize: 3, page: 9 })).rows).toEqual([]);
  });
});

describe("one webinar's registrations", () => {
  it("lists seats, then the waitlist in order, then cancellations; positions ignore the search", async () => {
    const f = await createFestival(conn(), { startsOn: "2026-06-08", endsOn: "2026-06-12" });
    const now = new Date("2026-06-01T09:00:00Z");
    const w = await createWebinar(conn(), f, { localStart: "2026-06-09T12:30", capacity: 1 });
    const people = [];
    for (const name of ["Seat Holder", "First Waiting", "Second Waiting", "Third Waiting"]) {
      const p = await createAttendee(conn(), f, { name });
      await registerForWebinar(p.id, w.slug, { festival: f, appUrl, now });
      people.push(p);
    }
    const all = await listWebinarRegistrations(f.id, w.id);
    expect(all.rows.map((r) => [r.name, r.status, r.position])).toEqual([
      ["Seat Holder", "confirmed", null],
      ["First Waiting", "waitlisted", 1],
      ["Second Waiting", "waitlisted", 2],
      ["Third Waiting", "waitlisted", 3],
    ]);
    const third = await listWebinarRegistrations(f.id, w.id, { q: "third" });
    expect(third.rows.map((r) => [r.name, r.position])).toEqual([["Third Waiting", 3]]);
    const waiting = await listWebinarRegistrations(f.id, w.id, { filter: "waitlisted" });
    expect(waiting.total).toBe(3);
    const seats = await listWebinarRegistrations(f.id, w.id, { filter: "confirmed" });
    expect(seats.rows.map((r) => r.name)).toEqual(["Seat Holder"]);
    const pageTwo = await listWebinarRegistrations(f.id, w.id, { pageSize: 2, page: 2 });
    expect(pageTwo.rows.map((r) => r.name)).toEqual(["Second Waiting", "Third Waiting"]);
  });
});

describe("giving a waitlisted person a seat", () => {
  it("gives a free seat at once, with the promotion email, reminders and an audit row", async () => {
    const w = await upcoming({ capacity: 1 });
    const [a, b] = [await createAttendee(conn(), festival), await createAttendee(conn(), festival)];
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    await registerForWebinar(b.id, w.slug, ctxFor(festival));
    // The organisers add a seat outside the registration flow: there is now room.
    await conn().update(webinar).set({ capacity: 2 }).where(eq(webinar.id, w.id));
    const reg = await registrationOf(w.id, b.id);
    const result = await promoteFromWaitlist(w.id, reg.id, {
      ...ctxFor(festival),
      actor: organiser,
      beyondCapacity: false,
    });
    expect(result).toEqual({ status: "promoted", confirmed: 2, capacity: 2 });
    expect(await statusOf(reg.id)).toBe("confirmed");
    const mail = await mailTo(b.email);
    expect(mail.find((m) => m.kind === "webinar-promoted")?.message.calendar?.method).toBe(
      "REQUEST",
    );
    expect(mail.filter((m) => m.kind === "reminder").length).toBeGreaterThan(0);
    const [audit] = await auditRows("registration.promote", reg.id);
    expect(audit).toMatchObject({ actorEmail: organiser.email, festivalId: festival.id });
    expect(audit!.summary).toContain(b.email);
    expect(audit!.summary).toContain(w.title);
  });

  it("refuses when full unless the organiser confirms going beyond capacity", async () => {
    const w = await upcoming({ capacity: 1 });
    const [a, b] = [await createAttendee(conn(), festival), await createAttendee(conn(), festival)];
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    await registerForWebinar(b.id, w.slug, ctxFor(festival));
    const reg = await registrationOf(w.id, b.id);
    const change = { ...ctxFor(festival), actor: organiser };
    expect(await promoteFromWaitlist(w.id, reg.id, { ...change, beyondCapacity: false })).toEqual({
      status: "full",
      confirmed: 1,
      capacity: 1,
    });
    expect(await statusOf(reg.id)).toBe("waitlisted");
    expect(await auditRows("registration.promote", reg.id)).toHaveLength(0);

    expect(await promoteFromWaitlist(w.id, reg.id, { ...change, beyondCapacity: true })).toEqual({
      status: "promoted",
      confirmed: 2,
      capacity: 1,
    });
    const [audit] = await auditRows("registration.promote", reg.id);
    expect(audit!.summary).toMatch(/2 of 1 seats, beyond capacity/);
    // Someone cancelling now frees no seat: there are still more seats taken than exist.
    const c = await createAttendee(conn(), festival);
    await registerForWebinar(c.id, w.slug, ctxFor(festival));
    await cancelAsOrganiser(w.id, (await registrationOf(w.id, a.id)).id, change);
    expect((await registrationOf(w.id, c.id)).status).toBe("waitlisted");
  });

  it("answers plainly for someone not waiting, and for another festival's or unknown registrations", async () => {
    const w = await upcoming({ capacity: 1 });
    const a = await createAttendee(conn(), festival);
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    const reg = await registrationOf(w.id, a.id);
    const change = { ...ctxFor(festival), actor: organiser, beyondCapacity: true };
    expect(await promoteFromWaitlist(w.id, reg.id, change)).toEqual({ status: "not-waitlisted" });
    expect(await promoteFromWaitlist(w.id, "not-a-uuid", change)).toEqual({ status: "not-found" });
    const elsewhere = await createWebinar(conn(), earlier, { capacity: 1 });
    const stranger = await createUser(conn());
    const theirs = await createRegistration(conn(), elsewhere, stranger, "waitlisted");
    expect(await promoteFromWaitlist(elsewhere.id, theirs.id, change)).toEqual({
      status: "not-found",
    });
    expect(await statusOf(theirs.id)).toBe("waitlisted");
  });
});

describe("cancelling someone's place", () => {
  it("moves the waitlist up, emails both, and audits it in the same transaction", async () => {
    const w = await upcoming({ capacity: 1 });
    const [a, b] = [await createAttendee(conn(), festival), await createAttendee(conn(), festival)];
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    await registerForWebinar(b.id, w.slug, ctxFor(festival));
    const seat = await registrationOf(w.id, a.id);
    const result = await cancelAsOrganiser(w.id, seat.id, {
      ...ctxFor(festival),
      actor: organiser,
    });
    expect(result).toEqual({ status: "cancelled", was: "confirmed" });
    expect(await statusOf(seat.id)).toBe("cancelled");
    expect((await registrationOf(w.id, b.id)).status).toBe("confirmed");

    const cancelMail = (await mailTo(a.email)).find(
      (m) => m.kind === "webinar-cancelled-by-organiser",
    )!;
    expect(cancelMail.message.calendar?.method).toBe("CANCEL");
    expect(cancelMail.message.text).toMatch(/organisers have cancelled your registration/);
    expect(cancelMail.message.text).not.toMatch(/as you asked/i);
    expect(
      (await mailTo(a.email)).filter((m) => m.kind === "reminder" && m.status === "pending"),
    ).toEqual([]);
    expect((await mailTo(b.email)).some((m) => m.kind === "webinar-promoted")).toBe(true);

    const [audit] = await auditRows("registration.cancel", seat.id);
    expect(audit!.summary).toMatch(/Cancelled .*'s seat at .*; they were emailed; the seat went/);
    expect(audit!.before).toMatchObject({ status: "confirmed" });
  });

  it("takes someone off the waitlist with their own message", async () => {
    const w = await upcoming({ capacity: 1 });
    const [a, b] = [await createAttendee(conn(), festival), await createAttendee(conn(), festival)];
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    await registerForWebinar(b.id, w.slug, ctxFor(festival));
    const waiting = await registrationOf(w.id, b.id);
    expect(
      await cancelAsOrganiser(w.id, waiting.id, { ...ctxFor(festival), actor: organiser }),
    ).toEqual({ status: "cancelled", was: "waitlisted" });
    const mail = (await mailTo(b.email)).find((m) => m.kind === "waitlist-removed-by-organiser")!;
    expect(mail.message.calendar?.method).toBe("CANCEL");
    expect((await registrationOf(w.id, a.id)).status).toBe("confirmed");
    expect(await auditRows("registration.cancel", waiting.id)).toHaveLength(1);
  });

  it("refuses a registration of a cancelled webinar, and writes nothing", async () => {
    const w = await upcoming({ status: "cancelled" });
    const a = await createAttendee(conn(), festival);
    const reg = await createRegistration(conn(), w, a);
    const result = await cancelAsOrganiser(w.id, reg.id, { ...ctxFor(festival), actor: organiser });
    expect(result.status).toBe("unavailable");
    expect(await statusOf(reg.id)).toBe("confirmed");
    expect(await auditRows("registration.cancel", reg.id)).toHaveLength(0);
  });
});

describe("the registration pages", () => {
  it("shows the festival list and the webinar picker, with times in the organiser's zone", async () => {
    const w = await upcoming({ title: "Picker webinar", capacity: 10 });
    const a = await createAttendee(conn(), festival, { name: "Picker Person" });
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    await conn().update(user).set({ timeZone: "Asia/Tokyo" }).where(eq(user.id, organiser.id));
    try {
      const res = await callRoute<{
        zone: string;
        people: { name: string; registered: string; confirmed: number }[];
        webinars: { title: string; confirmed: number; capacity: number; when: string }[];
      }>(indexLoader, "/admin/registrations?q=picker", { cookie: cookies.organiser });
      expect(res.status).toBe(200);
      expect(res.data?.zone).toBe("Asia/Tokyo");
      expect(res.data?.people.map((p) => p.name)).toEqual(["Picker Person"]);
      expect(res.data?.people[0]!.registered).toMatch(/Tokyo time \(UTC\+9\)/);
      const row = res.data?.webinars.find((x) => x.title === "Picker webinar");
      expect(row).toMatchObject({ confirmed: 1, capacity: 10 });
      expect(row?.when).toMatch(/21:30–22:00 Tokyo time/);
    } finally {
      await conn().update(user).set({ timeZone: null }).where(eq(user.id, organiser.id));
    }
  });

  it("asks before cancelling, then cancels and says they were emailed", async () => {
    const w = await upcoming({ capacity: 1 });
    const a = await createAttendee(conn(), festival);
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    const reg = await registrationOf(w.id, a.id);
    const url = `/admin/registrations/${w.id}`;
    const params = { webinarId: w.id };
    const ask = await callRoute<RegistrationActionData>(webinarAction, url, {
      cookie: cookies.organiser,
      params,
      form: { intent: "cancel", registrationId: reg.id },
    });
    expect(ask.data).toEqual({ confirm: { intent: "cancel", registrationId: reg.id } });
    expect(await statusOf(reg.id)).toBe("confirmed");
    const done = await callRoute<RegistrationActionData>(webinarAction, url, {
      cookie: cookies.organiser,
      params,
      form: { intent: "cancel", registrationId: reg.id, confirm: "yes" },
    });
    expect(done.data).toMatchObject({ done: "cancelled" });
    expect(JSON.stringify(done.data)).toMatch(/emailed/);
    expect(await statusOf(reg.id)).toBe("cancelled");
    const again = await callRoute<RegistrationActionData>(webinarAction, url, {
      cookie: cookies.organiser,
      params,
      form: { intent: "cancel", registrationId: reg.id, confirm: "yes" },
    });
    expect(again.status).toBe(400);
    expect(again.data).toEqual({ error: "That place was already cancelled." });
  });

  it("asks before giving a seat beyond capacity, then gives it", async () => {
    const w = await upcoming({ capacity: 1 });
    const [a, b] = [await createAttendee(conn(), festival), await createAttendee(conn(), festival)];
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    await registerForWebinar(b.id, w.slug, ctxFor(festival));
    const reg = await registrationOf(w.id, b.id);
    const url = `/admin/registrations/${w.id}`;
    const params = { webinarId: w.id };
    const ask = await callRoute<RegistrationActionData>(webinarAction, url, {
      cookie: cookies.organiser,
      params,
      form: { intent: "promote", registrationId: reg.id },
    });
    expect(ask.data).toEqual({
      confirm: { intent: "promote", registrationId: reg.id, seats: "1 of 1 seats are taken" },
    });
    const done = await callRoute<RegistrationActionData>(webinarAction, url, {
      cookie: cookies.organiser,
      params,
      form: { intent: "promote", registrationId: reg.id, confirm: "yes" },
    });
    expect(done.data).toMatchObject({ done: "promoted" });
    expect(await statusOf(reg.id)).toBe("confirmed");
    const page = await callRoute<{ webinar: { confirmed: number; full: boolean } }>(
      webinarLoader,
      url,
      { cookie: cookies.organiser, params },
    );
    expect(page.data?.webinar).toMatchObject({ confirmed: 2, full: true });
  });

  it("answers a missing intent with a 400 and a message", async () => {
    const w = await upcoming();
    const res = await callRoute<RegistrationActionData>(
      webinarAction,
      `/admin/registrations/${w.id}`,
      {
        cookie: cookies.organiser,
        params: { webinarId: w.id },
        form: { registrationId: "x" },
      },
    );
    expect(res.status).toBe(400);
    expect(res.data).toEqual({ error: "Choose what to do and for whom." });
  });
});

/** Reads a streamed body chunk by chunk, as a browser downloading it would. */
async function readStream(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks);
  return { chunks, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

async function download(fn: typeof csvLoader, url: string, params: Record<string, string> = {}) {
  const request = new Request(`http://localhost:3000${url}`, {
    headers: { Cookie: cookies.organiser },
  });
  const response = (await fn({ request, params, context: {} })) as Response;
  return response;
}

describe("CSV export", () => {
  it("writes an Excel-friendly file that parses back exactly, with formulas neutralised", async () => {
    const w = await upcoming({ capacity: 5, title: "Export webinar" });
    const tricky = await createAttendee(conn(), festival, {
      name: "Zoë Łukasiewicz-Παπαδόπουλος 山田",
      email: "zoe-export@example.test",
      organisation: 'Acme, "Networks"\nLtd',
      country: "Poland",
      timeZone: "Europe/Warsaw",
      marketingConsentAt: new Date("2026-11-02T08:15:00Z"),
      privacyConsentAt: new Date("2026-11-02T08:14:59Z"),
    });
    const formulas = ['=HYPERLINK("http://evil")', "+1+2", "-3", "@SUM(A1)", "\tTab", "\rCR"];
    for (const [i, name] of formulas.entries()) {
      await createAttendee(conn(), festival, { name, email: `formula-${i}@export.test` });
    }
    await registerForWebinar(tricky.id, w.slug, ctxFor(festival));
    // Registered in London's summer: 11:30 UTC is 12:30 festival time.
    await conn()
      .update(festivalRegistration)
      .set({ createdAt: new Date("2026-07-01T11:30:00Z"), network: "Łódź =network" })
      .where(eq(festivalRegistration.userId, tricky.id));

    const response = await download(csvLoader, "/admin/registrations.csv?q=export");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="networkfest-registrations-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const { bytes, text } = await readStream(response.body!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.split("\r\n").length).toBeGreaterThan(2);
    const csv = parseCsv(text);
    expect(csv.bom).toBe(true);
    expect(csv.header).toEqual([
      "Name",
      "Email",
      "Organisation",
      "Network",
      "Country",
      "Time zone",
      "Registered at (UTC)",
      "Registered at (Europe/London)",
      "Privacy consent at (UTC)",
      "Marketing consent at (UTC)",
      "Marketing consent",
      "Role in network",
      "How they heard",
      "Webinars (seats)",
      "Waitlists",
      "Cancelled",
      "Webinars joined",
    ]);
    const zoe = csv.rows.find((r) => r.Email === "zoe-export@example.test")!;
    expect(zoe).toMatchObject({
      Name: "Zoë Łukasiewicz-Παπαδόπουλος 山田",
      Organisation: 'Acme, "Networks"\nLtd',
      Network: "Łódź =network",
      "Time zone": "Europe/Warsaw",
      "Registered at (UTC)": "2026-07-01T11:30:00Z",
      "Registered at (Europe/London)": "2026-07-01 12:30:00",
      "Privacy consent at (UTC)": "2026-11-02T08:14:59Z",
      "Marketing consent at (UTC)": "2026-11-02T08:15:00Z",
      "Marketing consent": "yes",
      "Webinars (seats)": "1",
    });
    const byEmail = (i: number) => csv.rows.find((r) => r.Email === `formula-${i}@export.test`)!;
    for (const [i, name] of formulas.entries()) {
      expect(byEmail(i).Name).toBe(`'${name}`);
    }
  });

  it("exports one webinar with statuses, waitlist positions and attendance in both zones", async () => {
    const w = await upcoming({ capacity: 1, slug: "csv-one" });
    const [a, b] = [
      await createAttendee(conn(), festival, { name: "Seat Person", timeZone: "Asia/Tokyo" }),
      await createAttendee(conn(), festival, { name: "Queue Person" }),
    ];
    await registerForWebinar(a.id, w.slug, ctxFor(festival));
    await registerForWebinar(b.id, w.slug, ctxFor(festival));
    // London in winter is UTC: a join at 12:31 UTC is 12:31 festival time.
    await conn()
      .update(webinarRegistration)
      .set({ joinedAt: new Date("2026-12-07T12:31:00Z") })
      .where(eq(webinarRegistration.userId, a.id));
    const url = `/admin/registrations/${w.id}.csv?filter=all`;
    const response = await download(webinarCsvLoader, url, { webinarId: w.id });
    expect(response.headers.get("Content-Disposition")).toMatch(
      /filename="networkfest-csv-one-registrations-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const csv = parseCsv((await readStream(response.body!)).text);
    expect(csv.rows.map((r) => [r.Name, r.Status, r["Waitlist position"], r.Joined])).toEqual([
      ["Seat Person", "confirmed", "", "yes"],
      ["Queue Person", "waitlisted", "1", "no"],
    ]);
    expect(csv.rows[0]).toMatchObject({
      "Time zone": "Asia/Tokyo",
      "Joined at (UTC)": "2026-12-07T12:31:00Z",
      "Joined at (Europe/London)": "2026-12-07 12:31:00",
    });
    const waitingOnly = await download(
      webinarCsvLoader,
      `/admin/registrations/${w.id}.csv?filter=waitlisted`,
      {
        webinarId: w.id,
      },
    );
    expect(parseCsv((await readStream(waitingOnly.body!)).text).rows.map((r) => r.Name)).toEqual([
      "Queue Person",
    ]);
    const audits = await auditRows("registrations.export", w.id);
    expect(audits.map((r) => r.summary)).toEqual(
      expect.arrayContaining([
        `Exported registrations of "${w.title}" as CSV`,
        `Exported registrations of "${w.title}" as CSV (waitlisted only)`,
      ]),
    );
  });

  it("streams 5,000 registrants in batches instead of one string, with the header once", async () => {
    const f = festival;
    const stamp = Date.now();
    const ids = Array.from({ length: 5_000 }, (_, i) => ({
      email: `bulk-${stamp}-${i}@bulk.test`,
      name: `Bulk ${i}`,
      privacyConsentAt: new Date(),
    }));
    for (let i = 0; i < ids.length; i += 1_000) {
      const people = await conn()
        .insert(user)
        .values(ids.slice(i, i + 1_000))
        .returning({ id: user.id });
      await conn()
        .insert(festivalRegistration)
        .values(people.map((p) => ({ festivalId: f.id, userId: p.id, network: "Bulk" })));
    }
    const response = await download(csvLoader, "/admin/registrations.csv?q=bulk.test");
    // A stream, not a string: nothing has been read yet.
    expect(response.body).toBeInstanceOf(ReadableStream);
    expect(response.bodyUsed).toBe(false);
    const { chunks, text } = await readStream(response.body!);
    expect(chunks.length).toBeGreaterThanOrEqual(10);
    const largest = Math.max(...chunks.map((c) => c.byteLength));
    expect(largest).toBeLessThan(text.length / 5);
    const csv = parseCsv(text);
    expect(csv.rows).toHaveLength(5_000);
    expect(new Set(csv.rows.map((r) => r.Email)).size).toBe(5_000);
    expect(text.match(/^\uFEFF?Name,Email/gm)).toHaveLength(1);
    expect(csv.rows.some((r) => r.Name === "Bulk 4999")).toBe(true);
  });

  it("keeps every row once when many share the same registration instant (keyset ties)", async () => {
    const f = await createFestival(conn(), { startsOn: "2024-01-01", endsOn: "2024-01-02" });
    const same = new Date("2024-01-01T10:00:00.123Z");
    const people = await conn()
      .insert(user)
      .values(
        Array.from({ length: 1_200 }, (_, i) => ({ email: `tie-${Date.now()}-${i}@tie.test` })),
      )
      .returning({ id: user.id });
    await conn()
      .insert(festivalRegistration)
      .values(people.map((p) => ({ festivalId: f.id, userId: p.id, createdAt: same })));
    // Microseconds a JS Date cannot hold: the cursor must not lose them.
    await conn()
      .update(festivalRegistration)
      .set({ createdAt: sql`created_at + (random() * interval '1 millisecond')` })
      .where(eq(festivalRegistration.festivalId, f.id));
    const { festivalRegistrantsCsv } = await import("~/models/registrations-csv.server");
    const csv = parseCsv((await readStream(festivalRegistrantsCsv(f, {}))).text);
    expect(csv.rows).toHaveLength(1_200);
    expect(new Set(csv.rows.map((r) => r.Email)).size).toBe(1_200);
  });
});

interface Guarded {
  name: string;
  fn: Parameters<typeof callRoute>[0];
  url: string;
  params: Record<string, string>;
  form?: Record<string, string>;
}

describe("who may use the registration pages", () => {
  const pages = (): Guarded[] => {
    const id = "00000000-0000-4000-8000-000000000000";
    return [
      { name: "list", fn: indexLoader, url: "/admin/registrations", params: {} },
      { name: "CSV", fn: csvLoader, url: "/admin/registrations.csv", params: {} },
      {
        name: "webinar",
        fn: webinarLoader,
        url: `/admin/registrations/${id}`,
        params: { webinarId: id },
      },
      {
        name: "webinar action",
        fn: webinarAction,
        url: `/admin/registrations/${id}`,
        params: { webinarId: id },
        form: { intent: "cancel", registrationId: id },
      },
      {
        name: "webinar CSV",
        fn: webinarCsvLoader,
        url: `/admin/registrations/${id}.csv`,
        params: { webinarId: id },
      },
    ];
  };

  it("sends anonymous visitors to sign in, refuses attendees, asks organisers for the second factor", async () => {
    for (const page of pages()) {
      await expectGuarded(page.fn, page.url, cookies, { params: page.params, form: page.form });
    }
  });

  it("answers 404 for unknown, malformed and other festivals' webinars", async () => {
    const elsewhere = await createWebinar(conn(), earlier);
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", elsewhere.id]) {
      const params = { webinarId: id };
      for (const fn of [webinarLoader, webinarCsvLoader]) {
        const res = await callRoute(fn, `/admin/registrations/${id}`, {
          cookie: cookies.organiser,
          params,
        });
        expect(res.status, id).toBe(404);
      }
      const act = await callRoute(webinarAction, `/admin/registrations/${id}`, {
        cookie: cookies.organiser,
        params,
        form: { intent: "cancel", registrationId: id, confirm: "yes" },
      });
      expect(act.status, id).toBe(404);
    }
    const w = await upcoming();
    const bad = await callRoute(webinarAction, `/admin/registrations/${w.id}`, {
      cookie: cookies.organiser,
      params: { webinarId: w.id },
      form: { intent: "cancel", registrationId: "nope", confirm: "yes" },
    });
    expect(bad.status).toBe(404);
  });

  it("never fails on a hand-edited address", async () => {
    const res = await callRoute(
      indexLoader,
      "/admin/registrations?page=-4&filter=everything&q=" + "x".repeat(500),
      { cookie: cookies.organiser },
    );
    expect(res.status).toBe(200);
  });
});
