import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { user, webinar } from "~db/schema";
import { env } from "~/lib/env.server";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { loader as feedLoader } from "~/routes/calendar.$feed";
import { action as meAction } from "~/routes/me._index";
import {
  createAttendee,
  createFestival,
  createRegistration,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { parseCalendar } from "~tests/helpers/ical";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * The personal calendar feed, /calendar/<token>.ics, called as Remix calls
 * it: exactly the webinars the person holds a seat at, published with no
 * attendee addresses and no join links, behind a token they can replace.
 */
const testDb = withTestDatabase();

let festival: FestivalRow;
let person: Awaited<ReturnType<typeof createAttendee>>;
let other: Awaited<ReturnType<typeof createAttendee>>;
const w = {} as Record<
  "first" | "second" | "waitlisted" | "leftByThem" | "calledOff" | "othersOnly",
  WebinarRow
>;

const host = () => new URL(env().APP_URL).hostname;
const uidOf = (row: WebinarRow) => `${row.calendarUid}@${host()}`;
const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, "");

async function tokenOf(userId: string): Promise<string> {
  const [row] = await testDb.handle.db
    .select({ calendarToken: user.calendarToken })
    .from(user)
    .where(eq(user.id, userId));
  return row!.calendarToken;
}

function fetchFeed(feed: string) {
  return callRoute(feedLoader, `/calendar/${encodeURIComponent(feed)}`, { params: { feed } });
}

async function feedOf(userId: string) {
  const result = await fetchFeed(`${await tokenOf(userId)}.ics`);
  expect(result.status).toBe(200);
  return { ...result, body: result.body!, calendar: parseCalendar(result.body!) };
}

beforeAll(async () => {
  const db = testDb.handle.db;
  // An earlier edition, so "current" has to mean the most recent one.
  await createFestival(db, {
    name: "Last Year's Festival",
    startsOn: "2025-10-20",
    endsOn: "2025-10-24",
  });
  festival = await createFestival(db, {
    name: "Networks Festival",
    timeZone: "Europe/London",
    startsOn: "2026-10-21",
    endsOn: "2026-10-28",
  });
  person = await createAttendee(db, festival, { email: "feed@example.org", name: "Fay Feed" });
  other = await createAttendee(db, festival, { email: "other@example.org", name: "Otto Other" });

  const make = (
    title: string,
    localStart: string,
    extra: Parameters<typeof createWebinar>[2] = {},
  ) => createWebinar(db, festival, { title, localStart, ...extra });
  w.first = await make("Confirmed one", "2026-10-22T12:30", { sequence: 2 });
  w.second = await make("Confirmed two", "2026-10-27T12:30");
  w.waitlisted = await make("Full up", "2026-10-23T12:30", { capacity: 1 });
  w.leftByThem = await make("Changed my mind", "2026-10-24T12:30");
  w.calledOff = await make("Called off by organisers", "2026-10-26T12:30");
  w.othersOnly = await make("Someone else's", "2026-10-25T12:30");

  await createRegistration(db, w.first, person, "confirmed");
  await createRegistration(db, w.second, person, "confirmed");
  await createRegistration(db, w.waitlisted, other, "confirmed");
  await createRegistration(db, w.waitlisted, person, "waitlisted");
  await createRegistration(db, w.leftByThem, person, "cancelled");
  await createRegistration(db, w.calledOff, person, "confirmed");
  await createRegistration(db, w.othersOnly, other, "confirmed");
});

