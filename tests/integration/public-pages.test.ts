import { beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "~db/client.server";
import type { RootData } from "~/lib/root-data";
import type { WebinarView } from "~/lib/webinar-view";
import { loader as rootLoader } from "~/root";
import { loader as homeLoader } from "~/routes/_index";
import { loader as scheduleJsonLoader } from "~/routes/api.schedule[.]json";
import { loader as facultyProfileLoader } from "~/routes/faculty.$slug";
import { loader as facultyIndexLoader } from "~/routes/faculty._index";
import { loader as healthLoader } from "~/routes/healthz";
import { loader as scheduleLoader } from "~/routes/schedule";
import { loader as scheduleIcsLoader } from "~/routes/schedule[.]ics";
import { loader as webinarLoader } from "~/routes/webinars.$slug";
import { loader as webinarIcsLoader } from "~/routes/webinars.$slug.calendar[.]ics";
import { action as zoneAction } from "~/routes/zone";
import { dstWeekFestival } from "~tests/factories";
import { parseCalendar } from "~tests/helpers/ical";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
let week: Awaited<ReturnType<typeof dstWeekFestival>>;

beforeAll(async () => {
  week = await dstWeekFestival(testDb.handle.db);
});

const noSecrets = (text: string) => {
  expect(text).not.toContain("meet.example.test");
  expect(text).not.toContain("secret-");
};

describe("the root loader", () => {
  it("shows festival time on a first visit", async () => {
    const { data } = await callRoute<RootData>(rootLoader, "/schedule");
    expect(data!.festival!.name).toBe("Autumn Networks Week");
    expect(data!.zone).toMatchObject({ zone: "Europe/London", source: "festival" });
  });

  it("uses the zone the browser remembered, and falls back from a bad one", async () => {
    const remembered = await callRoute<RootData>(rootLoader, "/schedule", {
      cookie: "meridian_tz=Australia%2FMelbourne",
    });
    expect(remembered.data!.zone.zone).toBe("Australia/Melbourne");
    const bad = await callRoute<RootData>(rootLoader, "/schedule?tz=Nowhere/Land", {
      cookie: "meridian_tz=%%%",
    });
    expect(bad.status).toBe(200);
    expect(bad.data!.zone.zone).toBe("Europe/London");
  });
});

describe("the schedule", () => {
  it("lists published and cancelled webinars in time order, never drafts", async () => {
    const { data, status } = await callRoute<{ webinars: WebinarView[] }>(
      scheduleLoader,
      "/schedule",
    );
    expect(status).toBe(200);
    expect(data!.webinars.map((w) => [w.slug, w.status])).toEqual([
      ["before-the-change", "published"],
      ["called-off", "cancelled"],
      ["after-the-change", "published"],
    ]);
    const after = data!.webinars[2]!;
    expect(after.startsAt).toBe("2026-10-27T12:30:00.000Z");
    expect(after.hosts.map((h) => h.name)).toEqual(["Daniel Reyes", "Amara Okafor"]);
    expect(after.speakers.map((s) => s.name)).toEqual(["Tom Whitfield"]);
    noSecrets(JSON.stringify(data));
  });

  it("lets shared caches keep the anonymous page, but not a personalised one", async () => {
    const anonymous = await callRoute(scheduleLoader, "/schedule");
    expect(anonymous.headers.get("Cache-Control")).toMatch(
      /public.*s-maxage=\d+.*stale-while-revalidate=\d+/,
    );
    const personal = await callRoute(scheduleLoader, "/schedule", { cookie: "meridian_tz=UTC" });
    expect(personal.headers.get("Cache-Control")).toMatch(/private/);
  });
});

describe("a webinar page", () => {
  it("shows the sanitised abstract, hosts and calendar links, but no join link", async () => {
    const { data, status } = await callRoute<{
      abstractHtml: string;
      people: { name: string; bioHtml: string }[];
      calendar: { ics: string; google: string; outlook: string; office: string };
    }>(webinarLoader, "/webinars/after-the-change", { params: { slug: "after-the-change" } });
    expect(status).toBe(200);
    expect(data!.abstractHtml).toContain("<strong>Bold</strong>");
    expect(data!.abstractHtml).not.toMatch(/<script|javascript:/i);
    expect(data!.people.map((p) => p.name)).toEqual([
      "Daniel Reyes",
      "Amara Okafor",
      "Tom Whitfield",
    ]);
    expect(data!.calendar.ics).toBe("/webinars/after-the-change/calendar.ics");
    expect(new URL(data!.calendar.google).searchParams.get("dates")).toBe(
      "20261027T123000Z/20261027T130000Z",
    );
    expect(new URL(data!.calendar.outlook).searchParams.get("startdt")).toBe(
      "2026-10-27T12:30:00Z",
    );
    noSecrets(JSON.stringify(data));
  });

  it("answers 404 for unknown slugs, drafts and malformed slugs", async () => {
    for (const slug of [
      "no-such-webinar",
      "still-a-draft",
      "../../etc/passwd",
      "x".repeat(5000),
      "DROP TABLE",
    ]) {
      const result = await callRoute(webinarLoader, `/webinars/${encodeURIComponent(slug)}`, {
        params: { slug },
      });
      expect(result.status, slug).toBe(404);
    }
  });

  it("offers a calendar file with the webinar's permanent UID", async () => {
    const result = await callRoute(webinarIcsLoader, "/webinars/after-the-change/calendar.ics", {
      params: { slug: "after-the-change" },
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    const calendar = parseCalendar(result.body!);
    expect(calendar.method).toBe("PUBLISH");
    expect(calendar.events).toHaveLength(1);
    expect(calendar.events[0]!.uid).toBe(`${week.afterChange.calendarUid}@localhost`);
    expect(calendar.events[0]!.start.toISOString()).toBe("2026-10-27T12:30:00.000Z");
    noSecrets(result.body!);
    const draft = await callRoute(webinarIcsLoader, "/webinars/still-a-draft/calendar.ics", {
      params: { slug: "still-a-draft" },
    });
    expect(draft.status).toBe(404);
  });
});

describe("the schedule as a calendar and as JSON", () => {
  it("publishes every public webinar, keeping the cancelled one as cancelled", async () => {
    const result = await callRoute(scheduleIcsLoader, "/schedule.ics");
    expect(result.headers.get("Cache-Control")).toMatch(/s-maxage/);
    const calendar = parseCalendar(result.body!);
    expect(calendar.method).toBe("PUBLISH");
    expect(calendar.events.map((e) => [e.summary, e.status, e.sequence])).toEqual([
      ["Before the clocks change", "CONFIRMED", 0],
      ["Cancelled: Called off", "CANCELLED", 1],
      ["After the clocks change", "CONFIRMED", 0],
    ]);
    expect(calendar.events[0]!.alarmTriggers).toEqual(["-PT15M"]);
    expect(calendar.events.every((e) => e.dtstamp.endsWith("Z"))).toBe(true);
    noSecrets(result.body!);
    expect(result.body).not.toContain("Still a draft");
  });

  it("serves the same schedule as JSON, with UTC instants and CORS for other sites", async () => {
    const result = await callRoute<{
      festival: { timeZone: string };
      webinars: {
        slug: string;
        startsAt: string;
        uid: string;
        status: string;
        hosts: { name: string }[];
      }[];
    }>(scheduleJsonLoader, "/api/schedule.json");
    expect(result.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(result.data!.festival.timeZone).toBe("Europe/London");
    expect(result.data!.webinars.map((w) => w.slug)).toEqual([
      "before-the-change",
      "called-off",
      "after-the-change",
    ]);
    expect(result.data!.webinars[0]!.startsAt).toBe("2026-10-23T11:30:00.000Z");
    expect(result.data!.webinars[2]!.uid).toBe(week.afterChange.calendarUid);
    noSecrets(result.body!);
  });
});

describe("the home page and the faculty", () => {
  it("gives the home page the festival, its webinars and its faculty", async () => {
    const { data } = await callRoute<{
      festival: { name: string };
      webinars: unknown[];
      faculty: { name: string; isChair: boolean }[];
    }>(homeLoader, "/");
    expect(data!.festival.name).toBe("Autumn Networks Week");
    expect(data!.webinars).toHaveLength(3);
    expect(data!.faculty[0]).toMatchObject({ name: "Amara Okafor", isChair: true });
  });

  it("lists the faculty with the chair first and shows who hosts what", async () => {
    const index = await callRoute<{ faculty: { name: string }[] }>(facultyIndexLoader, "/faculty");
    expect(index.data!.faculty.map((f) => f.name)).toEqual(["Amara Okafor", "Daniel Reyes"]);
    const profile = await callRoute<{ webinars: { slug: string }[] }>(
      facultyProfileLoader,
      "/faculty/amara-okafor",
      {
        params: { slug: "amara-okafor" },
      },
    );
    expect(profile.data!.webinars.map((w) => w.slug)).toEqual([
      "before-the-change",
      "after-the-change",
    ]);
    const missing = await callRoute(facultyProfileLoader, "/faculty/nobody", {
      params: { slug: "nobody" },
    });
    expect(missing.status).toBe(404);
  });
});

describe("choosing a zone", () => {
  it("remembers a valid zone in a cookie and goes back to the page", async () => {
    const result = await callRoute(zoneAction, "/zone", {
      form: { zone: "America/New_York", redirectTo: "/schedule?view=festival" },
    });
    expect(result.status).toBe(303);
    expect(result.headers.get("Location")).toBe("/schedule?view=festival");
    expect(result.headers.get("Set-Cookie")).toMatch(
      /^meridian_tz=America%2FNew_York; Path=\/; Max-Age=\d+; SameSite=Lax/,
    );
  });

  it("explains a bad zone and never redirects off the site", async () => {
    const bad = await callRoute<{ error: string }>(zoneAction, "/zone", {
      form: { zone: "Mars/Base", redirectTo: "/schedule" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data!.error).toMatch(/Choose a time zone from the list/);
    const offsite = await callRoute(zoneAction, "/zone", {
      form: { zone: "UTC", redirectTo: "https://evil.example/" },
    });
    expect(offsite.headers.get("Location")).toBe("/schedule");
    const empty = await callRoute(zoneAction, "/zone", { form: {} });
    expect(empty.status).toBe(400);
  });
});

describe("health", () => {
  it("answers 200 while the database answers, 503 when it does not", async () => {
    const up = await callRoute<{ database: boolean }>(healthLoader, "/healthz");
    expect(up.status).toBe(200);
    expect(up.data!.database).toBe(true);
    installDatabase({
      ...testDb.handle,
      ping: () => Promise.reject(new Error("connection refused")),
    });
    try {
      const down = await callRoute<{ database: boolean }>(healthLoader, "/healthz");
      expect(down.status).toBe(503);
      expect(down.headers.get("Cache-Control")).toBe("no-store");
    } finally {
      installDatabase(testDb.handle);
    }
  });
});
