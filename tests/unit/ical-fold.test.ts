import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildPublishCalendar } from "~/lib/calendar.server";

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve("ical-generator"));

describe("ical-generator's line folding (patches/ical-generator+10.2.0.patch)", () => {
  it("is patched in both builds: no TextEncoder made per character", () => {
    for (const file of ["index.mjs", "index.cjs"]) {
      const source = fs.readFileSync(path.join(dist, file), "utf8");
      expect(source).not.toContain("new TextEncoder().encode(i).length");
      expect(source).toContain("codePointAt(0))");
    }
  });

  it("still folds at 75 octets without splitting a character, whatever the script", () => {
    const title = "Réseaux et communautés — 社区网络 🌍 ".repeat(8);
    const calendar = buildPublishCalendar(
      [
        {
          calendarUid: "0f8fad5b-d9cb-469f-a165-70867728950e",
          sequence: 0,
          title,
          summary: "Ça va? ".repeat(40),
          startsAt: new Date("2026-12-01T12:30:00Z"),
          durationMinutes: 30,
          status: "published",
          url: "https://fest.example.org/webinars/x",
          updatedAt: new Date("2026-11-01T00:00:00Z"),
          hosts: ["Zoë Ōtsuka"],
        },
      ],
      { name: "Festival", appUrl: "https://fest.example.org" },
    );
    for (const line of calendar.split("\r\n")) {
      expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
      expect(line).not.toContain("\ufffd");
    }
    // Unfolded, the title comes back whole.
    expect(calendar.replace(/\r\n /g, "")).toContain(`SUMMARY:${title.trim()}`);
  });
});
