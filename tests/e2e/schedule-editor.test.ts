import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ParsedMail } from "mailparser";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, installDatabase, openDatabase } from "~db/client.server";
import { formatRange } from "~/lib/time";
import { startServerProcess, type ServerProcess } from "~scripts/lib/server-process";
import {
  createAttendee,
  createFaculty,
  createFestival,
  createRegistration,
  createUser,
  createWebinar,
} from "~tests/factories";
import { expectNoAxeViolations, launchBrowser, newPage } from "~tests/helpers/browser";
import { TINY_PNG } from "~tests/helpers/images";
import { organiserCookie } from "~tests/helpers/session";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";

/**
 * The schedule editor in Chromium: an organiser (already past the second
 * factor) creates and publishes a webinar, moves another and then cancels
 * it, each time checking who will be told first; the updates arrive at a
 * real SMTP server with the right times. Every page passes axe.
 */
const SECRET = "schedule-editor-secret-schedule-editor-1";
const zone = "Europe/London";
const today = DateTime.now().setZone(zone).startOf("day");
const day = (n: number) => today.plus({ days: n }).toISODate()!;

let dataDir: string;
let smtp: TestSmtp;
let server: ServerProcess;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];
const people = { seat: "seat@example.test", waiting: "waiting@example.test" };

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("The e2e tests need a production build: run `npm run build` first.");
  }
  smtp = await startTestSmtp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-e2e-editor-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const handle = await openDatabase({ pgliteDir });
  await handle.migrate();
  installDatabase(handle);
  const festival = await createFestival(handle.db, {
    name: "Editor Week",
    timeZone: zone,
    startsOn: day(5),
    endsOn: day(9),
  });
  const host = await createFaculty(handle.db, festival, { name: "Rowan Hale" });
  const w = await createWebinar(handle.db, festival, {
    slug: "networks-that-last",
    title: "Networks that last",
    localStart: `${day(6)}T12:30`,
    capacity: 1,
    hosts: [host],
  });
  const seat = await createAttendee(handle.db, festival, {
    email: people.seat,
    name: "Sam Seat",
    timeZone: "America/New_York",
  });
  const waiting = await createAttendee(handle.db, festival, {
    email: people.waiting,
    name: "Wren Waiting",
    timeZone: "Australia/Melbourne",
  });
  await createRegistration(handle.db, w, seat, "confirmed");
  await createRegistration(handle.db, w, waiting, "waitlisted");
  const organiser = await createUser(handle.db, { email: "organiser@example.test" });
  // The session is made here, signed with the server's secret: this test is about the editor.
  process.env.SESSION_SECRET = SECRET;
  const cookie = await organiserCookie(organiser.id);
  await closeDatabase();

  server = await startServerProcess({
    PGLITE_DIR: pgliteDir,
    UPLOADS_DIR: path.join(dataDir, "uploads"),
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: SECRET,
    TZ: "America/Los_Angeles",
    DATABASE_URL: "",
    SMTP_URL: smtp.url,
    RUN_WORKER: "1",
  });
  browser = await launchBrowser();
  page = await newPage(browser, { timezoneId: zone });
  const [name, value] = cookie.split("=", 2) as [string, string];
  // The production cookie is Secure; the test server is plain http on loopback.
  await page.context().addCookies([{ name, value, url: server.url }]);
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function mailTo(address: string, subject: RegExp): Promise<ParsedMail> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = smtp.messages.find(
      (m) => JSON.stringify(m.to).includes(address) && subject.test(m.subject ?? ""),
    );
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`No "${subject}" to ${address}.\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const calendarOf = (mail: ParsedMail) =>
  mail.attachments.find((a) => a.contentType === "text/calendar")?.content.toString("utf8") ?? "";

describe("the schedule editor in a browser", () => {
  it("shows the week with its flags", async () => {
    const response = await page.goto(`${server.url}/admin/webinars`);
    expect(response?.status(), await page.locator("main").innerText()).toBe(200);
    await page.getByRole("heading", { level: 1, name: "Schedule" }).waitFor();
    await page.getByRole("link", { name: "Networks that last" }).waitFor();
    await expectNoAxeViolations(page, "/admin/webinars");
  });

  it("creates a draft, shows errors by their fields, previews the abstract and publishes", async () => {
    await page.getByRole("link", { name: "New webinar" }).click();
    await page.waitForURL((url) => url.pathname === "/admin/webinars/new");
    await expectNoAxeViolations(page, "/admin/webinars/new");
    await page.getByLabel("Title").fill("Mapping your network");
    await page.getByLabel(/^Date/).fill(day(7));
    await page.getByLabel(/^Start time/).fill("01:30");
    await page.getByLabel("Join link (optional until the day)").fill("http://insecure.example.org");
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.locator("#field-joinUrl-error").waitFor();
    await expect(page.locator("#field-joinUrl-error").innerText()).resolves.toContain("https://");
    // What was typed is still there.
    await expect(page.getByLabel("Title").inputValue()).resolves.toBe("Mapping your network");
    await expectNoAxeViolations(page, "/admin/webinars/new (errors)");

    await page
      .getByLabel("Join link (optional until the day)")
      .fill("https://meet.example.org/map");
    await page.getByLabel("Abstract").fill("We **map** networks.");
    // The live preview, rendered by the server's sanitiser.
    await page.locator(".abstract-preview strong", { hasText: "map" }).waitFor();
    await page.getByLabel("Host 1").selectOption({ label: "Rowan Hale" });
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.waitForURL((url) => /^\/admin\/webinars\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole("status").filter({ hasText: "Draft created" }).waitFor();
    await expectNoAxeViolations(page, "edit page (draft)");

    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("status").filter({ hasText: "Published" }).waitFor();
    const publicPage = await page.request.get(`${server.url}/webinars/mapping-your-network`);
    expect(publicPage.status()).toBe(200);
  });

  it("moves a webinar: who will be told first, then the updates reach them with the new time", async () => {
    await page.goto(`${server.url}/admin/webinars`);
    await page.getByRole("link", { name: "Networks that last" }).click();
    await page.getByRole("heading", { level: 1, name: "Networks that last" }).waitFor();
    await expectNoAxeViolations(page, "edit page (published)");
    await page.getByLabel(/^Date/).fill(day(7));
    await page.getByLabel(/^Start time/).fill("14:00");
    await page.getByLabel("Length in minutes").fill("45");
    await page.getByRole("button", { name: "Check the new time and who will be told" }).click();
    await page.getByRole("heading", { name: "Check before moving it" }).waitFor();
    const check = page.getByRole("region", { name: "Check before moving it" });
    await expect(check.innerText()).resolves.toContain("2 people will be emailed the new time");
    await expect(check.innerText()).resolves.toContain(people.seat);
    await expectNoAxeViolations(page, "move: who will be told");
    expect(smtp.messages.filter((m) => /^New time/.test(m.subject ?? ""))).toEqual([]);

    await page.getByRole("button", { name: "Move it and email 2 people" }).click();
    await page.getByRole("status").filter({ hasText: "Moved." }).waitFor();
    const start = DateTime.fromISO(`${day(7)}T14:00`, { zone }).toJSDate();
    const toSeat = await mailTo(people.seat, /^New time: Networks that last/);
    expect(toSeat.text).toContain(`Now: ${formatRange(start, 45, "America/New_York").text}`);
    expect(calendarOf(toSeat)).toMatch(/^METHOD:REQUEST/m);
    const toWaiting = await mailTo(people.waiting, /^New time: Networks that last/);
    expect(toWaiting.text).toContain(`Now: ${formatRange(start, 45, "Australia/Melbourne").text}`);
  });

  it("cancels it the same way, with the explanation in the email", async () => {
    await page
      .getByLabel("A short explanation for the email (optional)")
      .fill("Our host is unwell.");
    await page.getByRole("button", { name: "Check who will be told" }).click();
    await page.getByRole("heading", { name: "Check before cancelling" }).waitFor();
    await expectNoAxeViolations(page, "cancel: who will be told");
    await page.getByRole("button", { name: "Cancel it and email 2 people" }).click();
    await page.getByRole("status").filter({ hasText: "Cancelled." }).waitFor();
    for (const address of [people.seat, people.waiting]) {
      const mail = await mailTo(address, /^Cancelled: Networks that last/);
      expect(mail.text).toContain("Our host is unwell.");
      expect(calendarOf(mail)).toMatch(/^METHOD:CANCEL/m);
    }
    await page.goto(`${server.url}/admin/webinars`);
    await page
      .getByRole("row", { name: /Cancelled/ })
      .locator("s", { hasText: "Networks that last" })
      .waitFor();
    await expectNoAxeViolations(page, "/admin/webinars (after the changes)");
  });

  it("adds a guest speaker with a photo", async () => {
    await page.goto(`${server.url}/admin/speakers`);
    await expectNoAxeViolations(page, "/admin/speakers");
    await page.getByLabel("Name").fill("Ada Lovelace");
    await page.getByLabel("Photo (optional)").setInputFiles({
      name: "ada.png",
      mimeType: "image/png",
      buffer: TINY_PNG,
    });
    await page.getByRole("button", { name: "Add the speaker" }).click();
    await page.getByRole("heading", { level: 1, name: "Ada Lovelace" }).waitFor();
    const src = await page.locator("img.avatar").first().getAttribute("src");
    expect(src).toMatch(/^\/media\/[0-9a-f-]{36}\.png$/);
    const image = await page.request.get(`${server.url}${src}`);
    expect(image.headers()["content-type"]).toBe("image/png");
    expect(image.headers()["x-content-type-options"]).toBe("nosniff");
    await expectNoAxeViolations(page, "/admin/speakers/<id>");
    expect(browserErrors).toEqual([]);
  });
});
