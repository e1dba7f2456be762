import { describe } from "vitest";
import { modernGoldenSuite } from "./libcachesim-goldens.ts";
import { WTINYLFU_GOLDEN_SMALL } from "./w-tinylfu-goldens.ts";

describe("w-tinylfu: libCacheSim's miss counts, exactly (small traces)", () => {
  modernGoldenSuite(WTINYLFU_GOLDEN_SMALL);
});
