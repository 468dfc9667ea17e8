import { describe } from "vitest";
import { hostileLoaderSweepTests } from "~tests/helpers/hostile";

describe("every page and endpoint, with NUL and with 100k characters in its address", () => {
  hostileLoaderSweepTests();
});
