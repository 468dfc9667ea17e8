import { describe, expect, it } from "vitest";
import type { RootData } from "~/lib/root-data";
import { loader as rootLoader } from "~/root";
import { loader as homeLoader } from "~/routes/_index";
import { loader as scheduleLoader } from "~/routes/schedule";
import { loader as scheduleIcsLoader } from "~/routes/schedule[.]ics";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

withTestDatabase();

describe("a site with no festival yet", () => {
  it("renders the layout and answers 404 with a clear message on festival pages", async () => {
    const root = await callRoute<RootData>(rootLoader, "/");
    expect(root.status).toBe(200);
    expect(root.data!.festival).toBeNull();
    for (const [loader, url] of [
      [homeLoader, "/"],
      [scheduleLoader, "/schedule"],
      [scheduleIcsLoader, "/schedule.ics"],
    ] as const) {
      const result = await callRoute(loader, url);
      expect(result.status, url).toBe(404);
      expect(result.body).toBe("No festival has been set up yet.");
    }
  });
});
