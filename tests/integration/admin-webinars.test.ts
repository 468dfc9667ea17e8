import { and, count, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox, user, webinar, webinarHost, webinarRegistration } from "~db/schema";
import { action as editAction, loader as editLoader } from "~/routes/admin.webinars.$id";
import { loader as weekLoader } from "~/routes/admin.webinars._index";
import { action as newAction, loader as newLoader } from "~/routes/admin.webinars.new";
import { action as previewAction } from "~/routes/admin.webinars.preview";
import { loader as scheduleLoader } from "~/routes/schedule";
import { loader as webinarPageLoader } from "~/routes/webinars.$slug";
import { loader as joinLoader } from "~/routes/webinars.$slug_.join";
import {
  createAttendee,
  createFaculty,
  createFestival,
  createRegistration,
  createUser,
  createWebinar,
  type FestivalRow,
} from "~tests/factories";
import { callRoute, type CallOptions } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie, TEST_TOTP_SECRET } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * The schedule editor through its pages, as an organiser's browser would use
 * it. The festival runs a month from now (routes use the real clock, and a
 * webinar must be to come for seats and emails to matter); the clock-change
 * cases enter October 2026 and March 2026 times, which only the entry rules
 * care about.
 */
const testDb = withTestDatabase();
const zone = "Europe/London";
const firstDay = DateTime.now().setZone(zone).plus({ days: 30 }).startOf("day");
const day = (n: number) => firstDay.plus({ days: n }).toISODate()!;
let festival: FestivalRow;
let otherFestival: FestivalRow;
let organiser: { id: string; email: string };
let cookie: string;

beforeAll(async () => {
  const conn = testDb.handle.db;
  // The other festival is an older edition: the current one is the latest.
  otherFestival = await createFestival(conn, { startsOn: "2025-10-01", endsOn: "2025-10-07" });
  festival = await createFestival(conn, { timeZone: zone, startsOn: day(0), endsOn: day(6) });
  organiser = await createUser(conn, { name: "Olu Organiser" });
  cookie = await organiserCookie(organiser.id);
});

const db = () => testDb.handle.db;

async function as<T>(fn: Parameters<typeof callRoute>[0], url: string, options: CallOptions = {}) {
  return callRoute<T>(fn, url, { cookie, ...options });
}

const newForm = (over: Record<string, string> = {}) => ({
  intent: "create",
  title: "Mapping your network",
  slug: "",
  topic: "Strategy",
  abstract: "We **map** networks.",
  capacity: "",
  joinUrl: "",
  startDate: day(1),
  startTime: "12:30",
  duration: "30",
  ...over,
});

async function createThroughPage(over: Record<string, string> = {}) {
  const res = await as(newAction, "/admin/webinars/new", { form: newForm(over) });
  expect(res.status, JSON.stringify(res.data)).toBe(303);
  const id = res.headers
    .get("Location")!
    .match(/\/admin\/webinars\/([0-9a-f-]{36})\?created=1$/)![1]!;
  const [row] = await db().select().from(webinar).where(eq(webinar.id, id));
  return row!;
}

const edit = (id: string, form: Record<string, string> | [string, string][]) =>
  as<Record<string, unknown>>(editAction, `/admin/webinars/${id}`, { form, params: { id } });

async function auditFor(id: string) {
  return db().select().from(auditLog).where(eq(auditLog.subjectId, id)).orderBy(auditLog.createdAt);
}

async function isPublic(slug: string) {
  const schedule = await callRoute<{ webinars: { slug: string }[] }>(scheduleLoader, "/schedule");
  const page = await callRoute(webinarPageLoader, `/webinars/${slug}`, { params: { slug } });
  const listed = schedule.data!.webinars.some((w) => w.slug === slug);
  expect(listed, "schedule and webinar page agree").toBe(page.status === 200);
  return listed;
}

/** Everything the details form sends for a webinar, changed by `over`. */
function detailsOf(w: typeof webinar.$inferSelect, over: Record<string, string> = {}) {
  return {
    intent: "save",
    title: w.title,
    slug: w.slug,
    topic: w.topic,
    abstract: w.abstract,
    capacity: w.capacity === null ? "" : String(w.capacity),
    joinUrl: w.joinUrl ?? "",
    ...over,
  };
}

