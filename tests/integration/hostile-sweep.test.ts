import { describe } from "vitest";
import { hostileSweepTests } from "~tests/helpers/hostile";
import { HOSTILE_ROUTES } from "~tests/helpers/hostile-routes";

describe("every field of every form, with NUL and with 100k characters", () => {
  hostileSweepTests(HOSTILE_ROUTES);
});
