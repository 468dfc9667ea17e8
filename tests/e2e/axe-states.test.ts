import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { user } from "~db/schema";
import { currentCode } from "~/models/second-factor.server";
import { startServerProcess, type ServerProcess } from "~scripts/lib/server-process";
import {
  createAttendee,
  createCompetition,
  createFaculty,
  createFestival,
  createRegistration,
  createWebinar,
} from "~tests/factories";
import { expectNoAxeViolations, launchBrowser, newPage } from "~tests/helpers/browser";
import { TEST_TOTP_SECRET } from "~tests/helpers/session";
import { signInWithEmailedCode } from "~tests/helpers/sign-in-email";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";

/**
 * axe-core on the states a page scan never sees: every main form sent empty
 * or wrong, so its errors show, and every disclosure opened. After a refused
 * submission focus must be on the error summary, which names each problem
 * and links to its field.
 */

const ZONE = "Europe/London";
const ATTENDEE = "ada.attendee@example.test";
const ORGANISER = "olu.organiser@example.test";

let dataDir: string;
let smtp: TestSmtp;
let server: ServerProcess;
let browser: Browser;
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("The e2e tests need a production build: run `npm run build` first.");
  }
  smtp = await startTestSmtp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-e2e-axe-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const handle = await openDatabase({ pgliteDir });
  await handle.migrate();
  const today = DateTime.now().setZone(ZONE).startOf("day");
  const festival = await createFestival(handle.db, {
    name: "Axe Networks Week",
    timeZone: ZONE,
    startsOn: today.minus({ days: 1 }).toISODate()!,
    endsOn: today.plus({ days: 7 }).toISODate()!,
  });
  // The organiser also writes for the blog: one person reaches the studio and the back office.
  const organiser = await createFaculty(handle.db, festival, {
    slug: "olu",
    name: "Olu Organiser",
  });
  await handle.db
    .update(user)
    .set({
      email: ORGANISER,
      isOrganiser: true,
      totpSecret: TEST_TOTP_SECRET,
      totpEnabledAt: new Date(),
    })
    .where(eq(user.id, organiser.userId));
  const webinar = await createWebinar(handle.db, festival, {
    slug: "past-talk",
    title: "A talk last week",
    localStart: `${today.minus({ days: 1 }).toISODate()}T12:30`,
    hosts: [organiser],
  });
  // Registrations give the dashboard's charts (and their data tables) something to show.
  await createRegistration(handle.db, webinar, await createAttendee(handle.db, festival));
  await createCompetition(handle.db, festival);
  await handle.close();

  server = await startServerProcess({
    PGLITE_DIR: pgliteDir,
    UPLOADS_DIR: path.join(dataDir, "uploads"),
    STORAGE_DIR: path.join(dataDir, "storage"),
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: "axe-states-secret-axe-states-secret-12345",
    TZ: "America/Los_Angeles",
    DATABASE_URL: "",
    SMTP_URL: smtp.url,
    RUN_WORKER: "1",
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function personPage(): Promise<Page> {
  const page = await newPage(browser, { timezoneId: ZONE });
  page.on("pageerror", (error) => browserErrors.push(error.message));
  return page;
}

/**
 * After a refused submission: the error summary has focus, lists every
 * field error shown on the page, and each of its links leads to its field.
 */
async function expectErrorSummary(page: Page, label: string): Promise<void> {
  const summary = page.locator(".error-summary");
  await summary.waitFor();
  await expect(
    page.evaluate(() => document.activeElement?.classList.contains("error-summary")),
    `focus on the error summary (${label})`,
  ).resolves.toBe(true);
  const fieldErrors = await page.locator("main .field-error").count();
  const links = summary.locator("a");
  expect(await links.count(), `one summary link per field error (${label})`).toBe(fieldErrors);
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
    await expect(page.locator(href!).count(), `${href} is on the page`).resolves.toBe(1);
  }
  await expectNoAxeViolations(page, label);
}

/** Opens every closed <details> on the page by its summary, as a person would. */
async function openEveryDisclosure(page: Page): Promise<number> {
  const closed = page.locator("main details:not([open]) > summary");
  let opened = 0;
  while ((await closed.count()) > 0) {
    await closed.first().click();
    opened++;
  }
  return opened;
}

describe("an attendee's forms, sent wrong", () => {
  let page: Page;
  beforeAll(async () => {
    page = await personPage();
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it("sign-in: no address, then a wrong code", async () => {
    await page.goto(`${server.url}/login`);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expectErrorSummary(page, "/login (no address)");
    await page.getByLabel("Email address").fill(ATTENDEE);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByLabel("6-digit code").fill("12");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expectErrorSummary(page, "/login (a wrong code)");
  });

  it("the festival form: nothing filled in", async () => {
    await page.goto(`${server.url}/login?redirectTo=/register`);
    await signInWithEmailedCode(page, smtp, ATTENDEE, server.output);
    await page.waitForURL((url) => url.pathname === "/register");
    await page.getByRole("button", { name: "Register", exact: true }).click();
    await expectErrorSummary(page, "/register (empty)");
  });

  it("the profile: name emptied", async () => {
    await page.getByLabel(/I agree to the/).check();
    await page.getByLabel("Your name", { exact: true }).fill("Ada Attendee");
    await page.getByRole("button", { name: "Register", exact: true }).click();
    await page.waitForURL((url) => url.pathname !== "/register");
    await page.goto(`${server.url}/me/profile`);
    await page.getByLabel("Your name", { exact: true }).fill("");
    await page.getByRole("button", { name: "Save" }).click();
    await expectErrorSummary(page, "/me/profile (no name)");
  });

  it("the Network90 entry: nothing filled in", async () => {
    await page.goto(`${server.url}/network90/enter`);
    await page.getByRole("button", { name: "Start our entry" }).click();
    await expectErrorSummary(page, "/network90/enter (empty)");
  });
});

describe("an organiser's forms, sent wrong, and every disclosure open", () => {
  let page: Page;
  beforeAll(async () => {
    page = await personPage();
    await page.goto(`${server.url}/admin`);
    await page.waitForURL((url) => url.pathname === "/login");
    await signInWithEmailedCode(page, smtp, ORGANISER, server.output);
    await page.waitForURL((url) => url.pathname === "/admin/security/verify");
    await page.getByLabel("6-digit code").fill(currentCode(TEST_TOTP_SECRET));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.pathname === "/admin");
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it("the dashboard with every chart's data table open", async () => {
    // The address changes as the client navigation starts: wait for the charts themselves.
    await page.locator("main details.chart__data > summary").first().waitFor();
    expect(await openEveryDisclosure(page)).toBeGreaterThan(0);
    await expectNoAxeViolations(page, "/admin (data tables open)");
  });

  it("a new webinar: nothing filled in", async () => {
    await page.goto(`${server.url}/admin/webinars/new`);
    await page.getByRole("button", { name: "Create the draft" }).click();
    await expectErrorSummary(page, "/admin/webinars/new (empty)");
  });

  it("festival settings: no name and a colour white text cannot be read on", async () => {
    await page.goto(`${server.url}/admin/settings`);
    await page.getByLabel("Name", { exact: true }).fill("");
    await page.getByLabel("Colour", { exact: true }).fill("#ffee00");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expectErrorSummary(page, "/admin/settings (wrong)");
  });

  it("Network90 settings: voting before entries close", async () => {
    await page.goto(`${server.url}/admin/network90/settings`);
    const date = DateTime.now().setZone(ZONE).plus({ days: 2 }).toISODate()!;
    for (const key of ["entriesClose", "votingOpens", "votingCloses"]) {
      await page.locator(`input[name="${key}Date"]`).fill(date);
    }
    await page.locator('input[name="entriesCloseTime"]').fill("12:00");
    await page.locator('input[name="votingOpensTime"]').fill("09:00");
    await page.locator('input[name="votingClosesTime"]').fill("08:00");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expectErrorSummary(page, "/admin/network90/settings (wrong order)");
  });

  it("an announcement, the outbox and the audit log with every disclosure open", async () => {
    for (const where of ["/admin/announcements/new", "/admin/outbox", "/admin/audit"]) {
      await page.goto(`${server.url}${where}`);
      await openEveryDisclosure(page);
      await expectNoAxeViolations(page, `${where} (disclosures open)`);
    }
  });

  it("a studio post: a cover image without its description, and the delete disclosure open", async () => {
    await page.goto(`${server.url}/studio`);
    await page.getByRole("button", { name: "New post" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/studio/posts/"));
    await page.getByLabel("Title", { exact: true }).fill("A post with a picture");
    await page.getByLabel("Or the image's address").fill("https://images.example.org/river.jpg");
    await page.getByRole("button", { name: "Publish now" }).click();
    await expectErrorSummary(page, "the studio editor (no alt text)");
    expect(await openEveryDisclosure(page)).toBeGreaterThan(0);
    await expectNoAxeViolations(page, "the studio editor (delete disclosure open)");
  });

  it("met no browser errors", () => {
    expect(browserErrors).toEqual([]);
  });
});