describe("creating, publishing and unpublishing", () => {
  it("creates a draft nobody else sees, publishes it, and takes it back, each step in the audit log", async () => {
    const form = await as<{ defaults: { startDate: string } }>(newLoader, "/admin/webinars/new");
    expect(form.status).toBe(200);
    expect(form.data!.defaults.startDate).toBe(day(0));

    const w = await createThroughPage();
    expect(w).toMatchObject({
      status: "draft",
      slug: "mapping-your-network",
      title: "Mapping your network",
      capacity: null,
      joinUrl: null,
      durationMinutes: 30,
    });
    // 12:30 in London that day, whatever the offset then.
    expect(w.startsAt.toISOString()).toBe(
      DateTime.fromISO(`${day(1)}T12:30`, { zone })
        .toUTC()
        .toISO(),
    );
    expect(await isPublic(w.slug)).toBe(false);

    const published = await edit(w.id, { intent: "publish" });
    expect(published.status).toBe(200);
    expect(published.data).toMatchObject({
      form: "status",
      message: expect.stringContaining("Published"),
      notes: ["It has no join link yet: add one before it starts."],
    });
    expect(await isPublic(w.slug)).toBe(true);

    const unpublished = await edit(w.id, { intent: "unpublish" });
    expect(unpublished.status).toBe(200);
    expect(await isPublic(w.slug)).toBe(false);

    const audit = await auditFor(w.id);
    expect(audit.map((a) => a.action)).toEqual([
      "webinar.create",
      "webinar.publish",
      "webinar.unpublish",
    ]);
    expect(audit.every((a) => a.actorEmail === organiser.email)).toBe(true);
    expect(audit[0]!.summary).toBe('Created the draft "Mapping your network"');
    expect(audit[1]!.before).toEqual({ status: "draft" });
    expect(audit[1]!.after).toEqual({ status: "published" });
    // Each change of status raises the SEQUENCE.
    const [after] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(after!.sequence).toBe(w.sequence + 2);
  });

  it("refuses to unpublish a webinar people are registered for, and says to cancel instead", async () => {
    const w = await createWebinar(db(), festival, { localStart: `${day(2)}T10:00`, capacity: 1 });
    await createRegistration(db(), w, await createAttendee(db(), festival), "confirmed");
    await createRegistration(db(), w, await createAttendee(db(), festival), "waitlisted");
    const res = await edit(w.id, { intent: "unpublish" });
    expect(res.status).toBe(409);
    expect(res.data).toMatchObject({ form: "status" });
    expect(res.data!.error).toContain("2 people hold a seat or a waitlist place");
    expect(res.data!.error).toContain("cancel it instead");
    const [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row!.status).toBe("published");
    expect(await auditFor(w.id)).toEqual([]);
  });

  it("shows the week with drafts marked, links to edit, and every webinar of the festival", async () => {
    const draft = await createThroughPage({ title: "Week draft", startDate: day(3) });
    const res = await as<{ days: { date: string; webinars: { id: string; status: string }[] }[] }>(
      weekLoader,
      "/admin/webinars",
    );
    expect(res.status).toBe(200);
    const days = res.data!.days;
    // Every festival day is there, even empty ones.
    for (let n = 0; n <= 6; n++) expect(days.some((d) => d.date === day(n))).toBe(true);
    const found = days.find((d) => d.date === day(3))!.webinars.find((w) => w.id === draft.id);
    expect(found).toMatchObject({ status: "draft" });
  });
});

