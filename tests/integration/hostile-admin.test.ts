import { describe } from "vitest";
import { hostileActionTests } from "~tests/helpers/hostile";

describe("hostile forms: admin routes", () => {
  hostileActionTests("admin");
});
