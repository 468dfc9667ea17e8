import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, festival as festivalTable, outbox } from "~db/schema";
import { loader as rootLoader } from "~/root";
import { registerForWebinar } from "~/models/registration.server";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { loader as mediaLoader } from "~/routes/media.$file";
import {
  createAttendee,
  createFestival,
  createUser,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
let festival: FestivalRow;
let upcoming: WebinarRow;
let cookie: string;
let uploads: string;

// A 1x1 PNG: the real signature and chunks, so it passes as an image by its content.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), "meridian-uploads-"));
  process.env.UPLOADS_DIR = uploads;
  const start = DateTime.now().setZone("Europe/London").plus({ days: 10 }).startOf("day");
  festival = await createFestival(testDb.handle.db, {
    startsOn: start.toISODate()!,
    endsOn: start.plus({ days: 4 }).toISODate()!,
    timeZone: "Europe/London",
  });
  upcoming = await createWebinar(testDb.handle.db, festival, {
    slug: "soon",
    status: "published",
    startsAt: start.set({ hour: 12, minute: 30 }).toJSDate(),
  });
  const organiser = await createUser(testDb.handle.db, { email: "organiser@example.test" });
  cookie = await organiserCookie(organiser.id);
});

afterAll(async () => {
  delete process.env.UPLOADS_DIR;
  await rm(uploads, { recursive: true, force: true });
});

/** The settings form as the page sends it, with some fields changed. */
function formWith(changes: Record<string, string> = {}): Record<string, string> {
  return {
    name: festival.name,
    tagline: festival.tagline,
    description: festival.description,
    startsOn: festival.startsOn,
    endsOn: festival.endsOn,
    timeZone: festival.timeZone,
    contactEmail: festival.contactEmail,
    registrationOpen: "on",
    brandColour: "#0b5563",
    retentionDays: String(festival.retentionDays),
    reminder1Amount: "1",
    reminder1Unit: "days",
    reminder2Amount: "15",
    reminder2Unit: "minutes",
    reminder3Amount: "",
    reminder3Unit: "minutes",
    ...changes,
  };
}

async function currentFestival() {
  const [row] = await testDb.handle.db
    .select()
    .from(festivalTable)
    .where(eq(festivalTable.id, festival.id));
  return row!;
}

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file)
    body.set("logo", new File([new Uint8Array(file.bytes)], file.name, { type: "image/png" }));
  return new Request("http://localhost:3000/admin/settings", {
    method: "POST",
    headers: { Cookie: cookie },
    body,
  });
}

type ActionData = {
  errors: Record<string, string>;
  saved: string | null;
  values: { name: string; contactEmail: string };
};

async function submitMultipart(request: Request) {
  const result = (await settingsAction({ request, params: {}, context: {} })) as {
    data: ActionData;
    init: { status?: number } | null;
  };
  return { status: result.init?.status ?? 200, data: result.data };
}

describe("who may change the settings", () => {
  it("sends anonymous visitors to sign in, refuses attendees, asks organisers for the second factor", async () => {
    expect((await callRoute(settingsLoader, "/admin/settings")).status).toBe(303);
    const attendee = await createUser(testDb.handle.db);
    const asAttendee = await callRoute(settingsAction, "/admin/settings", {
      cookie: await signedInCookie(attendee.id),
      form: formWith({ name: "Hijacked" }),
    });
    expect(asAttendee.status).toBe(403);
    const organiser = await createUser(testDb.handle.db, { isOrganiser: true });
    const halfway = await callRoute(settingsAction, "/admin/settings", {
      cookie: await signedInCookie(organiser.id),
      form: formWith({ name: "Hijacked" }),
    });
    expect(halfway.status).toBe(303);
    expect(halfway.headers.get("Location")).toMatch(/^\/admin\/security\/enrol/);
    expect((await currentFestival()).name).toBe(festival.name);
  });
});

