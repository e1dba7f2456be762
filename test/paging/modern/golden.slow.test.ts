import { describe } from "vitest";
import { MODERN_GOLDEN_LARGE, modernGoldenSuite } from "./goldens.ts";

describe("SIEVE, S3-FIFO, LIRS: libCacheSim's miss counts on orm-busy and OLTP", () => {
  modernGoldenSuite(MODERN_GOLDEN_LARGE);
});
