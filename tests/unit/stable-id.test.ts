import { describe, expect, it } from "vitest";
import { markdownToPlainText } from "~/lib/plain-text.server";
import { stableIntegerIds, uuidV5 } from "~/lib/stable-id.server";
import { frabAcronym } from "~/models/frab-schedule.server";

const NAMESPACE_DNS = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
const NAMESPACE_URL = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

describe("name-based UUIDs", () => {
  it("match RFC 9562 version 5 (the values Python's uuid.uuid5 gives)", () => {
    expect(uuidV5("python.org", NAMESPACE_DNS)).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    expect(uuidV5("https://example.org/a", NAMESPACE_URL)).toBe(
      "77980eae-c343-5b01-9823-eb6ac1da021f",
    );
  });

  it("are the same for the same name and differ for another", () => {
    expect(uuidV5("festival/1/faculty/amara")).toBe(uuidV5("festival/1/faculty/amara"));
    expect(uuidV5("festival/1/faculty/amara")).not.toBe(uuidV5("festival/2/faculty/amara"));
  });
});

describe("stable integer ids", () => {
  const keys = ["7853d28b-dda2-426e-b776-3e6540fcb06e", "fde804e0-172a-4e5d-b971-f2a7d5f8593f"];

  it("are positive 31-bit integers that depend on the key alone", () => {
    const ids = stableIntegerIds(keys);
    for (const id of ids.values()) expect(id >= 1 && id <= 0x7fffffff).toBe(true);
    const withMore = stableIntegerIds([...keys, "0b5d3c1a-0000-4000-8000-000000000001"]);
    expect(withMore.get(keys[0]!)).toBe(ids.get(keys[0]!));
    expect(withMore.get(keys[1]!)).toBe(ids.get(keys[1]!));
    expect(stableIntegerIds([...keys].reverse())).toEqual(ids);
  });

  it("stay unique across many keys", () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `webinar-${i}`);
    expect(new Set(stableIntegerIds(many).values()).size).toBe(5_000);
  });
});

describe("plain text for schedule apps", () => {
  it("keeps paragraphs and shows characters as typed, not as HTML entities", () => {
    expect(markdownToPlainText('**Q&A** with "us" <3\n\nNext & last 🎉')).toBe(
      'Q&A with "us" <3\n\nNext & last 🎉',
    );
    expect(markdownToPlainText("Literal &amp;lt; stays")).toBe("Literal &lt; stays");
  });

  it("drops scripts and unsafe links", () => {
    const text = markdownToPlainText("Hi <script>alert(1)</script>\n\n[bad](javascript:alert(1))");
    expect(text).not.toMatch(/script|javascript|alert/);
    expect(text).toBe("Hi\n\nbad");
  });
});

describe("the frab acronym", () => {
  it("is the festival name's slug with underscores, at least four characters", () => {
    expect(frabAcronym("Networkfest 2026")).toBe("networkfest_2026");
    expect(frabAcronym("AI")).toBe("ai__");
    expect(frabAcronym("🎉")).toBe("festival");
  });
});
