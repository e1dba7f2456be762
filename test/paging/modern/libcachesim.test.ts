import { describe } from "vitest";
import { MODERN_GOLDEN_SMALL, modernGoldenSuite } from "./libcachesim-goldens.ts";

describe("modern policies: libCacheSim's miss counts (small traces)", () => {
  modernGoldenSuite(MODERN_GOLDEN_SMALL);
});