describe("bad input", () => {
  it("answers 400 with a message by each field of the new form, keeps what was typed and saves nothing", async () => {
    const [{ n: before } = { n: -1 }] = await db().select({ n: count() }).from(webinar);
    const res = await as<{ errors: Record<string, string>; values: Record<string, string> }>(
      newAction,
      "/admin/webinars/new",
      {
        form: [
          ...Object.entries(
            newForm({
              title: "",
              slug: "Not A Slug!",
              topic: "t".repeat(101),
              abstract: "a".repeat(20_001),
              capacity: "-3",
              joinUrl: "http://insecure.example.org/room",
              startDate: "2026-02-30",
              startTime: "25:00",
              duration: "2",
            }),
          ),
          ["host", "not-a-uuid"],
          ["speaker", "00000000-0000-4000-8000-000000000001"],
          ["speaker", "00000000-0000-4000-8000-000000000001"],
        ],
      },
    );
    expect(res.status).toBe(400);
    expect(res.data!.errors).toEqual({
      title: "Enter a title.",
      slug: "Use lowercase letters, digits and hyphens only, e.g. mapping-networks.",
      topic: "Keep the topic under 100 characters.",
      abstract: "Keep the abstract under 20,000 characters.",
      capacity: "Enter a whole number of seats, or leave it empty for no limit.",
      joinUrl: "The join link must start with https:// (a secure address).",
      hosts: "Choose hosts from the list.",
      speakers: "Each of the guest speakers can be chosen once.",
      startDate: "Enter a real date.",
      duration: "A webinar lasts between 5 and 600 minutes.",
    });
    // What was typed comes back whole, even the over-long abstract.
    expect(res.data!.values.slug).toBe("Not A Slug!");
    expect(res.data!.values.abstract).toHaveLength(20_001);
    const [{ n: after } = { n: -2 }] = await db().select({ n: count() }).from(webinar);
    expect(after).toBe(before);
  });

  it("checks times, capacity, links and people one by one", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ startTime: "noon" }, "startTime", "Enter the time as HH:MM, e.g. 12:30."],
      [{ startDate: "" }, "startDate", "Enter the date as YYYY-MM-DD."],
      [{ duration: "601" }, "duration", "A webinar lasts between 5 and 600 minutes."],
      [{ duration: "half an hour" }, "duration", "Enter the length in whole minutes, e.g. 30."],
      [
        { capacity: "0" },
        "capacity",
        "A webinar needs at least 1 seat (leave it empty for no limit).",
      ],
      [{ capacity: "100001" }, "capacity", "At most 100,000 seats."],
      [
        { joinUrl: "javascript:alert(1)" },
        "joinUrl",
        "The join link must start with https:// (a secure address).",
      ],
      [
        { joinUrl: "zoom meeting 123" },
        "joinUrl",
        "Enter the full join link, starting with https://, e.g. https://zoom.us/j/123",
      ],
      [
        { joinUrl: "https://user:pw@zoom.us/j/1" },
        "joinUrl",
        "The join link must not contain a user name or password.",
      ],
      [{ title: "x".repeat(201) }, "title", "Keep the title under 200 characters."],
      [
        { title: "!!!", slug: "" },
        "slug",
        "Choose an address made of lowercase letters, digits and hyphens.",
      ],
    ];
    for (const [over, field, message] of cases) {
      const res = await as<{ errors: Record<string, string> }>(newAction, "/admin/webinars/new", {
        form: newForm(over),
      });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.data!.errors[field], JSON.stringify(over)).toBe(message);
    }
    // A faculty member of another festival is not a host here.
    const stranger = await createFaculty(db(), otherFestival);
    const res = await as<{ errors: Record<string, string> }>(newAction, "/admin/webinars/new", {
      form: [...Object.entries(newForm({ title: "Stranger" })), ["host", stranger.id]],
    });
    expect(res.status).toBe(400);
    expect(res.data!.errors.hosts).toBe("Choose hosts from the festival's faculty.");
  });

  it("refuses a slug another webinar uses, on create and on edit, saving nothing", async () => {
    await createWebinar(db(), festival, { slug: "taken-address", localStart: `${day(1)}T09:00` });
    const created = await as<{ errors: Record<string, string> }>(newAction, "/admin/webinars/new", {
      form: newForm({ slug: "taken-address" }),
    });
    expect(created.status).toBe(400);
    expect(created.data!.errors.slug).toBe(
      "Another webinar of this festival already uses this address. Choose another.",
    );
    const w = await createThroughPage({ title: "Own address" });
    const res = await edit(w.id, detailsOf(w, { slug: "taken-address", title: "Renamed" }));
    expect(res.status).toBe(400);
    expect((res.data!.errors as Record<string, string>).slug).toContain("already uses");
    expect((res.data!.values as Record<string, string>).title).toBe("Renamed");
    const [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row!.title).toBe("Own address");
    // The same address in another festival is fine.
    await createWebinar(db(), otherFestival, { slug: "own-address-elsewhere" });
    expect((await edit(w.id, detailsOf(w, { slug: "own-address-elsewhere" }))).status).toBe(200);
  });

  it("answers 400 for an unknown intent, and keeps every edit-form error next to its field", async () => {
    const w = await createThroughPage({ title: "Edit errors" });
    expect((await edit(w.id, { intent: "explode" })).status).toBe(400);
    const res = await edit(
      w.id,
      detailsOf(w, { title: " ", joinUrl: "ftp://files", capacity: "lots" }),
    );
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({
      form: "details",
      errors: {
        title: "Enter a title.",
        joinUrl: "The join link must start with https:// (a secure address).",
        capacity: "Enter a whole number of seats, or leave it empty for no limit.",
      },
      values: { capacity: "lots", joinUrl: "ftp://files" },
    });
    const bad = await edit(w.id, {
      intent: "reschedule-preview",
      startDate: day(2),
      startTime: "9.30",
      duration: "30",
    });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      form: "time",
      step: "edit",
      errors: { startTime: "Enter the time as HH:MM, e.g. 12:30." },
      values: { startTime: "9.30" },
    });
    const long = await edit(w.id, { intent: "cancel-preview", reason: "r".repeat(1001) });
    expect(long.status).toBe(400);
    expect(long.data).toMatchObject({
      errors: { reason: "Keep the explanation under 1000 characters." },
    });
    const [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row).toEqual(w);
  });
});

