import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import { planDigests } from "~/models/digest.server";
import { registerForWebinar } from "~/models/registration.server";
import {
  createAttendee,
  createFestival,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const appUrl = "https://fest.example.org";
let festival: FestivalRow;
let w: WebinarRow;
const readers: Record<string, { id: string; email: string }> = {};

beforeAll(async () => {
  festival = await createFestival(testDb.handle.db, {
    startsOn: "2026-10-21",
    endsOn: "2026-10-28",
  });
  // 12:30 London on Tuesday 27 October (GMT since Sunday): 08:30 in New York, 23:30 in Melbourne.
  w = await createWebinar(testDb.handle.db, festival, {
    localStart: "2026-10-27T12:30",
    title: "After the change",
  });
  for (const zone of ["Europe/London", "America/New_York", "Australia/Melbourne"]) {
    readers[zone] = await createAttendee(testDb.handle.db, festival, {
      timeZone: zone,
      emailDigest: true,
      name: `Reader ${zone}`,
    });
  }
  await registerForWebinar(readers["Europe/London"]!.id, w.slug, {
    festival,
    appUrl,
    now: new Date("2026-10-20T09:00:00Z"),
  });
});

async function digests() {
  const rows = await testDb.handle.db.select().from(outbox).where(eq(outbox.kind, "digest"));
  return rows.map((r) => ({ to: r.recipient, at: r.sendAfter.toISOString(), message: r.message }));
}

describe("the daily digest", () => {
  it("goes at 08:00 local for London, New York and Melbourne readers, once, across the DST week", async () => {
    const plan = (iso: string) => planDigests(testDb.handle.db, festival, appUrl, new Date(iso));
    // 20:59 UTC on the 26th is 07:59 on the 27th in Melbourne: too early for anyone.
    await plan("2026-10-26T20:59:00Z");
    expect(await digests()).toEqual([]);
    // 21:00 UTC: 08:00 in Melbourne (UTC+11).
    await plan("2026-10-26T21:00:00Z");
    expect((await digests()).map((d) => d.to)).toEqual([readers["Australia/Melbourne"]!.email]);
    // 08:00 UTC: 08:00 in London (GMT from the 25th); New York still at 04:00.
    await plan("2026-10-27T07:59:00Z");
    expect(await digests()).toHaveLength(1);
    await plan("2026-10-27T08:00:00Z");
    expect(await digests()).toHaveLength(2);
    // 12:00 UTC: 08:00 in New York (EDT, UTC-4, until 1 November).
    await plan("2026-10-27T11:59:00Z");
    expect(await digests()).toHaveLength(2);
    await plan("2026-10-27T12:00:00Z");
    await plan("2026-10-27T12:05:00Z"); // a second worker, a minute later: still once each
    const all = await digests();
    expect(all.map((d) => [d.to, d.at]).sort()).toEqual(
      [
        [readers["Australia/Melbourne"]!.email, "2026-10-26T21:00:00.000Z"],
        [readers["Europe/London"]!.email, "2026-10-27T08:00:00.000Z"],
        [readers["America/New_York"]!.email, "2026-10-27T12:00:00.000Z"],
      ].sort(),
    );
  });

  it("lists the day's webinars in the reader's time and festival time, marks theirs, and can be stopped", async () => {
    const all = await digests();
    const ny = all.find((d) => d.to === readers["America/New_York"]!.email)!.message;
    expect(ny.subject).toBe("Today at Test Festival: Tuesday 27 October");
    expect(ny.text).toContain(
      "08:30–09:00 New York time (UTC−4) (festival time 12:30–13:00 London time (UTC)): After the change",
    );
    const london = all.find((d) => d.to === readers["Europe/London"]!.email)!.message;
    expect(london.text).toContain(
      "12:30–13:00 London time (UTC): After the change (you are registered)",
    );
    expect(london.text).toContain(`${appUrl}/webinars/${w.slug}/join`);
    expect(london.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(london.headers?.["List-Unsubscribe"]).toMatch(
      /^<https:\/\/fest\.example\.org\/unsubscribe\//,
    );
  });

  it("sends nothing on a day without webinars or outside the festival", async () => {
    const before = (await digests()).length;
    await planDigests(testDb.handle.db, festival, appUrl, new Date("2026-10-29T09:00:00Z"));
    await planDigests(testDb.handle.db, festival, appUrl, new Date("2026-10-22T09:00:00Z"));
    expect(await digests()).toHaveLength(before);
  });
});
