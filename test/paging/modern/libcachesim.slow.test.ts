import { describe } from "vitest";
import { MODERN_GOLDEN_LARGE, modernGoldenSuite } from "./libcachesim-goldens.ts";

describe("modern policies: libCacheSim's miss counts (OLTP, orm-busy)", () => {
  modernGoldenSuite(MODERN_GOLDEN_LARGE);
});
