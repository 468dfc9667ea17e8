import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailPreviews } from "~emails/previews";
import { expectNoAxeViolations, launchBrowser, newPage } from "~tests/helpers/browser";

/**
 * Every message's HTML, from its preview data, opened in Chromium and checked
 * with axe-core, at a desktop and a phone width: emails are pages too.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("email HTML", () => {
  it.each(Object.keys(emailPreviews))("%s passes axe and has a plain-text twin", async (name) => {
    const message = emailPreviews[name]!();
    expect(message.text.trim().length).toBeGreaterThan(40);
    expect(message.subject.length).toBeGreaterThan(5);
    for (const viewport of [
      { width: 1200, height: 900 },
      { width: 375, height: 740 },
    ]) {
      const page = await newPage(browser, { viewport });
      await page.setContent(message.html, { waitUntil: "load" });
      await expectNoAxeViolations(page, `${name} at ${viewport.width}px`);
      await page.context().close();
    }
  });
});