describe("times entered across the clock changes (Europe/London, 2026)", () => {
  it("takes the first 01:30 of 25 October (still BST) and says so on the edit page", async () => {
    const w = await createThroughPage({
      title: "Ambiguous",
      startDate: "2026-10-25",
      startTime: "01:30",
    });
    expect(w.startsAt.toISOString()).toBe("2026-10-25T00:30:00.000Z");
    const page = await as<{ timeNote: string | null; time: { startTime: string } }>(
      editLoader,
      `/admin/webinars/${w.id}`,
      { params: { id: w.id } },
    );
    expect(page.data!.time.startTime).toBe("01:30");
    expect(page.data!.timeNote).toContain("01:30 happens twice on Sunday 25 October 2026");
    expect(page.data!.timeNote).toContain("We use the first, 01:30 UTC+1 (00:30 UTC)");
    // A webinar already at the second 01:30 (made elsewhere) is said to be so.
    const second = await createWebinar(db(), festival, {
      startsAt: new Date("2026-10-25T01:30:00Z"),
      status: "draft",
    });
    const secondPage = await as<{ timeNote: string | null }>(
      editLoader,
      `/admin/webinars/${second.id}`,
      { params: { id: second.id } },
    );
    expect(secondPage.data!.timeNote).toBe(
      "01:30 happens twice that night in London time; this webinar is at the second one (01:30–02:00 UTC). A time entered below means the first.",
    );
  });

  it("refuses 01:30 on 29 March, which does not exist, with the message by the time", async () => {
    const res = await as<{ errors: Record<string, string>; values: Record<string, string> }>(
      newAction,
      "/admin/webinars/new",
      { form: newForm({ title: "Spring gap", startDate: "2026-03-29", startTime: "01:30" }) },
    );
    expect(res.status).toBe(400);
    expect(res.data!.errors).toEqual({
      startTime:
        "01:30 does not exist on Sunday 29 March 2026 in London time: the clocks go forward from 01:00 to 02:00. Choose a time before 01:00 or from 02:00.",
    });
    expect(res.data!.values).toMatchObject({ startDate: "2026-03-29", startTime: "01:30" });
    const w = await createThroughPage({ title: "Moving into the gap" });
    const move = await edit(w.id, {
      intent: "reschedule-preview",
      startDate: "2026-03-29",
      startTime: "01:59",
      duration: "30",
    });
    expect(move.status).toBe(400);
    expect(move.data).toMatchObject({
      errors: { startTime: expect.stringContaining("does not exist") },
    });
  });
});