describe("saving settings", () => {
  it("saves what changed, logs only that, and pages show the new brand", async () => {
    const res = await callRoute<ActionData>(settingsAction, "/admin/settings", {
      cookie,
      form: formWith({ name: "Networkfest 2026", brandColour: "#7a1f5c", registrationOpen: "" }),
    });
    expect(res.status).toBe(200);
    expect(res.data!.saved).toBe("Settings saved.");
    const saved = await currentFestival();
    expect(saved).toMatchObject({
      name: "Networkfest 2026",
      brandColour: "#7a1f5c",
      registrationOpen: false,
    });
    const [entry] = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "festival.update"));
    expect(entry!.before).toEqual({
      name: festival.name,
      registrationOpen: true,
      brandColour: "#0b5563",
    });
    expect(entry!.after).toEqual({
      name: "Networkfest 2026",
      registrationOpen: false,
      brandColour: "#7a1f5c",
    });
    expect(entry!.summary).toMatch(/name.*registration status.*colour/);

    const root = await callRoute<{ festival: { name: string; brandColour: string } }>(
      rootLoader,
      "/",
    );
    expect(root.data!.festival).toMatchObject({ name: "Networkfest 2026", brandColour: "#7a1f5c" });

    // The same form again changes nothing and logs nothing.
    const again = await callRoute<ActionData>(settingsAction, "/admin/settings", {
      cookie,
      form: formWith({ name: "Networkfest 2026", brandColour: "#7a1f5c", registrationOpen: "" }),
    });
    expect(again.data!.saved).toBe("Nothing to change.");
    const entries = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "festival.update"));
    expect(entries).toHaveLength(1);
    festival = saved;
  });

  it("explains every bad field next to it, keeps what was typed, and saves nothing", async () => {
    const before = await currentFestival();
    const res = await callRoute<ActionData>(settingsAction, "/admin/settings", {
      cookie,
      form: formWith({
        name: "  ",
        contactEmail: "not an email",
        timeZone: "Mars/Olympus_Mons",
        startsOn: "2026-13-40",
        reminder1Amount: "-3",
        reminder2Amount: "20",
        reminder2Unit: "days",
      }),
    });
    expect(res.status).toBe(400);
    expect(res.data!.errors).toMatchObject({
      name: "Give the festival a name.",
      contactEmail: expect.stringMatching(/mailbox/) as string,
      timeZone: expect.stringMatching(/time zone/) as string,
      startsOn: expect.stringMatching(/date/) as string,
      reminder1: expect.stringMatching(/whole number/) as string,
      reminder2: expect.stringMatching(/14 days/) as string,
    });
    expect(res.data!.values.contactEmail).toBe("not an email");
    expect(await currentFestival()).toEqual(before);
  });

  it("refuses a last day before the first, and a colour too light for white text", async () => {
    const res = await callRoute<ActionData>(settingsAction, "/admin/settings", {
      cookie,
      form: formWith({ startsOn: "2026-12-10", endsOn: "2026-12-01" }),
    });
    expect(res.status).toBe(400);
    expect(res.data!.errors.endsOn).toBe("The last day cannot be before the first day.");
    const light = await callRoute<ActionData>(settingsAction, "/admin/settings", {
      cookie,
      form: formWith({ brandColour: "#ffd700" }),
    });
    expect(light.status).toBe(400);
    expect(light.data!.errors.brandColour).toMatch(/too light.*contrast 1\.\d:1/);
  });
});

