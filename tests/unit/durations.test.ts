import { describe, expect, it } from "vitest";
import { formatWait } from "~/lib/durations";

describe("how long something has waited", () => {
  it("reads as a person would say it", () => {
    expect(formatWait(0.2)).toBe("less than a second");
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(59)).toBe("59 seconds");
    expect(formatWait(180)).toBe("3 minutes");
    expect(formatWait(3600)).toBe("1 hour");
    expect(formatWait(2 * 3600 + 5 * 60)).toBe("2 hours 5 minutes");
    expect(formatWait(26 * 3600)).toBe("1 day 2 hours");
  });
});
