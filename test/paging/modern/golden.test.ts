import { describe } from "vitest";
import { MODERN_GOLDEN_SMALL, modernGoldenSuite } from "./goldens.ts";

describe("SIEVE, S3-FIFO, LIRS: libCacheSim's miss counts on the small shared traces", () => {
  modernGoldenSuite(MODERN_GOLDEN_SMALL);
});
