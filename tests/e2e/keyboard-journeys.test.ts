import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { startServerProcess, type ServerProcess } from "~scripts/lib/server-process";
import {
  createCompetition,
  createEntry,
  createFaculty,
  createFestival,
  createPost,
  createWebinar,
} from "~tests/factories";
import { expectNoAxeViolations, launchBrowser, newPage } from "~tests/helpers/browser";
import { parseCalendar } from "~tests/helpers/ical";
import {
  chooseWithArrows,
  expectFocusVisible,
  focused,
  tabTo,
  typeInto,
} from "~tests/helpers/keyboard";
import { signInCodeFor } from "~tests/helpers/sign-in-email";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";

/**
 * The main journeys with the keyboard alone, in Chromium against a
 * production server of its own: no click(), no fill(), only Tab, Shift+Tab,
 * Enter, Space, the arrow keys and typing into whatever has focus. Every
 * element focused on the way must show a focus indicator.
 */

const FESTIVAL_ZONE = "Europe/London";
const VISITOR_ZONE = "America/New_York";
const EMAIL = "kim.keys@example.test";
const WEBINAR = { slug: "care-without-a-mouse", title: "Care without a mouse" };
const POST = { slug: "notes-from-the-river", title: "Notes from the river" };
const NETWORK = "Riverside Keyboard Network";

let dataDir: string;
let smtp: TestSmtp;
let server: ServerProcess;
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("The e2e tests need a production build: run `npm run build` first.");
  }
  smtp = await startTestSmtp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-e2e-keys-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const handle = await openDatabase({ pgliteDir });
  await handle.migrate();
  const today = DateTime.now().setZone(FESTIVAL_ZONE).startOf("day");
  const festival = await createFestival(handle.db, {
    name: "Keyboard Networks Week",
    timeZone: FESTIVAL_ZONE,
    startsOn: today.minus({ days: 1 }).toISODate()!,
    endsOn: today.plus({ days: 7 }).toISODate()!,
    contactEmail: "access@keyboard.example",
  });
  const host = await createFaculty(handle.db, festival, { slug: "ira-host", name: "Ira Host" });
  await createWebinar(handle.db, festival, {
    ...WEBINAR,
    localStart: `${today.plus({ days: 3 }).toISODate()}T12:30`,
    durationMinutes: 60,
    hosts: [host],
  });
  await createPost(handle.db, festival, {
    ...POST,
    body: "## What we learned\n\nNetworks last when **people** keep meeting.",
    authors: [host],
  });
  // Network90 in its voting week, with one shortlisted entry in the gallery.
  const hour = 3_600_000;
  await createCompetition(handle.db, festival, {
    entriesCloseAt: new Date(Date.now() - 2 * hour),
    votingOpensAt: new Date(Date.now() - hour),
    votingClosesAt: new Date(Date.now() + 48 * hour),
  });
  await createEntry(handle.db, festival, { public: true, networkName: NETWORK });
  await handle.close();

  server = await startServerProcess({
    PGLITE_DIR: pgliteDir,
    STORAGE_DIR: path.join(dataDir, "storage"),
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: "keyboard-secret-keyboard-secret-keyboard",
    TZ: "America/Los_Angeles",
    DATABASE_URL: "",
    SMTP_URL: smtp.url,
    RUN_WORKER: "1",
  });
  browser = await launchBrowser();
  page = await newPage(browser, { timezoneId: VISITOR_ZONE });
  page.on("pageerror", (error) => browserErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Presses Enter on what has focus and waits for the address to match. */
async function enterAndWait(match: (url: URL) => boolean): Promise<void> {
  await Promise.all([page.waitForURL(match), page.keyboard.press("Enter")]);
}

const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name }).waitFor();

