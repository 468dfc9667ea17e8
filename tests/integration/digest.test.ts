import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import { planDigests } from "~/models/digest.server";
import { registerForWebinar } from "~/models/registration.server";
import {
  createAttendee,
  createFaculty,
  createFestival,
  createPost,
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

describe("new on the blog", () => {
  // Wednesday 28 October, the festival's last day: no webinars, but the blog moved on.
  const londonMorning = new Date("2026-10-28T08:00:00Z");

  beforeAll(async () => {
    const db = testDb.handle.db;
    const amara = await createFaculty(db, festival, { name: "Amara Okafor" });
    const daniel = await createFaculty(db, festival, { name: "Daniel Reyes" });
    await createPost(db, festival, {
      slug: "funding-and-trust",
      title: "Funding & trust",
      summary: "Why <small> grants build big networks.",
      publishAt: new Date("2026-10-27T18:00:00Z"),
      authors: [amara, daniel],
    });
    // 25 hours before the London digest: yesterday's news, told yesterday.
    await createPost(db, festival, {
      slug: "yesterdays-post",
      title: "Yesterday's post",
      publishAt: new Date("2026-10-27T07:00:00Z"),
      authors: [amara],
    });
    // Scheduled for later that morning, and a draft: neither is public yet.
    await createPost(db, festival, {
      slug: "later-today",
      title: "Later today",
      publishAt: new Date("2026-10-28T09:00:00Z"),
    });
    await createPost(db, festival, {
      slug: "a-draft",
      title: "A draft",
      status: "draft",
      publishAt: null,
    });
  });

  it("lists posts of the last 24 hours with authors, link and summary, in text and HTML", async () => {
    await planDigests(testDb.handle.db, festival, appUrl, londonMorning);
    const all = (await digests()).filter((d) => d.at === londonMorning.toISOString());
    // A day without webinars still brings the digest when there is something new to read:
    // to London at 08:00, and to Melbourne, where it is 19:00 and the morning's was missed.
    expect(all.map((d) => d.to).sort()).toEqual(
      [readers["Europe/London"]!.email, readers["Australia/Melbourne"]!.email].sort(),
    );
    const message = all.find((d) => d.to === readers["Europe/London"]!.email)!.message;
    expect(message.subject).toBe("Today at Test Festival: Wednesday 28 October");
    expect(message.text).toContain("There are no webinars today.");
    expect(message.text).toContain(
      [
        "New on the blog",
        "",
        "Funding & trust",
        "By Amara Okafor and Daniel Reyes",
        `${appUrl}/blog/funding-and-trust`,
        "Why <small> grants build big networks.",
      ].join("\n"),
    );
    expect(message.html).toContain(
      `<a href="${appUrl}/blog/funding-and-trust"><strong>Funding &amp; trust</strong></a>`,
    );
    expect(message.html).toContain("By Amara Okafor and Daniel Reyes");
    expect(message.html).toContain("Why &lt;small&gt; grants build big networks.");
    expect(message.html).not.toContain("<small>");
    for (const part of [message.text, message.html]) {
      expect(part).not.toContain("Yesterday's post");
      expect(part).not.toContain("Later today");
      expect(part).not.toContain("A draft");
    }
  });

  it("leaves the section out when nothing is new", async () => {
    const tuesday = (await digests()).find((d) => d.to === readers["Europe/London"]!.email)!;
    expect(tuesday.at).toBe("2026-10-27T08:00:00.000Z");
    expect(tuesday.message.text).not.toContain("New on the blog");
    expect(tuesday.message.html).not.toContain("New on the blog");
  });
});
