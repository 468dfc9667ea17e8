import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { startServerProcess, type ServerProcess } from "~scripts/lib/server-process";
import { createFaculty, createFestival, createPost, createWebinar } from "~tests/factories";
import { XSS_CORPUS } from "~tests/fixtures/xss-corpus";
import { expectNoAxeViolations, launchBrowser, newPage } from "~tests/helpers/browser";
import { signInWithEmailedCode } from "~tests/helpers/sign-in-email";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";

/**
 * A faculty member writes for the blog in a real browser: the studio, the
 * live preview, autosave surviving a reload mid-sentence, publishing, and
 * the post on the blog. A colleague's post full of script tricks opens no
 * dialog, with or without the Content-Security-Policy. Every page passes axe.
 */

const WRITER = "ann.author@example.test";
const FESTIVAL_NAME = "Riverside Networks Week";

let dataDir: string;
let smtp: TestSmtp;
let server: ServerProcess;
let browser: Browser;
let page: Page;
let colleaguePostId: string;
const dialogs: string[] = [];
const browserErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("The e2e tests need a production build: run `npm run build` first.");
  }
  smtp = await startTestSmtp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-e2e-blog-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const handle = await openDatabase({ pgliteDir });
  await handle.migrate();
  const today = DateTime.now().setZone("Europe/London").startOf("day");
  const festival = await createFestival(handle.db, {
    name: FESTIVAL_NAME,
    timeZone: "Europe/London",
    startsOn: today.plus({ days: 3 }).toISODate()!,
    endsOn: today.plus({ days: 8 }).toISODate()!,
  });
  const ann = await createFaculty(handle.db, festival, { name: "Ann Author", slug: "ann-author" });
  const { user } = await import("~db/schema");
  const { eq } = await import("drizzle-orm");
  await handle.db.update(user).set({ email: WRITER }).where(eq(user.id, ann.userId));
  const ben = await createFaculty(handle.db, festival, { name: "Ben Writer", slug: "ben-writer" });
  await createWebinar(handle.db, festival, {
    slug: "networks-that-last",
    title: "Networks that last",
    localStart: `${today.plus({ days: 4 }).toISODate()}T12:30`,
    hosts: [ben],
  });
  const colleague = await createPost(handle.db, festival, {
    slug: "tricks",
    title: "A post full of tricks",
    body: XSS_CORPUS.join("\n\n"),
    authors: [ben],
  });
  colleaguePostId = colleague.id;
  await handle.close();

  server = await startServerProcess({
    PGLITE_DIR: pgliteDir,
    UPLOADS_DIR: path.join(dataDir, "uploads"),
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: "blog-studio-secret-blog-studio-secret-1234",
    TZ: "America/Los_Angeles",
    DATABASE_URL: "",
    SMTP_URL: smtp.url,
    RUN_WORKER: "1",
  });
  browser = await launchBrowser();
  page = await newPage(browser, { timezoneId: "Europe/Berlin" });
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => browserErrors.push(error.message));
  page.on("console", (message) => {
    // A script the Content-Security-Policy blocked is reported here.
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      browserErrors.push(message.text());
    }
  });
});

