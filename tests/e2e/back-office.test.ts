import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { currentCode } from "~/models/second-factor.server";
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
import { signInWithEmailedCode } from "~tests/helpers/sign-in-email";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";

/**
 * An organiser's first visit to the back office in a real browser: sign in
 * by email, enrol an authenticator (the test is the app, computing codes
 * from the key the page shows), keep the recovery codes, then every
 * back-office page passes axe, and a settings change shows on the site and
 * in the audit log.
 */

const ORGANISER = "organiser@example.test";
const FESTIVAL_NAME = "Harbour Networks Week";

let dataDir: string;
let smtp: TestSmtp;
let server: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("The e2e tests need a production build: run `npm run build` first.");
  }
  smtp = await startTestSmtp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-e2e-admin-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const handle = await openDatabase({ pgliteDir });
  await handle.migrate();
  const today = DateTime.now().setZone("Europe/London").startOf("day");
  const festival = await createFestival(handle.db, {
    name: FESTIVAL_NAME,
    timeZone: "Europe/London",
    startsOn: today.plus({ days: 5 }).toISODate()!,
    endsOn: today.plus({ days: 9 }).toISODate()!,
  });
  const host = await createFaculty(handle.db, festival, { name: "Rowan Hale" });
  const webinar = await createWebinar(handle.db, festival, {
    slug: "networks-that-last",
    title: "Networks that last",
    localStart: `${today.plus({ days: 6 }).toISODate()}T12:30`,
    capacity: 1,
    hosts: [host],
  });
  for (const [i, zone] of ["America/New_York", "Australia/Melbourne"].entries()) {
    const person = await createAttendee(handle.db, festival, {
      email: `attendee${i}@example.test`,
      timeZone: zone,
    });
    await createRegistration(handle.db, webinar, person, i === 0 ? "confirmed" : "waitlisted");
  }
  await createUser(handle.db, { email: ORGANISER, name: "Olu Organiser", isOrganiser: true });
  await handle.close();

  server = await startServerProcess({
    PGLITE_DIR: pgliteDir,
    UPLOADS_DIR: path.join(dataDir, "uploads"),
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: "back-office-secret-back-office-secret-1234",
    TZ: "America/Los_Angeles",
    DATABASE_URL: "",
    SMTP_URL: smtp.url,
    RUN_WORKER: "1",
  });
  browser = await launchBrowser();
  page = await newPage(browser, { timezoneId: "Europe/London" });
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("an organiser's first visit to the back office", () => {
  let setupKey: string;

  it("is asked to sign in, then to set up an authenticator", async () => {
    await page.goto(`${server.url}/admin`);
    await page.waitForURL((url) => url.pathname === "/login");
    await signInWithEmailedCode(page, smtp, ORGANISER, server.output);
    await page.waitForURL((url) => url.pathname === "/admin/security/enrol");
    await page
      .getByRole("heading", { level: 1, name: "Protect the back office with a second step" })
      .waitFor();
    await expect(page.getByRole("img", { name: /QR code/ }).count()).resolves.toBe(1);
    setupKey = (await page.getByLabel("Setup key").innerText()).replace(/\s+/g, "");
    expect(setupKey).toMatch(/^[A-Z2-7]{32}$/);
    await expectNoAxeViolations(page, "/admin/security/enrol");
  });

  it("shows the error next to the field for a wrong code", async () => {
    await page.getByLabel("The 6-digit code your app shows now").fill("000000");
    await page.getByRole("button", { name: "Turn on the second step" }).click();
    await page.locator("#field-code-error").waitFor();
    await expectNoAxeViolations(page, "/admin/security/enrol (wrong code)");
  });

  it("turns on with the app's code and shows ten recovery codes once", async () => {
    await page.getByLabel("The 6-digit code your app shows now").fill(currentCode(setupKey));
    await page.getByRole("button", { name: "Turn on the second step" }).click();
    await page.getByRole("heading", { level: 1, name: "Your authenticator is set up" }).waitFor();
    await expect(
      page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").count(),
    ).resolves.toBe(10);
    await expectNoAxeViolations(page, "recovery codes");
    await page.getByRole("link", { name: /I have saved them/ }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
  });

  it("passes axe on every back-office page, each with its heading", async () => {
    const nav = page.getByRole("navigation", { name: "Back office" });
    const links = await nav
      .getByRole("link")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href")!));
    expect(links.length).toBeGreaterThanOrEqual(9);
    // A page can render on the server and then fail in the browser (e.g. a
    // value read from a .server module is missing in the client bundle).
    const browserErrors: string[] = [];
    page.on("pageerror", (error) => browserErrors.push(error.message));
    for (const href of links) {
      const response = await page.goto(`${server.url}${href}`);
      expect(response?.status(), href).toBe(200);
      await page.waitForLoadState("networkidle");
      await expect(page.locator("main h1").count(), href).resolves.toBeGreaterThan(0);
      await expect(page.locator("main").innerText(), href).resolves.not.toContain(
        "Something went wrong",
      );
      await expectNoAxeViolations(page, href);
    }
    expect(browserErrors).toEqual([]);
  });

  it("changes the festival's colour: the site shows it and the audit log records it", async () => {
    const opened = await page.goto(`${server.url}/admin/settings`);
    expect(opened?.status(), await page.locator("main").innerText()).toBe(200);
    const colour = page.getByLabel("Colour", { exact: true });
    await colour.fill("#ffd700");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.locator("#field-brandColour-error").waitFor();
    await expect(page.locator("#field-brandColour-error").innerText()).resolves.toMatch(
      /too light/,
    );
    await expectNoAxeViolations(page, "/admin/settings (error)");

    await page.getByLabel("Colour", { exact: true }).fill("#7a1f5c");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: "Settings saved." }).waitFor();

    await page.goto(`${server.url}/schedule`);
    const brand = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue("--brand").trim(),
    );
    expect(brand).toBe("#7a1f5c");

    await page.goto(`${server.url}/admin/audit`);
    await expect(page.locator("main table").innerText()).resolves.toContain(
      "Changed the festival's colour",
    );
    await expect(page.locator("main table").innerText()).resolves.toContain(ORGANISER);
  });

  it("opens a webinar's registrations and a person's data, each passing axe", async () => {
    await page.goto(`${server.url}/admin/registrations`);
    await page.getByRole("link", { name: "Networks that last" }).first().click();
    await page.waitForURL((url) => /^\/admin\/registrations\/[0-9a-f-]{36}$/.test(url.pathname));
    const list = await page.locator("main").innerText();
    expect(list).toContain("attendee0@example.test");
    expect(list).toContain("attendee1@example.test");
    await expectNoAxeViolations(page, "/admin/registrations/<webinar>");

    await page.goto(`${server.url}/admin/people?q=attendee1`);
    await page.locator("main table a[href^='/admin/people/']").first().click();
    await page.waitForURL((url) => /^\/admin\/people\/[0-9a-f-]{36}$/.test(url.pathname));
    await expect(page.locator("main").innerText()).resolves.toContain("attendee1@example.test");
    await expectNoAxeViolations(page, "/admin/people/<person>");
  });

  it("previews an announcement as the email, personalised for the organiser", async () => {
    await page.goto(`${server.url}/admin/announcements/new`);
    await page.getByLabel("Subject").fill("Room change for Thursday");
    await page.getByLabel("Message").fill("The **Thursday** session moves to a new link.");
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await page.getByRole("heading", { name: "Preview and send" }).waitFor();
    const frame = page.frameLocator("iframe.email-preview");
    await expect(frame.locator("body").innerText()).resolves.toContain("Hello Olu");
    // The frame holds the email's own document; axe checks the page around it.
    await expectNoAxeViolations(page, "/admin/announcements/new (preview)", {
      exclude: ["iframe.email-preview"],
    });
  });

  it("asks a second browser of the same organiser for a code", async () => {
    const other = await newPage(browser, { timezoneId: "Europe/London" });
    try {
      await other.goto(`${server.url}/login?redirectTo=/admin/settings`);
      await signInWithEmailedCode(other, smtp, ORGANISER, server.output);
      await other.waitForURL((url) => url.pathname === "/admin/security/verify");
      await expectNoAxeViolations(other, "/admin/security/verify");
      // The next period's code: the one used at enrolment is spent.
      await other
        .getByLabel("6-digit code")
        .fill(currentCode(setupKey, new Date(Date.now() + 30_000)));
      await other.getByRole("button", { name: "Continue" }).click();
      await other.waitForURL((url) => url.pathname === "/admin/settings");
    } finally {
      await other.context().close();
    }
  });
});
