import { describe, expect, it } from "vitest";
import {
  HOSTILE_ENDPOINTS,
  HOSTILE_ROUTES,
  jsonRoutes,
  routesWithAction,
} from "~tests/helpers/hostile-routes";

describe("the hostile-input tests cover every form and JSON endpoint", () => {
  it("lists every route that exports an action (add new ones to HOSTILE_ROUTES)", () => {
    const covered = new Set(HOSTILE_ROUTES.map((r) => r.file));
    const found = routesWithAction();
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter((file) => !covered.has(file))).toEqual([]);
    // And nothing listed that no longer has an action.
    expect([...covered].filter((file) => !found.includes(file))).toEqual([]);
  });

  it("lists every JSON route (add new ones to HOSTILE_ENDPOINTS)", () => {
    const covered = new Set([...HOSTILE_ENDPOINTS, ...HOSTILE_ROUTES].map((r) => r.file));
    expect(jsonRoutes().filter((file) => !covered.has(file))).toEqual([]);
  });
});
