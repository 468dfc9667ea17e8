import { describe } from "vitest";
import { hostileActionTests } from "~tests/helpers/hostile";

describe("hostile forms: public routes", () => {
  hostileActionTests("public");
});