describe("capacity", () => {
  async function fullWebinar() {
    const w = await createWebinar(db(), festival, { localStart: `${day(4)}T15:00`, capacity: 2 });
    const seated = [await createAttendee(db(), festival), await createAttendee(db(), festival)];
    for (const p of seated) await createRegistration(db(), w, p, "confirmed");
    const waiting = [await createAttendee(db(), festival), await createAttendee(db(), festival)];
    for (const p of waiting) await createRegistration(db(), w, p, "waitlisted");
    return { w, seated, waiting };
  }

  const statuses = async (webinarId: string, userId: string) =>
    (
      await db()
        .select({ status: webinarRegistration.status })
        .from(webinarRegistration)
        .where(
          and(eq(webinarRegistration.webinarId, webinarId), eq(webinarRegistration.userId, userId)),
        )
    )[0]?.status;

  it("raised, gives the new seat to the first on the waitlist and emails them", async () => {
    const { w, waiting } = await fullWebinar();
    const res = await edit(w.id, detailsOf(w, { capacity: "3" }));
    expect(res.status).toBe(200);
    expect(res.data!.notes).toEqual([
      "1 person moved off the waitlist into the new seats and will be emailed.",
    ]);
    expect(await statuses(w.id, waiting[0]!.id)).toBe("confirmed");
    expect(await statuses(w.id, waiting[1]!.id)).toBe("waitlisted");
    const mail = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.webinarId, w.id), eq(outbox.kind, "webinar-promoted")));
    expect(mail.map((m) => m.recipient)).toEqual([waiting[0]!.email]);
    const [audit] = await auditFor(w.id);
    expect(audit).toMatchObject({
      action: "webinar.update",
      before: { capacity: 2 },
      after: { capacity: 3 },
    });
    expect(audit!.summary).toBe(
      `Edited "${w.title}": capacity; 1 person promoted from the waitlist`,
    );
    // No limit: everyone waiting gets in.
    await edit(w.id, detailsOf(w, { capacity: "" }));
    expect(await statuses(w.id, waiting[1]!.id)).toBe("confirmed");
  });

  it("lowered below the seats held, is refused with how many hold seats, and nothing changes", async () => {
    const { w } = await fullWebinar();
    const res = await edit(w.id, detailsOf(w, { capacity: "1", title: "Smaller room" }));
    expect(res.status).toBe(400);
    expect((res.data!.errors as Record<string, string>).capacity).toBe(
      "2 people hold seats, so the capacity cannot go below 2. Cancel registrations first, or keep at least 2 seats.",
    );
    expect((res.data!.values as Record<string, string>).title).toBe("Smaller room");
    const [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row).toMatchObject({ capacity: 2, title: w.title });
    expect(await auditFor(w.id)).toEqual([]);
    // Down to exactly the seats held is fine.
    expect((await edit(w.id, detailsOf(w, { capacity: "2", title: "Same room" }))).status).toBe(
      200,
    );
  });
});

describe("words, address, hosts and the abstract's preview", () => {
  it("saves the fields and the hosts in the order chosen, audited with only what changed", async () => {
    const w = await createWebinar(db(), festival, {
      localStart: `${day(2)}T16:00`,
      slug: "old-address",
    });
    const a = await createFaculty(db(), festival, { name: "Ana Host" });
    const b = await createFaculty(db(), festival, { name: "Ben Host" });
    const res = await edit(w.id, [
      ...Object.entries(
        detailsOf(w, {
          title: "New words",
          slug: "new-address",
          joinUrl: "HTTPS://Zoom.example.org/j/42",
        }),
      ),
      ["host", b.id],
      ["host", ""],
      ["host", a.id],
    ]);
    expect(res.status).toBe(200);
    // A published webinar's address changed: told that old links now lead to the new one.
    expect(res.data!.notes).toEqual([
      expect.stringContaining(
        "The address changed from /webinars/old-address to /webinars/new-address",
      ),
    ]);
    const [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row).toMatchObject({
      title: "New words",
      slug: "new-address",
      joinUrl: "https://zoom.example.org/j/42",
    });
    const hosts = await db()
      .select()
      .from(webinarHost)
      .where(eq(webinarHost.webinarId, w.id))
      .orderBy(webinarHost.position);
    expect(hosts.map((h) => h.facultyId)).toEqual([b.id, a.id]);
    const [audit] = await auditFor(w.id);
    expect(audit!.summary).toBe('Edited "New words": title, address, join link, hosts');
    expect(audit!.before).toEqual({
      title: w.title,
      slug: "old-address",
      joinUrl: w.joinUrl,
      hosts: [],
    });
    expect(audit!.after).toMatchObject({ hosts: ["Ben Host", "Ana Host"] });
    // Links already sent with the old address lead to the new one, join links included.
    const moved = await callRoute(webinarPageLoader, "/webinars/old-address?tz=Asia/Tokyo", {
      params: { slug: "old-address" },
    });
    expect(moved.status).toBe(301);
    expect(moved.headers.get("Location")).toBe("/webinars/new-address?tz=Asia/Tokyo");
    const movedJoin = await callRoute(joinLoader, "/webinars/old-address/join", {
      params: { slug: "old-address" },
      cookie: await signedInCookie((await createUser(db())).id),
    });
    expect(movedJoin.status).toBe(301);
    expect(movedJoin.headers.get("Location")).toBe("/webinars/new-address/join");
    // The public page shows them in that order.
    const page = await callRoute<{ people: { name: string }[] }>(
      webinarPageLoader,
      "/webinars/new-address",
      {
        params: { slug: "new-address" },
      },
    );
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).toMatch(/Ben Host[\s\S]*Ana Host/);
    // Saving the same again changes nothing and logs nothing.
    const again = await edit(w.id, [
      ...Object.entries(detailsOf(row!)),
      ["host", b.id],
      ["host", a.id],
    ]);
    expect(again.data).toMatchObject({ message: "Nothing had changed." });
    expect(await auditFor(w.id)).toHaveLength(1);
  });

  it("previews the abstract through the sanitiser without saving", async () => {
    const w = await createThroughPage({ title: "Preview me" });
    const abstract = "# Heading\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1))";
    const res = await edit(w.id, detailsOf(w, { intent: "preview-abstract", abstract }));
    expect(res.status).toBe(200);
    const html = res.data!.preview as string;
    expect(html).toContain('<h2 id="heading">Heading ');
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toMatch(/<script|javascript:/);
    expect((res.data!.values as Record<string, string>).abstract).toBe(abstract);
    const [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row!.abstract).toBe(w.abstract);
    const live = await as<{ html: string }>(previewAction, "/admin/webinars/preview", {
      form: { abstract: "*soft*" },
    });
    expect(live.data).toEqual({ html: "<p><em>soft</em></p>\n" });
  });
});

