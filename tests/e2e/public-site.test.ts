import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, newPage } from "~tests/helpers/browser";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const card = (page: Page, slug: string) => page.locator(`article[aria-labelledby="w-${slug}"]`);
const localTime = (page: Page, slug: string) => card(page, slug).locator(".time-range__local");

/** Opens the schedule as a first-time visitor in the zone and waits for local times. */
async function scheduleIn(timezoneId: string, cityLabel: string): Promise<Page> {
  const page = await newPage(browser, { timezoneId });
  await page.goto(`${baseUrl}/schedule`);
  await page.locator(".zone-bar__current", { hasText: cityLabel }).waitFor({ timeout: 15_000 });
  return page;
}

describe("the schedule in the visitor's own time zone, across the October DST change", () => {
  it("shows London times with the offset of each day", async () => {
    const page = await scheduleIn("Europe/London", "London time");
    expect(await localTime(page, "before-the-change").innerText()).toBe(
      "Fri 23 Oct, 12:30–13:00 London time (UTC+1)",
    );
    expect(await localTime(page, "after-the-change").innerText()).toBe(
      "Tue 27 Oct, 12:30–13:00 London time (UTC)",
    );
    await expectNoAxeViolations(page, "/schedule (London)");
    await page.context().close();
  });

  it("shows New York times: 07:30 before London's change, 08:30 after", async () => {
    const page = await scheduleIn("America/New_York", "New York time");
    expect(await localTime(page, "before-the-change").innerText()).toBe(
      "Fri 23 Oct, 07:30–08:00 New York time (UTC−4)",
    );
    expect(await localTime(page, "after-the-change").innerText()).toBe(
      "Tue 27 Oct, 08:30–09:00 New York time (UTC−4)",
    );
    // festival time is given beside the local time
    expect(await card(page, "after-the-change").innerText()).toContain(
      "festival time Tue 27 Oct, 12:30–13:00 London time (UTC)",
    );
    await expect(card(page, "after-the-change").locator(".night-note").count()).resolves.toBe(0);
    await page.context().close();
  });

  it("shows Melbourne times, the next-day end, and marks the night-time webinar", async () => {
    const page = await scheduleIn("Australia/Melbourne", "Melbourne time");
    expect(await localTime(page, "after-the-change").innerText()).toBe(
      "Tue 27 Oct, 23:30–00:00 (next day) Melbourne time (UTC+11)",
    );
    expect(await localTime(page, "before-the-change").innerText()).toBe(
      "Fri 23 Oct, 22:30–23:00 Melbourne time (UTC+11)",
    );
    await expect(
      card(page, "after-the-change").locator(".night-note").innerText(),
    ).resolves.toContain("At night where you are");
    await expectNoAxeViolations(page, "/schedule (Melbourne)");
    await page.context().close();
  });

  it("renders a returning visitor's local times on first paint, even without JavaScript", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-GB" });
    await context.addCookies([{ name: "meridian_tz", value: "America%2FNew_York", url: baseUrl }]);
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}/schedule`);
    expect(response!.headers()["cache-control"]).toMatch(/private/);
    expect(await localTime(page, "after-the-change").innerText()).toBe(
      "Tue 27 Oct, 08:30–09:00 New York time (UTC−4)",
    );
    await context.close();
  });

  it("switches to festival time and back", async () => {
    const page = await scheduleIn("Australia/Melbourne", "Melbourne time");
    await page.getByRole("link", { name: "Show festival time (London)" }).click();
    await page.locator(".zone-bar__current", { hasText: "(festival time)" }).waitFor();
    expect(await localTime(page, "after-the-change").innerText()).toBe(
      "Tue 27 Oct, 12:30–13:00 London time (UTC)",
    );
    // still night for the visitor in Melbourne, even while looking at London time
    await expect(card(page, "after-the-change").locator(".night-note").count()).resolves.toBe(1);
    await page.getByRole("link", { name: "Show my time (Melbourne)" }).click();
    await page.locator(".zone-bar__current", { hasText: "Melbourne time" }).waitFor();
    expect(await localTime(page, "after-the-change").innerText()).toContain("23:30–00:00");
    await page.context().close();
  });

  it("lets the visitor choose another zone, and remembers it", async () => {
    const page = await scheduleIn("Europe/London", "London time");
    await page.getByLabel("Your time zone").selectOption("Asia/Tokyo");
    await page.getByRole("button", { name: "Use this zone" }).click();
    await page.locator(".zone-bar__current", { hasText: "Tokyo time" }).waitFor();
    expect(await localTime(page, "after-the-change").innerText()).toBe(
      "Tue 27 Oct, 21:30–22:00 Tokyo time (UTC+9)",
    );
    await page.goto(`${baseUrl}/webinars/after-the-change`);
    expect(await page.locator(".webinar-page__time .time-range__local").innerText()).toContain(
      "Tokyo time",
    );
    await page.context().close();
  });

  it("falls back to festival time for a bad zone in the address", async () => {
    const page = await newPage(browser, { timezoneId: "Europe/London", javaScriptEnabled: false });
    const response = await page.goto(`${baseUrl}/schedule?tz=Not%2FA_Zone`);
    expect(response!.status()).toBe(200);
    expect(await localTime(page, "after-the-change").innerText()).toContain("London time");
    await page.context().close();
  });

  it("marks cancelled and finished webinars differently from upcoming ones", async () => {
    const page = await scheduleIn("Europe/London", "London time");
    await expect(card(page, "called-off").locator(".badge").innerText()).resolves.toBe("Cancelled");
    // The DST week is in the past by now: its webinars are finished.
    await expect(card(page, "after-the-change").locator(".badge").innerText()).resolves.toBe(
      "Finished",
    );
    expect(await page.locator("text=Still a draft").count()).toBe(0);
    await page.context().close();
  });
});

describe("every public page", () => {
  const pages = [
    ["/", "Autumn Networks Week"],
    ["/schedule", "Schedule"],
    ["/webinars/after-the-change", "After the clocks change"],
    ["/webinars/called-off", "Called off"],
    ["/webinars/coming-up", "Coming up next week"],
    ["/faculty", "The faculty"],
    ["/faculty/amara-okafor", "Amara Okafor"],
    ["/zone", "Choose your time zone"],
    ["/blog", "Blog"],
    ["/schedule/share", "Follow the festival in your app or on your site"],
    ["/embed/schedule", "Autumn Networks Week: webinars this week"],
  ] as const;

  for (const [path, heading] of pages) {
    it(`${path} renders, names its zone, hides join links and passes axe`, async () => {
      const page = await newPage(browser, { timezoneId: "America/New_York" });
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response!.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(heading);
      const html = await page.content();
      expect(html).not.toContain("meet.example.test");
      await expectNoAxeViolations(page, path);
      await page.setViewportSize({ width: 375, height: 740 });
      await expectNoAxeViolations(page, `${path} on a phone`);
      await page.context().close();
    });
  }

  it("answers unknown addresses with a 404 page that passes axe", async () => {
    const page = await newPage(browser);
    for (const path of [
      "/no-such-page",
      "/webinars/no-such-webinar",
      "/webinars/still-a-draft",
      "/faculty/nobody",
    ]) {
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response!.status(), path).toBe(404);
      await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(
        "Page not found",
      );
    }
    await expectNoAxeViolations(page, "404");
    await page.context().close();
  });

  it("offers the calendar file and add-to-calendar links on an upcoming webinar's page", async () => {
    const page = await newPage(browser);
    await page.goto(`${baseUrl}/webinars/coming-up`);
    const google = await page.getByRole("link", { name: /Google Calendar/ }).getAttribute("href");
    expect(new URL(google!).searchParams.get("dates")).toMatch(/^\d{8}T\d{6}Z\/\d{8}T\d{6}Z$/);
    const outlook = await page.getByRole("link", { name: /Outlook.com/ }).getAttribute("href");
    expect(new URL(outlook!).host).toBe("outlook.live.com");
    const ics = await page.getByRole("link", { name: /Download .ics/ }).getAttribute("href");
    const response = await page.request.get(`${baseUrl}${ics}`);
    expect(response.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(await response.text()).toContain("METHOD:PUBLISH");
    await page.context().close();
  });

  it("can be used with the keyboard: the first Tab offers a skip link to the content", async () => {
    const page = await newPage(browser);
    await page.goto(`${baseUrl}/schedule`);
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      "Skip to content",
    );
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("main");
    await page.context().close();
  });
});

describe("HTTP behaviour", () => {
  it("lets a CDN cache anonymous pages and serves repeats from the in-process cache", async () => {
    const first = await fetch(`${baseUrl}/schedule?probe=cache`);
    const second = await fetch(`${baseUrl}/schedule?probe=cache`);
    expect(first.headers.get("cache-control")).toMatch(
      /public.*s-maxage=\d+.*stale-while-revalidate=\d+/,
    );
    expect(second.headers.get("x-cache")).toBe("hit");
    expect(await second.text()).toBe(await first.text());
  });

  it("caches a returning visitor's page per zone, privately, and never a page with other cookies", async () => {
    const get = (cookie: string) =>
      fetch(`${baseUrl}/schedule?probe=zone`, { headers: { Cookie: cookie } });
    await get("meridian_tz=Asia%2FTokyo");
    const tokyo = await get("meridian_tz=Asia%2FTokyo");
    expect(tokyo.headers.get("x-cache")).toBe("hit");
    expect(tokyo.headers.get("cache-control")).toMatch(/private/);
    expect(await tokyo.text()).toContain("Tokyo time (UTC+9)");
    const melbourne = await get("meridian_tz=Australia%2FMelbourne");
    expect(await melbourne.text()).toContain("Melbourne time (UTC+11)");
    await get("meridian_tz=Asia%2FTokyo; other=1");
    const withOther = await get("meridian_tz=Asia%2FTokyo; other=1");
    expect(withOther.headers.get("x-cache")).toBeNull();
  });

  it("serves the whole schedule as a calendar and as JSON", async () => {
    const ics = await fetch(`${baseUrl}/schedule.ics`);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain("STATUS:CANCELLED");
    const json = (await (await fetch(`${baseUrl}/api/schedule.json`)).json()) as {
      webinars: unknown[];
    };
    expect(json.webinars).toHaveLength(4);
  });

  it("reports health", async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