describe("how long personal data is kept", () => {
  it("refuses a period outside 1 to 3650 days next to the field, keeping the rest of the form", async () => {
    const before = await currentFestival();
    for (const retentionDays of ["0", "3651", "ninety", "", "1.5", "-7"]) {
      const res = await callRoute<ActionData & { values: { retentionDays: string } }>(
        settingsAction,
        "/admin/settings",
        { cookie, form: formWith({ retentionDays, name: "Renamed while wrong" }) },
      );
      expect(res.status).toBe(400);
      expect(res.data!.errors.retentionDays).toBe(
        "Enter a whole number of days from 1 to 3650 (ten years) to keep registrants' personal data after the last day.",
      );
      expect(Object.keys(res.data!.errors)).toEqual(["retentionDays"]);
      expect(res.data!.values).toMatchObject({ name: "Renamed while wrong", retentionDays });
    }
    expect(await currentFestival()).toEqual(before);
  });

  it("saves a new period, logs it, and says the date it leads to in the festival's zone", async () => {
    const res = await callRoute<ActionData>(settingsAction, "/admin/settings", {
      cookie,
      form: formWith({ retentionDays: "30" }),
    });
    expect(res.status).toBe(200);
    expect((await currentFestival()).retentionDays).toBe(30);
    const logged = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "festival.update"));
    const entry = logged.find((row) => row.after && "retentionDays" in row.after);
    expect(entry!.summary).toMatch(/retention period/);
    expect(entry!.after).toMatchObject({ retentionDays: 30 });
    expect(entry!.before).toMatchObject({ retentionDays: 180 });
    const page = await callRoute<{
      values: { retentionDays: string };
      retention: { days: number; removesOn: string; removedOn: string | null };
    }>(settingsLoader, "/admin/settings", { cookie });
    const expected = DateTime.fromISO(festival.endsOn, { zone: "Europe/London" })
      .plus({ days: 31 })
      .setLocale("en-GB");
    expect(page.data!.values.retentionDays).toBe("30");
    expect(page.data!.retention).toEqual({
      days: 30,
      removesOn: expect.stringMatching(
        new RegExp(`^${expected.toFormat("ccc d LLL yyyy")}, 00:00 London time \\(UTC(\\+1)?\\)$`),
      ) as string,
      removedOn: null,
    });
    festival = await currentFestival();
  });
});

describe("reminder times", () => {
  it("re-plans every pending reminder of webinars still to come", async () => {
    // Registration was closed above; open it again (same reminders) so Ann can register.
    await callRoute(settingsAction, "/admin/settings", { cookie, form: formWith() });
    const ann = await createAttendee(testDb.handle.db, festival, { timeZone: "Europe/London" });
    expect(
      await registerForWebinar(ann.id, upcoming.slug, {
        festival: await currentFestival(),
        appUrl: "http://localhost:3000",
      }),
    ).toMatchObject({ status: "confirmed" });
    const res = await callRoute<ActionData>(settingsAction, "/admin/settings", {
      cookie,
      form: formWith({
        reminder1Amount: "2",
        reminder1Unit: "days",
        reminder2Amount: "1",
        reminder2Unit: "hours",
        reminder3Amount: "2",
        reminder3Unit: "days",
      }),
    });
    expect(res.status).toBe(200);
    expect(res.data!.saved).toMatch(/2 pending reminders re-planned/);
    expect((await currentFestival()).reminderOffsetsMinutes).toEqual([2880, 60]);
    const pending = await testDb.handle.db
      .select({ at: outbox.sendAfter })
      .from(outbox)
      .where(
        and(eq(outbox.userId, ann.id), eq(outbox.kind, "reminder"), eq(outbox.status, "pending")),
      );
    const start = upcoming.startsAt.getTime();
    expect(pending.map((p) => p.at.getTime()).sort()).toEqual([
      start - 2880 * 60_000,
      start - 60 * 60_000,
    ]);
  });
});

describe("the logo", () => {
  it("stores a real image under a name of its own and serves it", async () => {
    const res = await submitMultipart(multipart(formWith(), { name: "logo.png", bytes: PNG }));
    expect(res.status).toBe(200);
    const { logoFile } = await currentFestival();
    expect(logoFile).toMatch(/^[0-9a-f-]{36}\.png$/);
    const served = (await mediaLoader({
      request: new Request(`http://localhost:3000/media/${logoFile}`),
      params: { file: logoFile! },
      context: {},
    })) as Response;
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    const page = await callRoute<{ logoUrl: string }>(settingsLoader, "/admin/settings", {
      cookie,
    });
    expect(page.data!.logoUrl).toBe(`/media/${logoFile}`);
  });

  it("refuses a file that only pretends to be an image, next to the field, keeping the rest", async () => {
    const before = await currentFestival();
    const res = await submitMultipart(
      multipart(formWith({ name: "Renamed while uploading" }), {
        name: "logo.png",
        bytes: Buffer.from("<script>alert(1)</script>"),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.data.errors.logo).toMatch(/not a PNG, JPEG or WebP/);
    expect(res.data.values.name).toBe("Renamed while uploading");
    expect(await currentFestival()).toEqual(before);
  });

  it("removes the logo on request", async () => {
    const res = await submitMultipart(multipart(formWith({ removeLogo: "on" })));
    expect(res.status).toBe(200);
    expect((await currentFestival()).logoFile).toBeNull();
  });
});
