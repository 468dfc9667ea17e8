import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { festival as festivalTable } from "~db/schema";
import { PrivacyNotice } from "~/components/privacy-notice";
import { resetEnvForTests } from "~/lib/env.server";
import { scheduleChanged } from "~/lib/schedule-events.server";
import type { PrivacyFacts } from "~/models/privacy-notice.server";
import { loader as privacyLoader } from "~/routes/privacy";
import { createFestival } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const saved = { ...process.env };

afterAll(() => {
  for (const key of ["SMTP_URL", "S3_BUCKET", "S3_ENDPOINT"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  resetEnvForTests();
});

/** The notice as a reader gets it: the loader's facts rendered to text. */
async function notice() {
  const res = await callRoute<PrivacyFacts>(privacyLoader, "/privacy");
  expect(res.status).toBe(200);
  const html = renderToStaticMarkup(createElement(PrivacyNotice, res.data!));
  return { facts: res.data!, html, text: html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ") };
}

describe("the privacy notice", () => {
  it("says what is kept and why, including votes, entries and IP addresses", async () => {
    await createFestival(testDb.handle.db, {
      name: "Harbour Networks Week",
      timeZone: "America/New_York",
      startsOn: "2026-10-26",
      endsOn: "2026-10-31",
      retentionDays: 1,
      contactEmail: "privacy@harbour.example",
    });
    const { text, html } = await notice();
    expect(text).toMatch(/Votes in the Network90 competition: which entry you voted for, when/);
    expect(text).toMatch(/Network90 entries: your network’s details, the contact name, the video/);
    expect(text).toMatch(/Internet \(IP\) addresses with sign-in requests and votes/);
    expect(text).toMatch(/which ones you register for and whether you followed the joining link/);
    expect(html).toContain('href="/me/export.json"');
    expect(html).toContain('href="/me/delete"');
    expect(html).toContain('href="mailto:privacy@harbour.example"');
  });

  it("gives the retention period and the date it ends in the festival's named zone, across the clock change", async () => {
    const { text } = await notice();
    expect(text).toContain(
      "We keep registrants’ personal data for 1 day after the festival’s last day: on Mon 2 Nov 2026, 00:00 New York time (UTC−5) (the festival’s time zone, America/New_York)",
    );
  });

  it("names the email and storage providers by host, never their credentials", async () => {
    process.env.SMTP_URL = "smtps://mailer:s3cret-pass@smtp.postbox.example:465";
    process.env.S3_BUCKET = "festival-files";
    process.env.S3_ENDPOINT = "https://objects.storebox.example";
    resetEnvForTests();
    const { text, html } = await notice();
    expect(text).toContain("our email (SMTP) provider at smtp.postbox.example");
    expect(text).toContain("with our storage provider at objects.storebox.example");
    expect(html).not.toContain("s3cret-pass");
    delete process.env.SMTP_URL;
    delete process.env.S3_BUCKET;
    delete process.env.S3_ENDPOINT;
    resetEnvForTests();
    const local = await notice();
    expect(local.text).toContain("this server itself (a development mailbox: no email leaves it)");
    expect(local.text).toContain("on this server’s own disk");
  });

  it("says when the data was removed once it has been", async () => {
    const [f] = await testDb.handle.db
      .update(festivalTable)
      .set({ personalDataRemovedAt: new Date("2026-11-02T05:00:30Z") })
      .returning();
    scheduleChanged();
    expect(f).toBeDefined();
    const { text } = await notice();
    expect(text).toContain(
      "Registrants’ personal data for Harbour Networks Week was removed on Mon 2 Nov 2026, 00:00 New York time (UTC−5).",
    );
    await testDb.handle.db
      .update(festivalTable)
      .set({ personalDataRemovedAt: null })
      .where(eq(festivalTable.id, f!.id));
    scheduleChanged();
  });
});