describe("moving a webinar: who will be told first, then the updates", () => {
  async function scene() {
    const w = await createWebinar(db(), festival, { localStart: `${day(2)}T12:30` });
    const seat = await createAttendee(db(), festival, {
      name: "Mel Bourne",
      timeZone: "Australia/Melbourne",
    });
    const waiting = await createAttendee(db(), festival, {
      name: "Nia York",
      timeZone: "America/New_York",
    });
    await createRegistration(db(), w, seat, "confirmed");
    await createRegistration(db(), w, waiting, "waitlisted");
    return { w, seat, waiting };
  }

  it("previews first (nothing changes), then moves it, queues the updates and raises the SEQUENCE", async () => {
    const { w, seat, waiting } = await scene();
    const move = { startDate: day(3), startTime: "09:00", duration: "45" };
    const newStart = DateTime.fromISO(`${day(3)}T09:00`, { zone });
    const preview = await edit(w.id, { intent: "reschedule-preview", ...move });
    expect(preview.status).toBe(200);
    expect(preview.data).toMatchObject({ form: "time", step: "confirm", values: move });
    const p = preview.data!.preview as {
      told: {
        confirmed: number;
        waitlisted: number;
        total: number;
        sample: { email: string; when: string; status: string }[];
      };
      festival: string;
      utc: string;
      elsewhere: { zone: string }[];
    };
    expect(p.told).toMatchObject({ confirmed: 1, waitlisted: 1, total: 2 });
    expect(p.told.sample.map((s) => [s.email, s.status])).toEqual([
      [seat.email, "confirmed"],
      [waiting.email, "waitlisted"],
    ]);
    // Each sees the new time in their own zone, named.
    expect(p.told.sample[0]!.when).toContain("Melbourne time");
    expect(p.told.sample[0]!.when).toContain(
      newStart.setZone("Australia/Melbourne").toFormat("HH:mm"),
    );
    expect(p.told.sample[1]!.when).toContain("New York time");
    expect(p.festival).toContain("09:00–09:45");
    expect(p.festival).toContain("London time");
    expect(p.utc).toContain(newStart.toUTC().toFormat("HH:mm"));
    // The zones registrants use come first.
    expect(
      p.elsewhere
        .map((e) => e.zone)
        .slice(0, 2)
        .sort(),
    ).toEqual(["America/New_York", "Australia/Melbourne"]);
    let [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row).toMatchObject({ startsAt: w.startsAt, sequence: w.sequence });
    expect(await db().select().from(outbox).where(eq(outbox.webinarId, w.id))).toEqual([]);

    const done = await edit(w.id, { intent: "reschedule-confirm", ...move });
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({
      step: "done",
      message: "Moved. 2 people will be emailed the new time.",
    });
    [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row!.startsAt.toISOString()).toBe(newStart.toUTC().toISO());
    expect(row!.durationMinutes).toBe(45);
    expect(row!.sequence).toBe(w.sequence + 1);
    const updates = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.webinarId, w.id), eq(outbox.kind, "webinar-rescheduled")));
    expect(updates.map((u) => u.recipient).sort()).toEqual([seat.email, waiting.email].sort());
    expect(updates.every((u) => u.message.calendar?.method === "REQUEST")).toBe(true);
    expect(
      updates.every((u) => u.message.calendar!.content.includes(`SEQUENCE:${w.sequence + 1}`)),
    ).toBe(true);
    const audit = await auditFor(w.id);
    expect(audit.map((a) => a.action)).toEqual(["webinar.reschedule"]);
    expect(audit[0]!.summary).toMatch(
      /^Moved ".*" from .* London time .* to .*09:00–09:45.*; 2 people told$/,
    );
    expect(audit[0]!.after).toEqual({ startsAt: newStart.toUTC().toISO(), durationMinutes: 45 });
  });

  it("does not preview a move to the time it already has", async () => {
    const { w } = await scene();
    const res = await edit(w.id, {
      intent: "reschedule-preview",
      startDate: day(2),
      startTime: "12:30",
      duration: "30",
    });
    expect(res.status).toBe(400);
    expect(res.data).toMatchObject({ errors: { startTime: "That is the time it already has." } });
  });

  it("cancels the same way: who will be told, then CANCEL to each of them, with the reason", async () => {
    const { w, seat, waiting } = await scene();
    const preview = await edit(w.id, {
      intent: "cancel-preview",
      reason: "Our speaker is unwell.",
    });
    expect(preview.status).toBe(200);
    expect(preview.data).toMatchObject({
      form: "cancel",
      step: "confirm",
      reason: "Our speaker is unwell.",
      told: { confirmed: 1, waitlisted: 1, total: 2 },
    });
    let [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row!.status).toBe("published");

    const done = await edit(w.id, { intent: "cancel-confirm", reason: "Our speaker is unwell." });
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({
      step: "done",
      message: "Cancelled. 2 people will be emailed.",
    });
    [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row).toMatchObject({ status: "cancelled", sequence: w.sequence + 1 });
    const mails = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.webinarId, w.id), eq(outbox.kind, "webinar-cancelled")));
    expect(mails.map((m) => m.recipient).sort()).toEqual([seat.email, waiting.email].sort());
    expect(mails.every((m) => m.message.calendar?.method === "CANCEL")).toBe(true);
    expect(mails.every((m) => m.message.text.includes("Our speaker is unwell."))).toBe(true);
    const [audit] = await auditFor(w.id);
    expect(audit).toMatchObject({
      action: "webinar.cancel",
      after: { status: "cancelled", reason: "Our speaker is unwell." },
    });
    // A cancelled webinar can be neither moved nor published again.
    const move = await edit(w.id, {
      intent: "reschedule-preview",
      startDate: day(3),
      startTime: "10:00",
      duration: "30",
    });
    expect(move.status).toBe(409);
    expect((await edit(w.id, { intent: "publish" })).status).toBe(409);
  });

  it("tells nobody about a draft, and says why", async () => {
    const w = await createThroughPage({ title: "Quiet draft" });
    const preview = await edit(w.id, {
      intent: "reschedule-preview",
      startDate: day(5),
      startTime: "08:00",
      duration: "30",
    });
    expect(preview.data).toMatchObject({
      step: "confirm",
      preview: { told: { total: 0, nobodyBecause: expect.stringContaining("draft") } },
    });
    const done = await edit(w.id, {
      intent: "reschedule-confirm",
      startDate: day(5),
      startTime: "08:00",
      duration: "30",
    });
    expect(done.data).toMatchObject({ message: "Moved. 0 people will be emailed the new time." });
    expect((await auditFor(w.id)).map((a) => a.action)).toEqual([
      "webinar.create",
      "webinar.reschedule",
    ]);
  });
});

