import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AccessibilityStatement } from "~/components/accessibility-statement";
import type { AccessibilityStatementData } from "~/lib/accessibility-statement";
import { CACHE } from "~/lib/http.server";
import { loader } from "~/routes/accessibility";
import { createFestival } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * /accessibility: the statement a visitor reads, built from the festival in
 * the database (its name and contact address) and the date it was prepared.
 */
const testDb = withTestDatabase();

async function statementPage(cookie?: string) {
  const result = await callRoute<AccessibilityStatementData>(loader, "/accessibility", { cookie });
  const html = renderToStaticMarkup(createElement(AccessibilityStatement, result.data!));
  const text = html
    .replace(/<[^>]+>/g, " ")
    .replace(/&rsquo;/g, "\u2019")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
  return { ...result, html, text };
}

describe("the accessibility statement", () => {
  it("still answers before any festival is set up, pointing at the organisers", async () => {
    const page = await statementPage();
    expect(page.status).toBe(200);
    expect(page.text).toContain("email the festival organisers");
    expect(page.html).not.toContain("mailto:");
  });

  it("says how far the site conforms, how that is tested and what does not work", async () => {
    await createFestival(testDb.handle.db, {
      name: "Harbour Networks Week",
      contactEmail: "access@harbour.example",
    });
    const page = await statementPage();
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe(CACHE.publicPage);
    expect(page.html).toMatch(/<h1[^>]*>Accessibility statement<\/h1>/);
    expect(page.text).toContain("Harbour Networks Week wants everyone to be able to use");
    expect(page.text).toContain("This website is partially conformant");
    expect(page.text).toContain("WCAG 2.2 level AA");
    for (const heading of [
      "Conformance status",
      "How we test",
      "Known limitations",
      "Reporting a problem",
      "Preparation of this statement",
    ]) {
      expect(page.html).toMatch(new RegExp(`<h2[^>]*>${heading}</h2>`));
    }
    for (const method of ["axe-core", "Keyboard only", "Zoom and reflow", "Motion"]) {
      expect(page.text).toContain(method);
    }
    for (const limitation of [
      "third-party meeting and video platforms",
      "Network90 videos and captions",
      "Certificates of attendance are PDF files without tags",
      "Documents in the resource library",
    ]) {
      expect(page.text).toContain(limitation);
    }
  });

  it("gives the festival's contact address from the database and the statement's date", async () => {
    const page = await statementPage();
    expect(page.html).toContain(
      '<a href="mailto:access@harbour.example">access@harbour.example</a>',
    );
    expect(page.html).toContain('<time dateTime="2026-11-28">28 November 2026</time>');
  });

  it("is a personal page for a visitor with a cookie, so shared caches keep only the anonymous one", async () => {
    const page = await statementPage("meridian_tz=UTC");
    expect(page.headers.get("Cache-Control")).toBe(CACHE.personal);
  });
});