describe("a keyboard user, with no mouse", () => {
  it("skips the header with the first Tab and Enter", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("Tab");
    const skip = await expectFocusVisible(page, "on the skip link");
    expect(skip).toMatchObject({ tag: "a", name: "Skip to content", href: "#main" });
    // Shown on screen while it has focus.
    const box = await page.locator(".skip-link").boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("main");
    // The next Tab lands inside the main content, past the header's links.
    await page.keyboard.press("Tab");
    await expectFocusVisible(page, "after the skip link");
    await expect(
      page.evaluate(() => Boolean(document.activeElement?.closest("main"))),
    ).resolves.toBe(true);
  });

  it("browses the schedule and changes its time zone", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForLoadState("networkidle");
    await tabTo(page, { tag: "a", name: "Schedule" });
    await enterAndWait((url) => url.pathname === "/schedule");
    await page.locator(".zone-bar__current", { hasText: "New York time" }).waitFor();

    await tabTo(page, { tag: "select", name: "Your time zone" });
    await chooseWithArrows(page, "Asia/Tokyo");
    await tabTo(page, { tag: "button", name: "Use this zone" });
    await page.keyboard.press("Enter");
    await page.locator(".zone-bar__current", { hasText: "Tokyo time" }).waitFor();
    // The webinar's card now gives its time in Tokyo.
    await expect(page.locator("main").innerText()).resolves.toContain("Tokyo time");
    // Focus stays on the button that was pressed.
    const after = await expectFocusVisible(page, "after changing the zone");
    expect(after).toMatchObject({ tag: "button", name: "Use this zone" });
  });

  it("signs in from the schedule's Register button with the emailed code", async () => {
    await tabTo(page, { tag: "button", name: `Register for ${WEBINAR.title}` });
    await enterAndWait((url) => url.pathname === "/login");
    await heading(/Sign in to/);
    const before = smtp.messages.length;
    await typeInto(page, "Email address", EMAIL);
    await page.keyboard.press("Enter");
    await heading("Check your email");
    // The form that was used is gone: focus moves to the next step's heading, not the page top.
    await expect(focused(page)).resolves.toMatchObject({ tag: "h1", name: "Check your email" });
    const code = await signInCodeFor(smtp, EMAIL, { after: before, serverOutput: server.output });
    await typeInto(page, "6-digit code", code);
    await enterAndWait((url) => url.pathname === "/register");
  });

  it("registers for the festival and the webinar with the form", async () => {
    await heading("Register for Keyboard Networks Week");
    await typeInto(page, "Your name", "Kim Keys");
    await tabTo(page, { tag: "select", name: "How did you hear about the festival? (optional)" });
    await chooseWithArrows(page, "My network");
    await tabTo(page, { tag: "input", name: /^I agree to the privacy notice/ });
    await page.keyboard.press("Space");
    await expect(page.locator("#field-privacy").isChecked()).resolves.toBe(true);
    await tabTo(page, { tag: "button", name: "Register and save my place" });
    await enterAndWait((url) => url.pathname === `/webinars/${WEBINAR.slug}`);
    await page.locator("main .notice--success", { hasText: "You are registered" }).waitFor();
  });

  it("adds the webinar to a calendar: the .ics download and the Google link", async () => {
    const google = await tabTo(page, { tag: "a", name: /^Google Calendar/ });
    expect(google.href).toMatch(/^https:\/\/calendar\.google\.com\/calendar\//);
    expect(new URL(google.href!).searchParams.get("text")).toContain(WEBINAR.title);

    const ics = await tabTo(page, { tag: "a", name: /^Download \.ics/ }, { backwards: true });
    expect(ics.href).toBe(`/webinars/${WEBINAR.slug}/calendar.ics`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.keyboard.press("Enter"),
    ]);
    const file = await download.path();
    const [event] = parseCalendar(fs.readFileSync(file, "utf8")).events;
    expect(event!.summary).toContain(WEBINAR.title);
  });

  it("reads a blog post", async () => {
    await tabTo(page, { tag: "a", name: "Blog" }, { backwards: true, max: 120 });
    await enterAndWait((url) => url.pathname === "/blog");
    await tabTo(page, { tag: "a", name: POST.title });
    await enterAndWait((url) => url.pathname === `/blog/${POST.slug}`);
    await heading(POST.title);
    await expect(page.locator("main").innerText()).resolves.toContain(
      "Networks last when people keep meeting.",
    );
  });

  it("votes in Network90", async () => {
    await tabTo(page, { tag: "a", name: "Network90" }, { backwards: true, max: 120 });
    await enterAndWait((url) => url.pathname === "/network90");
    await tabTo(page, { tag: "a", name: NETWORK });
    await enterAndWait((url) => url.pathname.startsWith("/network90/entries/"));
    await tabTo(page, { tag: "button", name: `Vote for ${NETWORK}` });
    await page.keyboard.press("Enter");
    await page.getByText(`Thank you: your vote for ${NETWORK} is counted.`).waitFor();
    // The Vote button is gone; the thanks that replace it have focus.
    const thanks = await expectFocusVisible(page, "after voting");
    expect(thanks.name).toBe(`Thank you: your vote for ${NETWORK} is counted.`);
  });

  it("finds the accessibility statement from the footer", async () => {
    await page.goto(`${server.url}/`);
    await page.waitForLoadState("networkidle");
    await tabTo(page, { tag: "a", name: "Accessibility" }, { backwards: true });
    await enterAndWait((url) => url.pathname === "/accessibility");
    await heading("Accessibility statement");
    await expect(page.locator("main").innerText()).resolves.toContain("access@keyboard.example");
    await expectNoAxeViolations(page, "/accessibility");
  });

  it("met no browser errors on the way", () => {
    expect(browserErrors).toEqual([]);
  });
});

describe("zoom and reflow", () => {
  it("needs no sideways scrolling at 320 CSS pixels (a 1280-pixel window at 400%)", async () => {
    const narrow = await newPage(browser, {
      timezoneId: VISITOR_ZONE,
      viewport: { width: 320, height: 800 },
      storageState: await page.context().storageState(),
    });
    const entry = await narrow.request.get(`${server.url}/network90`);
    const entryPath = /href="(\/network90\/entries\/[^"]+)"/.exec(await entry.text())?.[1];
    expect(entryPath).toBeDefined();
    const overflowing: string[] = [];
    for (const where of [
      "/",
      "/schedule",
      `/webinars/${WEBINAR.slug}`,
      "/blog",
      `/blog/${POST.slug}`,
      "/faculty",
      "/faculty/ira-host",
      "/network90",
      entryPath!,
      "/me",
      "/me/profile",
      "/accessibility",
      "/privacy",
    ]) {
      await narrow.goto(`${server.url}${where}`);
      const wide = await narrow.evaluate(() => {
        const limit = document.documentElement.clientWidth;
        return [...document.querySelectorAll<HTMLElement>("body *")]
          .filter((el) => {
            // Wide tables and charts scroll inside their own box, which 1.4.10 allows.
            if (el.closest("table, .chart__frame--scroll, pre, video")) return false;
            return el.getBoundingClientRect().right > limit + 1;
          })
          .slice(0, 3)
          .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`);
      });
      const scrolls = await narrow.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      );
      if (scrolls || wide.length) overflowing.push(`${where}: ${wide.join(", ")}`);
    }
    expect(overflowing).toEqual([]);
    await narrow.context().close();
  });
});