describe("the recording link", () => {
  it("is refused before the end, then published with emails and an audit row", async () => {
    const future = await createWebinar(db(), festival, { localStart: `${day(1)}T18:00` });
    const early = await edit(future.id, {
      intent: "recording",
      recordingUrl: "https://video.example.org/1",
    });
    expect(early.status).toBe(409);
    expect(early.data).toMatchObject({
      errors: { recordingUrl: expect.stringContaining("has not finished") },
    });
    const bad = await edit(future.id, { intent: "recording", recordingUrl: "javascript:alert(1)" });
    expect(bad.status).toBe(400);

    const past = await createWebinar(db(), festival, {
      startsAt: DateTime.now().minus({ days: 1 }).toJSDate(),
    });
    const joined = await createAttendee(db(), festival);
    const reg = await createRegistration(db(), past, joined, "confirmed");
    await db()
      .update(webinarRegistration)
      .set({ joinedAt: new Date() })
      .where(eq(webinarRegistration.id, reg.id));
    const res = await edit(past.id, {
      intent: "recording",
      recordingUrl: "https://video.example.org/past",
    });
    expect(res.status).toBe(200);
    expect(res.data!.message).toBe(
      "Published. 1 person thanked with their certificate, 0 people sent the recording they missed.",
    );
    const [audit] = await auditFor(past.id);
    expect(audit).toMatchObject({
      action: "webinar.recording",
      before: { recordingUrl: null },
      after: { recordingUrl: "https://video.example.org/past" },
    });
  });
});

