import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Attachment, ParsedMail } from "mailparser";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { startServerProcess, type ServerProcess } from "~scripts/lib/server-process";
import { createFaculty, createFestival, createWebinar, type WebinarRow } from "~tests/factories";
import { expectNoAxeViolations, launchBrowser, newPage } from "~tests/helpers/browser";
import { parseCalendar } from "~tests/helpers/ical";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";

/**
 * The attendee's journey in a real browser, against a production server of
 * its own that sends its mail to a real SMTP server started here: from the
 * schedule's Register button, through the emailed sign-in link (or code) and
 * the festival form, to the webinar in "My festival" in the visitor's zone.
 */

const FESTIVAL_ZONE = "Europe/London";
const VISITOR_ZONE = "America/New_York";
const FESTIVAL_NAME = "Northern Lights Festival";
const SLUG = "networks-that-last";
const TITLE = "Networks that last";

let dataDir: string;
let smtp: TestSmtp;
let server: ServerProcess;
let browser: Browser;
let webinar: WebinarRow;

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("The e2e tests need a production build: run `npm run build` first.");
  }
  smtp = await startTestSmtp();

  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-e2e-journey-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const handle = await openDatabase({ pgliteDir });
  await handle.migrate();
  const today = DateTime.now().setZone(FESTIVAL_ZONE).startOf("day");
  const festival = await createFestival(handle.db, {
    name: FESTIVAL_NAME,
    timeZone: FESTIVAL_ZONE,
    startsOn: today.minus({ days: 1 }).toISODate()!,
    endsOn: today.plus({ days: 7 }).toISODate()!,
  });
  const host = await createFaculty(handle.db, festival, {
    slug: "rowan-hale",
    name: "Rowan Hale",
  });
  // 12:30 in London: morning in New York, so the local time stays on the same day.
  webinar = await createWebinar(handle.db, festival, {
    slug: SLUG,
    title: TITLE,
    localStart: `${today.plus({ days: 3 }).toISODate()}T12:30`,
    durationMinutes: 60,
    hosts: [host],
  });
  await handle.close();

  // startServerProcess chooses a free port and sets APP_URL to the server's own
  // address, so the links in the emails point back at this server.
  server = await startServerProcess({
    PGLITE_DIR: pgliteDir,
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: "journey-secret-journey-secret-journey-secret",
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

const recipients = (mail: ParsedMail): string[] =>
  (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((to) =>
    to.value.map((a) => a.address?.toLowerCase() ?? ""),
  );

/** Waits (polling, up to 15 s) for a message to the address that matches. */
async function waitForMail(
  to: string,
  matches: (mail: ParsedMail) => boolean,
  what: string,
): Promise<ParsedMail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = smtp.messages.find((m) => recipients(m).includes(to) && matches(m));
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = smtp.messages.map((m) => `${recipients(m).join(",")}: ${m.subject ?? ""}`);
      throw new Error(
        `No ${what} for ${to} within 15 s. Messages: ${JSON.stringify(seen)}\nServer output:\n${server.output()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const signInMail = (to: string) =>
  waitForMail(to, (m) => /sign-in code/.test(m.subject ?? ""), "sign-in email");

/** The text/calendar part nodemailer adds for an invitation (mailparser lists it with the attachments). */
const calendarPart = (mail: ParsedMail): Attachment | undefined =>
  mail.attachments.find((a) => a.contentType === "text/calendar");

/** "UTC−5": the real minus sign, as the site's formatter writes it. */
function offsetLabel(dt: DateTime): string {
  const offset = dt.offset;
  if (offset === 0) return "UTC";
  const hours = Math.floor(Math.abs(offset) / 60);
  const minutes = Math.abs(offset) % 60;
  return `UTC${offset > 0 ? "+" : "\u2212"}${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
}

/** The webinar's time as a visitor in New York should see it, worked out independently with luxon. */
function expectedNewYorkTime(): string {
  const start = DateTime.fromJSDate(webinar.startsAt, { zone: VISITOR_ZONE }).setLocale("en-GB");
  const end = start.plus({ minutes: webinar.durationMinutes });
  expect(end.toISODate()).toBe(start.toISODate());
  return `${start.toFormat("ccc d LLL")}, ${start.toFormat("HH:mm")}\u2013${end.toFormat("HH:mm")} New York time (${offsetLabel(start)})`;
}

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

describe("a new visitor registers for a webinar from the schedule", () => {
  const email = "first.visitor@example.test";
  let page: Page;

  beforeAll(async () => {
    page = await newPage(browser, { timezoneId: VISITOR_ZONE });
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it("sees the schedule in their own zone and is sent to sign in by Register", async () => {
    await page.goto(`${server.url}/schedule`);
    // The zone detector has run: the browser's zone is remembered and the page is live.
    await page.locator(".zone-bar__current", { hasText: "New York time" }).waitFor();
    await expectNoAxeViolations(page, "/schedule");

    await page.getByRole("button", { name: `Register for ${TITLE}` }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("register")).toBe(SLUG);
    await expect(page.locator("main .notice").innerText()).resolves.toContain(
      `Sign in to register for ${TITLE}`,
    );
    await expect(mainNav(page).getByRole("link", { name: "Sign in" }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page, "/login");
  });

  it("asks for a sign-in link and is told to check their email", async () => {
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
    await expect(page.locator("main").innerText()).resolves.toContain(email);
    await expectNoAxeViolations(page, "/login (check your email)");
  });

  let link: string;

  it("receives the sign-in email with a link to this server", async () => {
    const mail = await signInMail(email);
    expect(mail.subject).toContain(FESTIVAL_NAME);
    const found = /https?:\/\/\S+\/login\/verify\?token=[\w-]+/.exec(mail.text ?? "");
    expect(found, mail.text).not.toBeNull();
    link = found![0];
    expect(link.startsWith(`${server.url}/login/verify?token=`)).toBe(true);
    expect(mail.html || "").toContain(link);
  });

  it("opens the link, presses Continue and, new to the festival, lands on the festival form", async () => {
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "Continue signing in" }).waitFor();
    await expectNoAxeViolations(page, "/login/verify");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.pathname === "/register");
    expect(new URL(page.url()).searchParams.get("webinar")).toBe(SLUG);
    await page.getByRole("heading", { level: 1, name: `Register for ${FESTIVAL_NAME}` }).waitFor();
    await expect(mainNav(page).getByRole("link", { name: "My festival" }).count()).resolves.toBe(1);
    await expect(page.locator("main .notice").innerText()).resolves.toContain(TITLE);
    await expect(page.locator("main").innerText()).resolves.toContain(`Signed in as ${email}`);
    // Consent is never assumed: both boxes start unticked.
    await expect(
      page.getByLabel(/Also email me news about future festivals/).isChecked(),
    ).resolves.toBe(false);
    await expect(page.getByLabel(/I agree to the/).isChecked()).resolves.toBe(false);
    // The zone the browser reported is offered as the default.
    await expect(page.getByLabel("Time zone", { exact: true }).inputValue()).resolves.toBe(
      VISITOR_ZONE,
    );
    await expectNoAxeViolations(page, "/register");
  });

  it("without the privacy box ticked, shows the error next to it and keeps what was typed", async () => {
    await page.getByLabel("Your name", { exact: true }).fill("Ada Visitor");
    await page.getByLabel("Organisation (optional)").fill("Hudson Health Trust");
    await page.getByLabel("Your network (optional)").fill("East Coast Care Network");
    await page.getByLabel("Your role in the network (optional)").fill("Coordinator");
    await page.getByLabel("Country (optional)").fill("United States");
    await page
      .getByLabel("How did you hear about the festival? (optional)")
      .selectOption("My network");
    await page.getByRole("button", { name: "Register and save my place" }).click();

    const error = page.locator("#field-privacy-error");
    await error.waitFor();
    await expect(error.innerText()).resolves.toBe(
      "Please agree to the privacy notice: we need it to register you.",
    );
    const privacy = page.getByLabel(/I agree to the/);
    await expect(privacy.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(privacy.getAttribute("aria-describedby")).resolves.toBe("field-privacy-error");
    // the error sits in the privacy field's own wrapper, next to the box
    await expect(
      page.locator(".field--checkbox", { has: page.locator("#field-privacy") }).innerText(),
    ).resolves.toContain("Please agree to the privacy notice");
    expect(new URL(page.url()).pathname).toBe("/register");

    await expect(page.getByLabel("Your name", { exact: true }).inputValue()).resolves.toBe(
      "Ada Visitor",
    );
    await expect(page.getByLabel("Organisation (optional)").inputValue()).resolves.toBe(
      "Hudson Health Trust",
    );
    await expect(page.getByLabel("Your network (optional)").inputValue()).resolves.toBe(
      "East Coast Care Network",
    );
    await expect(page.getByLabel("Your role in the network (optional)").inputValue()).resolves.toBe(
      "Coordinator",
    );
    await expect(page.getByLabel("Country (optional)").inputValue()).resolves.toBe("United States");
    await expect(
      page.getByLabel("How did you hear about the festival? (optional)").inputValue(),
    ).resolves.toBe("My network");
    await expect(page.getByLabel("Time zone", { exact: true }).inputValue()).resolves.toBe(
      VISITOR_ZONE,
    );
    await expect(
      page.getByLabel(/Also email me news about future festivals/).isChecked(),
    ).resolves.toBe(false);
    await expectNoAxeViolations(page, "/register (privacy error shown)");
  });

  it("without JavaScript too: the server sends the error and the typed values back", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      locale: "en-GB",
      timezoneId: VISITOR_ZONE,
      storageState: await page.context().storageState(),
    });
    const plain = await context.newPage();
    await plain.goto(`${server.url}/register?webinar=${SLUG}`);
    await plain.getByLabel("Your name", { exact: true }).fill("Ada Visitor");
    await plain.getByLabel("Your network (optional)").fill("East Coast Care Network");
    await plain.getByLabel("Time zone", { exact: true }).selectOption(VISITOR_ZONE);
    await plain.getByLabel("Also email me news about future festivals", { exact: false }).check();
    const [response] = await Promise.all([
      plain.waitForResponse((r) => r.request().method() === "POST"),
      plain.getByRole("button", { name: "Register and save my place" }).click(),
    ]);
    expect(response.status()).toBe(400);
    await plain.locator("#field-privacy-error").waitFor();
    // a whole new page from the server, filled in from what was sent
    await expect(plain.getByLabel("Your name", { exact: true }).inputValue()).resolves.toBe(
      "Ada Visitor",
    );
    await expect(plain.getByLabel("Your network (optional)").inputValue()).resolves.toBe(
      "East Coast Care Network",
    );
    await expect(plain.getByLabel("Time zone", { exact: true }).inputValue()).resolves.toBe(
      VISITOR_ZONE,
    );
    await expect(
      plain.getByLabel("Also email me news about future festivals", { exact: false }).isChecked(),
    ).resolves.toBe(true);
    await expect(plain.getByLabel(/I agree to the/).isChecked()).resolves.toBe(false);
    await context.close();
  });

  it("with the box ticked, registers and lands on the webinar: You are registered", async () => {
    await page.getByLabel(/I agree to the/).check();
    await page.getByRole("button", { name: "Register and save my place" }).click();
    await page.waitForURL(
      (url) =>
        url.pathname === `/webinars/${SLUG}` &&
        url.searchParams.get("registration") === "confirmed",
    );
    const message = page.locator("main .notice--success");
    await message.waitFor();
    await expect(message.innerText()).resolves.toContain("You are registered");
    await expect(message.innerText()).resolves.toContain(email);
    await expect(page.locator(".register__status").innerText()).resolves.toContain(
      "You are registered",
    );
    await expectNoAxeViolations(page, `/webinars/${SLUG} (registered)`);
  });

  it("is sent a confirmation carrying a calendar invitation (METHOD:REQUEST)", async () => {
    const mail = await waitForMail(email, (m) => Boolean(calendarPart(m)), "confirmation email");
    expect(mail.subject).toContain(TITLE);
    const calendar = calendarPart(mail)!.content.toString("utf8");
    expect(calendar).toMatch(/^METHOD:REQUEST\r?$/m);
    const [event] = parseCalendar(calendar).events;
    expect(event!.summary).toContain(TITLE);
    expect(event!.start.toISOString()).toBe(webinar.startsAt.toISOString());
    expect(event!.attendees.join(" ").toLowerCase()).toContain(email);
    // The email names the time in the zone chosen on the form.
    expect(mail.text).toContain(expectedNewYorkTime());
  });

  it("finds the webinar in My festival at the right New York time", async () => {
    await page.goto(`${server.url}/me`);
    await page.getByRole("heading", { level: 1, name: "My festival" }).waitFor();
    const item = page.locator(".my-webinar", { has: page.getByRole("link", { name: TITLE }) });
    await expect(item.locator(".badge--confirmed").innerText()).resolves.toBe("Registered");
    const expected = expectedNewYorkTime();
    expect(expected).toMatch(/ New York time \(UTC\u2212\d+\)$/);
    await expect(item.locator(".time-range__local").innerText()).resolves.toBe(expected);
    await expect(page.locator("main").innerText()).resolves.toContain(
      "Times are in America/New York.",
    );
    // the marketing box was left unticked: no festival news
    await expect(page.locator("dl.facts").innerText()).resolves.toMatch(/Festival news\s+No/);
    await expectNoAxeViolations(page, "/me");
  });

  it("can open the profile page", async () => {
    await page.goto(`${server.url}/me/profile`);
    await page.getByRole("heading", { level: 1, name: "Profile and email preferences" }).waitFor();
    await expect(page.getByLabel("Time zone", { exact: true }).inputValue()).resolves.toBe(
      VISITOR_ZONE,
    );
    await expectNoAxeViolations(page, "/me/profile");
  });
});

describe("a second new visitor signs in with the 6-digit code", () => {
  const email = "second.visitor@example.test";

  it("types the emailed code on the Check your email page and is signed in", async () => {
    const page = await newPage(browser, { timezoneId: VISITOR_ZONE });
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();

    const mail = await signInMail(email);
    const code = /\b(\d{6})\s*$/.exec(mail.subject ?? "")?.[1];
    expect(code, mail.subject).toMatch(/^\d{6}$/);
    expect(mail.text).toContain(`Or enter this code on the sign-in page: ${code}`);

    await page.getByLabel("6-digit code").fill(code!);
    await expectNoAxeViolations(page, "/login (code entered)");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/me");
    await mainNav(page).getByRole("link", { name: "My festival" }).waitFor();
    await expect(mainNav(page).getByRole("link", { name: "Sign in" }).count()).resolves.toBe(0);
    await expect(page.locator("main").innerText()).resolves.toContain(
      `You have not registered for ${FESTIVAL_NAME} yet.`,
    );
    await page.context().close();
  });
});