afterAll(async () => {
  await page?.context().close();
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const body = () => page.getByLabel("Post", { exact: true });

describe("a faculty member writing for the blog", () => {
  let editorUrl: string;

  it("signs in and finds the studio", async () => {
    await page.goto(`${server.url}/studio`);
    await page.waitForURL((url) => url.pathname === "/login");
    await signInWithEmailedCode(page, smtp, WRITER, server.output);
    await page.waitForURL((url) => url.pathname === "/studio");
    await page.getByRole("heading", { level: 1, name: "Studio" }).waitFor();
    await expectNoAxeViolations(page, "/studio");
  });

  it("starts a post and sees the preview follow the typing", async () => {
    await page.getByRole("button", { name: "New post" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/studio/posts/"));
    editorUrl = page.url();
    await page.getByLabel("Title", { exact: true }).fill("Letters from the river");
    await body().fill("## First light\n\nNetworks wake up **slowly**.");
    const preview = page.locator(".studio-editor__preview");
    await preview.getByRole("heading", { name: /First light/ }).waitFor();
    await expect(preview.locator("strong").innerText()).resolves.toBe("slowly");
    await page.locator('[data-autosave="saved"]').waitFor();
    await expectNoAxeViolations(page, "the editor");
  });

  it("loses nothing when the page is reloaded mid-sentence", async () => {
    await body().press("End");
    await body().pressSequentially(" Then all at once", { delay: 5 });
    // No pause for the autosave timer: the page is reloaded straight away.
    await page.reload();
    // The browser's own copy is put back once the page has started: wait for it, briefly.
    await expect
      .poll(() => body().inputValue(), { timeout: 5_000 })
      .toBe("## First light\n\nNetworks wake up **slowly**. Then all at once");
    await expect(page.getByLabel("Title", { exact: true }).inputValue()).resolves.toBe(
      "Letters from the river",
    );
    await page.getByText(/not yet saved for readers/).waitFor();
  });

  it("shows a refusal next to its field, keeping the text", async () => {
    await page.getByLabel("Or the image's address").fill("https://images.example.org/river.jpg");
    await page.getByRole("button", { name: "Publish now" }).click();
    const error = page.locator("#field-coverImageAlt-error");
    await error.waitFor();
    await expect(error.innerText()).resolves.toMatch(/Describe the cover image/);
    await expect(body().inputValue()).resolves.toContain("Then all at once");
    await expectNoAxeViolations(page, "the editor with an error");
  });

  it("publishes, and the post is on the blog with its heading anchor", async () => {
    await page.getByLabel("Text alternative").fill("The river at dawn");
    await page.getByLabel("Summary").fill("How networks wake.");
    await page.getByRole("button", { name: "Publish now" }).click();
    await page.getByText("Published: the post is live.").waitFor();
    const response = await page.goto(`${server.url}/blog`);
    expect(response!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
    await page.getByRole("link", { name: "Letters from the river" }).first().click();
    await page.waitForURL((url) => url.pathname === "/blog/letters-from-the-river");
    await page.getByRole("heading", { level: 1, name: "Letters from the river" }).waitFor();
    await expect(
      page.locator("h2#first-light a.heading-anchor").getAttribute("href"),
    ).resolves.toBe("#first-light");
    await expect(page.getByRole("img", { name: "The river at dawn" }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page, "/blog/letters-from-the-river");
    await page.goto(`${server.url}/blog`);
    await expectNoAxeViolations(page, "/blog");
  });

  it("cannot open a colleague's post in the studio", async () => {
    const response = await page.goto(`${server.url}/studio/posts/${colleaguePostId}`);
    expect(response!.status()).toBe(403);
    await page.goto(editorUrl);
    await page.getByRole("heading", { level: 1, name: "Letters from the river" }).waitFor();
  });
});

describe("a post full of script tricks", () => {
  it("opens no dialog on the published page, and nothing is blocked that should have run", async () => {
    await page.goto(`${server.url}/blog/tricks`);
    await page.getByRole("heading", { level: 1, name: "A post full of tricks" }).waitFor();
    // Give anything that would run (onload, onerror, autofocus) the chance to.
    await page.mouse.move(10, 10);
    await page.mouse.move(400, 400);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    const handlers = await page.evaluate(
      () =>
        [...document.querySelectorAll(".post__body *")].filter((el) =>
          [...el.attributes].some((a) => a.name.startsWith("on") || a.name === "style"),
        ).length,
    );
    expect(handlers).toBe(0);
    await expectNoAxeViolations(page, "/blog/tricks");
  });

  it("opens no dialog even without the Content-Security-Policy, links included", async () => {
    // The sanitiser alone must hold: render its output in a page with no policy at all.
    const bare = await newPage(browser);
    const bareDialogs: string[] = [];
    bare.on("dialog", (dialog) => {
      bareDialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await bare.setContent(
      `<!doctype html><html><body>${renderMarkdown(XSS_CORPUS.join("\n\n"))}</body></html>`,
    );
    await bare.waitForTimeout(300);
    const hrefs = await bare.evaluate(() =>
      [...document.querySelectorAll("a[href]")].map((a) => (a as HTMLAnchorElement).protocol),
    );
    expect(hrefs.every((p) => ["http:", "https:", "mailto:", "about:"].includes(p))).toBe(true);
    // Follow every link that stays on the page; an external one would leave it.
    for (const link of await bare.locator('a[href^="#"]').all()) await link.click();
    expect(bareDialogs).toEqual([]);
    await bare.context().close();
  });

  it("left no browser errors anywhere in the journey", () => {
    expect(browserErrors).toEqual([]);
  });
});