describe("who may use the schedule editor", () => {
  const routes = (id: string) =>
    [
      ["week loader", weekLoader, "/admin/webinars", {}, undefined],
      ["new loader", newLoader, "/admin/webinars/new", {}, undefined],
      ["new action", newAction, "/admin/webinars/new", {}, newForm()],
      ["edit loader", editLoader, `/admin/webinars/${id}`, { id }, undefined],
      ["edit action", editAction, `/admin/webinars/${id}`, { id }, { intent: "publish" }],
      ["preview action", previewAction, "/admin/webinars/preview", {}, { abstract: "x" }],
    ] as const;

  it("sends anonymous visitors to sign in, refuses attendees and faculty, and asks organisers for the second factor", async () => {
    const w = await createThroughPage({ title: "Guarded" });
    const attendee = await createUser(db());
    const faculty = await createUser(db(), { isFaculty: true });
    const unverified = await createUser(db(), {
      isOrganiser: true,
      totpSecret: TEST_TOTP_SECRET,
      totpEnabledAt: new Date(),
    });
    const attendeeCookie = await signedInCookie(attendee.id);
    const facultyCookie = await signedInCookie(faculty.id);
    const unverifiedCookie = await signedInCookie(unverified.id);
    for (const [name, fn, url, params, form] of routes(w.id)) {
      const opts = { params: { ...params }, ...(form ? { form: { ...form } } : {}) };
      const anonymous = await callRoute(fn, url, opts);
      expect(anonymous.status, name).toBe(303);
      expect(anonymous.headers.get("Location"), name).toMatch(/^\/login\?redirectTo=/);
      expect((await callRoute(fn, url, { ...opts, cookie: attendeeCookie })).status, name).toBe(
        403,
      );
      expect((await callRoute(fn, url, { ...opts, cookie: facultyCookie })).status, name).toBe(403);
      const second = await callRoute(fn, url, { ...opts, cookie: unverifiedCookie });
      expect(second.status, name).toBe(303);
      expect(second.headers.get("Location"), name).toMatch(
        /^\/admin\/security\/verify\?redirectTo=/,
      );
    }
    // None of that changed anything.
    const [row] = await db().select().from(webinar).where(eq(webinar.id, w.id));
    expect(row!.status).toBe("draft");
  });

  it("answers 404 for another festival's webinar and for ids that are not uuids", async () => {
    const elsewhere = await createWebinar(db(), otherFestival, { status: "draft" });
    for (const id of [
      elsewhere.id,
      "00000000-0000-4000-8000-000000000000",
      "not-a-uuid",
      "1 or 1=1",
      "%00",
    ]) {
      expect((await as(editLoader, `/admin/webinars/x`, { params: { id } })).status, id).toBe(404);
      for (const intent of [
        "publish",
        "save",
        "reschedule-confirm",
        "cancel-confirm",
        "recording",
      ]) {
        const res = await as(editAction, `/admin/webinars/x`, {
          params: { id },
          form: { intent, title: "Hijack", startDate: day(1), startTime: "10:00", duration: "30" },
        });
        expect(res.status, `${id} ${intent}`).toBe(404);
      }
    }
    const [row] = await db().select().from(webinar).where(eq(webinar.id, elsewhere.id));
    expect(row).toEqual(elsewhere);
  });
});

describe("the organiser's name in the log", () => {
  it("is the email of the organiser who acted", async () => {
    const second = await createUser(db(), { email: "second.organiser@example.test" });
    const secondCookie = await organiserCookie(second.id);
    const res = await callRoute(newAction, "/admin/webinars/new", {
      cookie: secondCookie,
      form: newForm({ title: "By the second organiser" }),
    });
    const id = res.headers.get("Location")!.split("/").pop()!.split("?")[0]!;
    const [audit] = await auditFor(id);
    expect(audit).toMatchObject({
      actorId: second.id,
      actorEmail: "second.organiser@example.test",
    });
    const [person] = await db().select().from(user).where(eq(user.id, second.id));
    expect(person!.isOrganiser).toBe(true);
  });
});