describe("the personal feed", () => {
  it("follows an organiser's cancellation, keeping the webinar marked cancelled", async () => {
    const before = await feedOf(person.id);
    const calledOffBefore = before.calendar.events.find((e) => e.uid === uidOf(w.calledOff));
    expect(calledOffBefore).toMatchObject({ status: "CONFIRMED", sequence: 0 });

    // What an organiser's cancellation does: status and SEQUENCE change together.
    const [changed] = await testDb.handle.db
      .update(webinar)
      .set({ status: "cancelled", sequence: sql`${webinar.sequence} + 1` })
      .where(eq(webinar.id, w.calledOff.id))
      .returning();
    w.calledOff = changed!;
    scheduleChanged();

    const after = await feedOf(person.id);
    const calledOffAfter = after.calendar.events.find((e) => e.uid === uidOf(w.calledOff));
    expect(calledOffAfter).toMatchObject({ status: "CANCELLED", sequence: 1 });
    expect(calledOffAfter!.alarmTriggers).toEqual([]);
  });

  it("holds exactly the webinars they hold a seat at, published without attendees or join links", async () => {
    const { calendar, body, headers } = await feedOf(person.id);

    expect(headers.get("Content-Type")).toMatch(/^text\/calendar\b/);
    const cacheControl = headers.get("Cache-Control") ?? "";
    expect(cacheControl).toMatch(/\bprivate\b/);
    expect(cacheControl).not.toMatch(/\bpublic\b|s-maxage/);

    expect(calendar.method).toBe("PUBLISH");
    expect(calendar.name).toBe("Networks Festival: my webinars");
    expect(calendar.events.map((e) => e.uid).sort()).toEqual(
      [w.first, w.second, w.calledOff].map(uidOf).sort(),
    );

    const byUid = new Map(calendar.events.map((e) => [e.uid, e]));
    for (const row of [w.first, w.second, w.calledOff]) {
      const event = byUid.get(uidOf(row))!;
      expect(event.sequence).toBe(row.sequence);
      expect(event.startIsUtc).toBe(true);
      expect(event.start.toISOString()).toBe(row.startsAt.toISOString());
      expect(event.attendees).toEqual([]);
    }
    expect(byUid.get(uidOf(w.first))).toMatchObject({ status: "CONFIRMED", sequence: 2 });
    expect(byUid.get(uidOf(w.calledOff))!.status).toBe("CANCELLED");
    for (const row of [w.first, w.second]) {
      expect(byUid.get(uidOf(row))!.alarmTriggers.length).toBeGreaterThan(0);
    }

    const text = unfold(body);
    expect(text).not.toMatch(/^ATTENDEE/im);
    expect(text).not.toContain("mailto:");
    expect(text).not.toContain(person.email);
    for (const row of Object.values(w)) expect(text).not.toContain(row.joinUrl!);
    expect(text).not.toContain("meet.example.test");

    // Subscribers are told how often to look again.
    const hasRefresh = calendar.refresh !== null || /^X-PUBLISHED-TTL:/m.test(text);
    expect(hasRefresh).toBe(true);
  });

  it("is each person's own", async () => {
    const { calendar } = await feedOf(other.id);
    expect(calendar.events.map((e) => e.uid).sort()).toEqual(
      [w.waitlisted, w.othersOnly].map(uidOf).sort(),
    );
    expect(await tokenOf(other.id)).not.toBe(await tokenOf(person.id));
  });
});

describe("replacing the feed address", () => {
  it("needs the person signed in", async () => {
    const token = await tokenOf(person.id);
    const result = await callRoute(meAction, "/me", { form: { intent: "rotate-feed" } });
    expect(result.status).toBe(303);
    expect(result.headers.get("Location")).toMatch(/^\/login/);
    expect(await tokenOf(person.id)).toBe(token);
  });

  it("retires the old address and gives a working new one", async () => {
    const oldToken = await tokenOf(person.id);
    const before = await fetchFeed(`${oldToken}.ics`);
    expect(before.status).toBe(200);

    const result = await callRoute(meAction, "/me", {
      cookie: await signedInCookie(person.id),
      form: { intent: "rotate-feed" },
    });
    expect(result.status).toBe(303);
    expect(result.headers.get("Location")).toBe("/me?feed=replaced#calendar");

    const newToken = await tokenOf(person.id);
    expect(newToken).not.toBe(oldToken);
    expect(newToken.length).toBeGreaterThanOrEqual(40);

    const old = await fetchFeed(`${oldToken}.ics`);
    expect(old.status).toBe(404);
    expect(old.headers.get("Cache-Control")).toBe("no-store");

    const fresh = await fetchFeed(`${newToken}.ics`);
    expect(fresh.status).toBe(200);
    expect(
      parseCalendar(fresh.body!)
        .events.map((e) => e.uid)
        .sort(),
    ).toEqual(
      parseCalendar(before.body!)
        .events.map((e) => e.uid)
        .sort(),
    );
    // Someone else's address is untouched.
    expect((await fetchFeed(`${await tokenOf(other.id)}.ics`)).status).toBe(200);
  });

  it("answers 404, never 500, to malformed or unknown addresses", async () => {
    const token = await tokenOf(person.id);
    const attempts = [
      "../../etc",
      "../../etc.ics",
      "..%2F..%2Fetc%2Fpasswd.ics",
      "short.ics",
      ".ics",
      "",
      token, // no .ics suffix
      `${token}.ics.ics`,
      `${token}.ical`,
      `${token}/.ics`,
      `${token.slice(0, -1)}.ics`,
      `${token}x.ics`,
      `${"a".repeat(100)}.ics`,
      `${"a".repeat(10_000)}.ics`,
      "' or '1'='1.ics",
      "%00.ics",
      "\u0000\u0000.ics",
      `${"é".repeat(50)}.ics`,
    ];
    for (const feed of attempts) {
      const result = await fetchFeed(feed);
      expect(result.status, JSON.stringify(feed.slice(0, 80))).toBe(404);
      expect(result.headers.get("Content-Type")).toMatch(/^text\/plain/);
      expect(result.body).not.toContain("BEGIN:VCALENDAR");
    }
  });
});
