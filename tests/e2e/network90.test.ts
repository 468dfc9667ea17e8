import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { currentCode } from "~/models/second-factor.server";
import { startServerProcess, type ServerProcess } from "~scripts/lib/server-process";
import { createCompetition, createFestival, createResource, createUser } from "~tests/factories";
import { expectNoAxeViolations, launchBrowser, newPage } from "~tests/helpers/browser";
import { TEST_TOTP_SECRET } from "~tests/helpers/session";
import { signInWithEmailedCode } from "~tests/helpers/sign-in-email";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { isoVideo, WEBVTT } from "~tests/helpers/videos";

/**
 * Network90 from end to end in Chromium: a network enters (a 30-second
 * video and its captions uploaded through the page), an organiser judges
 * and shortlists it, opens the vote, a member of the public watches and
 * votes, the organiser closes the vote and announces, and the entrant is
 * told by email. Every page passes axe; no browser errors.
 */

const ENTRANT = "rae@riverside.example";
const VOTER = "val@voters.example";
const ORGANISER = "olu@festival.example";
const ZONE = "Europe/London";

let dataDir: string;
let smtp: TestSmtp;
let server: ServerProcess;
let browser: Browser;
const browserErrors: string[] = [];

async function personPage(): Promise<Page> {
  const page = await newPage(browser, { timezoneId: ZONE });
  page.on("pageerror", (error) => browserErrors.push(error.message));
  return page;
}

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("The e2e tests need a production build: run `npm run build` first.");
  }
  smtp = await startTestSmtp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-e2e-n90-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const handle = await openDatabase({ pgliteDir });
  await handle.migrate();
  const today = DateTime.now().setZone(ZONE).startOf("day");
  const festival = await createFestival(handle.db, {
    name: "Harbour Networks Week",
    timeZone: ZONE,
    startsOn: today.toISODate()!,
    endsOn: today.plus({ days: 6 }).toISODate()!,
  });
  await createCompetition(handle.db, festival);
  await createResource(handle.db, festival, {
    slug: "health-check",
    title: "Network health check",
  });
  await createUser(handle.db, {
    email: ORGANISER,
    name: "Olu Organiser",
    isOrganiser: true,
    totpSecret: TEST_TOTP_SECRET,
    totpEnabledAt: new Date(),
  });
  await handle.close();
  fs.writeFileSync(path.join(dataDir, "our-film.mp4"), isoVideo(30, { padding: 200_000 }));
  fs.writeFileSync(path.join(dataDir, "our-film.vtt"), WEBVTT);

  server = await startServerProcess({
    PGLITE_DIR: pgliteDir,
    UPLOADS_DIR: path.join(dataDir, "uploads"),
    STORAGE_DIR: path.join(dataDir, "storage"),
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: "network90-secret-network90-secret-123456",
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

/** Wall-clock date and time in the festival zone, `minutes` from now, for the settings form. */
function festivalClock(minutes: number): { date: string; time: string } {
  const t = DateTime.now().setZone(ZONE).plus({ minutes });
  return { date: t.toISODate()!, time: t.toFormat("HH:mm") };
}

async function setTimeline(
  page: Page,
  times: Record<"entriesClose" | "votingOpens" | "votingCloses", number>,
) {
  await page.goto(`${server.url}/admin/network90/settings`);
  for (const [key, minutes] of Object.entries(times)) {
    const { date, time } = festivalClock(minutes);
    await page.locator(`input[name="${key}Date"]`).fill(date);
    await page.locator(`input[name="${key}Time"]`).fill(time);
  }
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.locator(".notice--success, [role=status]").first().waitFor();
}

describe("Network90 from entry to results", () => {
  let entrant: Page;
  let organiser: Page;
  let entryPath: string;

  it("a network enters: details, a 30-second video and its captions, then sends it", async () => {
    entrant = await personPage();
    await entrant.goto(`${server.url}/network90`);
    await expectNoAxeViolations(entrant, "/network90 (entries open)");
    await entrant.getByRole("link", { name: "Enter your network" }).click();
    await entrant.waitForURL((url) => url.pathname === "/login");
    await signInWithEmailedCode(entrant, smtp, ENTRANT, server.output);
    await entrant.waitForURL((url) => url.pathname === "/network90/enter");
    await expectNoAxeViolations(entrant, "/network90/enter (new)");

    await entrant.getByLabel("Network name").fill("Riverside Network");
    await entrant.getByLabel("Where it is based").selectOption("Yorkshire and the Humber");
    await entrant.getByLabel("Contact name").fill("Rae Rivers");
    await entrant
      .getByLabel("About your network")
      .fill("Forty groups along the river, sharing vans and volunteers.");
    await entrant.getByLabel(/may show our video/).check();
    await entrant.getByRole("button", { name: "Start our entry" }).click();
    await entrant.getByText("Your entry is started.").waitFor();

    await entrant.getByLabel("Video file").setInputFiles(path.join(dataDir, "our-film.mp4"));
    await entrant.getByRole("button", { name: "Upload the video" }).click();
    await entrant.getByText("Video uploaded: 30 seconds, MP4.").first().waitFor();
    await entrant
      .getByLabel("Captions file (WebVTT)")
      .setInputFiles(path.join(dataDir, "our-film.vtt"));
    await entrant.getByRole("button", { name: "Upload the captions" }).click();
    await entrant.getByText("Captions uploaded.").first().waitFor();
    await entrant.getByRole("button", { name: "Send our entry to the judges" }).click();
    await entrant.getByText(/^Entry sent\./).waitFor();
    await expectNoAxeViolations(entrant, "/network90/enter (sent)");
  });

  it("an organiser scores and shortlists it, and the entrant is emailed", async () => {
    organiser = await personPage();
    await organiser.goto(`${server.url}/admin/network90`);
    await organiser.waitForURL((url) => url.pathname === "/login");
    await signInWithEmailedCode(organiser, smtp, ORGANISER, server.output);
    await organiser.waitForURL((url) => url.pathname === "/admin/security/verify");
    await organiser.getByLabel("6-digit code").fill(currentCode(TEST_TOTP_SECRET));
    await organiser.getByRole("button", { name: "Continue" }).click();
    await organiser.waitForURL((url) => url.pathname === "/admin/network90");
    await expectNoAxeViolations(organiser, "/admin/network90");

    await organiser.getByRole("link", { name: "Riverside Network" }).first().click();
    await organiser.waitForURL((url) => /^\/admin\/network90\/[0-9a-f-]{36}$/.test(url.pathname));
    entryPath = `/network90/entries/${organiser.url().split("/").pop()}`;
    await expectNoAxeViolations(organiser, "/admin/network90/<entry>", { exclude: ["video"] });

    await organiser.goto(`${server.url}/judging${entryPath.replace("/network90/entries", "")}`);
    for (const legend of await organiser.locator("fieldset legend").allInnerTexts()) {
      await organiser.getByRole("group", { name: legend }).getByLabel("4").check();
    }
    await organiser.getByRole("button", { name: /Save/ }).click();
    await organiser.locator(".notice--success, [role=status]").first().waitFor();
    await expectNoAxeViolations(organiser, "/judging/<entry>", { exclude: ["video"] });

    await organiser.goto(
      `${server.url}/admin/network90${entryPath.replace("/network90/entries", "")}`,
    );
    await organiser.getByRole("button", { name: "Shortlist Riverside Network" }).click();
    await organiser
      .getByText(/shortlisted/i)
      .first()
      .waitFor();
    const deadline = Date.now() + 15_000;
    while (
      !smtp.messages.some(
        (m) => JSON.stringify(m.to).includes(ENTRANT) && /shortlist/i.test(m.subject ?? ""),
      )
    ) {
      if (Date.now() > deadline) throw new Error("No shortlist email");
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it("opens the vote; a member of the public watches the captioned video and votes once", async () => {
    await setTimeline(organiser, { entriesClose: -3, votingOpens: -2, votingCloses: 60 });
    const voter = await personPage();
    await voter.goto(`${server.url}/network90`);
    await voter.getByRole("link", { name: "Riverside Network" }).first().click();
    await voter.waitForURL((url) => url.pathname === entryPath);
    const video = voter.locator("video");
    await expect(
      video.locator('track[kind="captions"]').getAttribute("default"),
    ).resolves.not.toBeNull();
    // The browser fetches the video by ranges: the server answers with the bytes asked for.
    const ranged = await voter.request.get(`${server.url}${entryPath}/video`, {
      headers: { Range: "bytes=0-99" },
    });
    expect(ranged.status()).toBe(206);
    expect((await ranged.body()).length).toBe(100);
    await expectNoAxeViolations(voter, "the entry page", { exclude: ["video"] });

    await voter.getByRole("button", { name: "Vote for Riverside Network" }).click();
    await voter.waitForURL((url) => url.pathname === "/login");
    await signInWithEmailedCode(voter, smtp, VOTER, server.output);
    await voter.waitForURL((url) => url.pathname === entryPath);
    await voter.getByRole("button", { name: "Vote for Riverside Network" }).click();
    await voter.getByText("Thank you: your vote for Riverside Network is counted.").waitFor();
    // A second visit says the vote is in, and offers no second one.
    await voter.goto(`${server.url}${entryPath}`);
    await voter.getByText(/You voted for Riverside Network/).waitFor();
    await expect(voter.getByRole("button", { name: /^Vote for/ }).count()).resolves.toBe(0);
    await expectNoAxeViolations(voter, "the entry page after voting", { exclude: ["video"] });
    // No count is shown to the public before the results.
    await voter.goto(`${server.url}/network90`);
    expect(await voter.content()).not.toMatch(/1 vote/);
    await voter.context().close();
  });

  it("closes the vote and announces; the results are public and the entrant is told", async () => {
    await setTimeline(organiser, { entriesClose: -3, votingOpens: -2, votingCloses: -1 });
    await organiser.goto(`${server.url}/admin/network90/results`);
    await expectNoAxeViolations(organiser, "/admin/network90/results");
    await organiser
      .getByLabel("Winner")
      .selectOption({ label: "Riverside Network (Yorkshire and the Humber)" });
    await organiser.getByRole("button", { name: "Announce results" }).click();
    await organiser
      .getByText(/announced/i)
      .first()
      .waitFor();

    const visitor = await personPage();
    await visitor.goto(`${server.url}/network90`);
    await visitor
      .getByText(/Riverside Network/)
      .first()
      .waitFor();
    expect(await visitor.content()).toMatch(/winner/i);
    await expectNoAxeViolations(visitor, "/network90 (results)");
    await visitor.context().close();

    const deadline = Date.now() + 15_000;
    while (
      !smtp.messages.some(
        (m) => JSON.stringify(m.to).includes(ENTRANT) && /result/i.test(m.subject ?? ""),
      )
    ) {
      if (Date.now() > deadline) throw new Error(`No results email.\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it("the resource library passes axe too", async () => {
    const reader = await personPage();
    await reader.goto(`${server.url}/resources`);
    await expectNoAxeViolations(reader, "/resources");
    await reader.getByRole("link", { name: "Network health check" }).first().click();
    await reader.waitForURL((url) => url.pathname === "/resources/health-check");
    await expectNoAxeViolations(reader, "/resources/health-check");
    await organiser.goto(`${server.url}/admin/resources`);
    await expectNoAxeViolations(organiser, "/admin/resources");
    await reader.context().close();
  });

  it("left no browser errors on any page", async () => {
    await entrant?.context().close();
    await organiser?.context().close();
    expect(browserErrors).toEqual([]);
  });
});
