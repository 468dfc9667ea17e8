import { describe } from "vitest";
import { hostileEndpointTests } from "~tests/helpers/hostile";
import { HOSTILE_ENDPOINTS } from "~tests/helpers/hostile-routes";

describe("hostile queries: JSON and other data endpoints", () => {
  hostileEndpointTests(HOSTILE_ENDPOINTS);
});
