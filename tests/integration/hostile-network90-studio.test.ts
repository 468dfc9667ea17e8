import { describe } from "vitest";
import { hostileActionTests } from "~tests/helpers/hostile";

describe("hostile forms: network90-studio routes", () => {
  hostileActionTests("network90-studio");
});
