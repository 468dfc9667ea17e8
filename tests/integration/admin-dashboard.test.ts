import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { festivalRegistration, outbox, webinarRegistration } from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import {
  attendeePlaces,
  dashboard,
  registrationsByDay,
  webinarFigures,
} from "~/models/dashboard.server";
import { loader as dashboardLoader } from "~/routes/admin._index";
import {
  createFestival,
  createRegistration,
  createUser,
  createWebinar,
  type FestivalRow,
} from "~tests/factories";
import { accessCookies, expectGuarded, type AccessCookies } from "~tests/helpers/admin-access";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * The DST week: London leaves summer time at 01:00 UTC on Sunday 25 October
 * 2026, so 23:30 UTC on the 24th is already the 25th in London (00:30 BST),
 * while 23:30 UTC on the 25th is still the 25th (23:30 GMT).
 */
const testDb = withTestDatabase();
const now = new Date("2026-10-27T18:00:00Z");
let festival: FestivalRow;
let cookies: AccessCookies;

async function registrant(
  at: string,
  person: { timeZone?: string | null; country?: string; emailAnnouncements?: boolean } = {},
) {
  const user = await createUser(testDb.handle.db, { privacyConsentAt: new Date(), ...person });
  await testDb.handle.db
    .insert(festivalRegistration)
    .values({ festivalId: festival.id, userId: user.id, createdAt: new Date(at) });
  return user;
}

beforeAll(async () => {
  festival = await createFestival(testDb.handle.db, {
    timeZone: "Europe/London",
    startsOn: "2026-10-21",
    endsOn: "2026-10-28",
  });
  cookies = await accessCookies(testDb.handle.db);
});

describe("the dashboard's figures", () => {
  it("counts registrations on the festival's calendar day across the clock change, with a running total", async () => {
    await registrant("2026-10-23T10:00:00Z", { timeZone: "Europe/London", country: "UK" }); // Fri 23rd
    // Saturday 24th: nobody. Sunday 25th, three, however the UTC dates fall:
    await registrant("2026-10-24T23:30:00Z", { timeZone: "Europe/London", country: "uk " }); // 00:30 BST
    await registrant("2026-10-25T00:30:00Z", { timeZone: "America/New_York", country: "USA" }); // 01:30 BST
    await registrant("2026-10-25T23:30:00Z", { timeZone: "America/Chicago", country: "UK" }); // 23:30 GMT
    await registrant("2026-10-26T00:10:00Z", { timeZone: "Australia/Melbourne" }); // Mon 26th 00:10 GMT
    await registrant("2026-10-26T09:00:00Z", { timeZone: null, country: "Kenya" });

    expect(await registrationsByDay(festival)).toEqual([
      { day: "2026-10-23", registrations: 1, total: 1 },
      { day: "2026-10-24", registrations: 0, total: 1 },
      { day: "2026-10-25", registrations: 3, total: 4 },
      { day: "2026-10-26", registrations: 2, total: 6 },
    ]);
  });

  it("groups where registrants are by region, zone and country, the largest first, the rest as other", async () => {
    const places = await attendeePlaces(festival, 2);
    expect(places.regions).toEqual([
      { label: "Americas", count: 2 },
      { label: "Europe", count: 2 },
      { label: "Australia", count: 1 },
    ]);
    // Three zones of one each after London's two: the top two, then the others together.
    expect(places.cities).toEqual([
      { label: "London", count: 2 },
      { label: "Chicago", count: 1 },
      { label: "Other zones", count: 2 },
    ]);
    // "UK" and "uk " are one country, named as most people wrote it.
    expect(places.countries).toEqual([
      { label: "UK", count: 3 },
      { label: "Kenya", count: 1 },
      { label: "USA", count: 1 },
    ]);
    expect(places.withoutZone).toBe(1);
    expect(places.withoutCountry).toBe(1);
  });

  it("gives seats, waitlists, and after a webinar ends its attendance and no-show rate", async () => {
    const db = testDb.handle.db;
    const ended = await createWebinar(db, festival, {
      title: "Ended",
      localStart: "2026-10-26T12:30",
      capacity: 10,
    });
    const upcoming = await createWebinar(db, festival, {
      title: "Upcoming",
      localStart: "2026-10-28T12:30",
      capacity: 2,
    });
    await createWebinar(db, festival, { title: "Draft", status: "draft" });
    const people = await Promise.all(
      Array.from({ length: 8 }, () => createUser(db, { privacyConsentAt: new Date() })),
    );
    for (const p of people.slice(0, 4)) {
      const reg = await createRegistration(db, ended, p, "confirmed");
      if (p !== people[3])
        await db
          .update(webinarRegistration)
          .set({ joinedAt: new Date("2026-10-26T11:31:00Z") })
          .where(eq(webinarRegistration.id, reg.id));
    }
    await createRegistration(db, ended, people[4]!, "waitlisted");
    await createRegistration(db, ended, people[5]!, "cancelled");
    await createRegistration(db, upcoming, people[5]!, "confirmed");
    await createRegistration(db, upcoming, people[6]!, "confirmed");
    await createRegistration(db, upcoming, people[7]!, "waitlisted");

    const figures = await webinarFigures(festival, now);
    expect(
      figures.map((w) => [w.title, w.capacity, w.confirmed, w.waitlisted, w.joined, w.ended]),
    ).toEqual([
      ["Ended", 10, 4, 1, 3, true],
      ["Upcoming", 2, 2, 1, 0, false],
    ]);

    await enqueueEmails(db, [
      {
        kind: "test",
        to: "a@example.test",
        dedupeKey: "dash:1",
        message: { subject: "a", text: "a", html: "a" },
        sendAfter: new Date("2026-10-27T17:57:00Z"),
      },
      {
        kind: "test",
        to: "b@example.test",
        dedupeKey: "dash:2",
        message: { subject: "b", text: "b", html: "b" },
      },
    ]);
    await db
      .update(outbox)
      .set({ status: "failed", lastError: "550 no such user" })
      .where(eq(outbox.dedupeKey, "dash:2"));

    const d = await dashboard(festival, now);
    expect(d.attendance).toEqual([
      expect.objectContaining({
        title: "Ended",
        confirmed: 4,
        joined: 3,
        noShows: 1,
        noShowRate: 0.25,
      }),
    ]);
    expect(d.headlines).toEqual({
      festivalRegistrants: 6,
      seatsTaken: 6,
      limitedSeats: { offered: 12, taken: 6 },
      waitlisted: 2,
      joined: 3,
      emailsPending: 1,
      emailsFailed: 1,
    });
    expect(d.mail.oldestDueSeconds).toBe(180);
  });
});

describe("the dashboard page", () => {
  it("is for organisers who passed the second factor", async () => {
    await expectGuarded(dashboardLoader, "/admin", cookies);
  });

  it("shows the figures with days named on the festival calendar and times with their zone", async () => {
    const page = await callRoute<{
      headlines: { festivalRegistrants: number; emailsFailed: number };
      days: { label: string; registrations: number }[];
      webinars: { title: string; when: string }[];
      attendance: { title: string; noShowRate: number }[];
      mail: { oldestDue: string | null };
      asOf: string;
    }>(dashboardLoader, "/admin", { cookie: cookies.organiser });
    expect(page.status).toBe(200);
    expect(page.data!.headlines).toMatchObject({ festivalRegistrants: 6, emailsFailed: 1 });
    expect(page.data!.days.map((d) => `${d.label}: ${d.registrations}`)).toEqual([
      "Fri 23 Oct: 1",
      "Sat 24 Oct: 0",
      "Sun 25 Oct: 3",
      "Mon 26 Oct: 2",
    ]);
    expect(page.data!.webinars.find((w) => w.title === "Ended")!.when).toBe(
      "Mon 26 Oct, 12:30–13:00 London time (UTC)",
    );
    // The real clock is past the festival week: both webinars have ended by now.
    expect(page.data!.attendance.map((a) => a.title)).toContain("Ended");
    expect(page.data!.asOf).toMatch(/London time \(UTC(\+1)?\)$/);
  });
});
