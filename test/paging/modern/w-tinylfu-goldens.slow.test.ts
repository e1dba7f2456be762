import { describe } from "vitest";
import { modernGoldenSuite } from "./libcachesim-goldens.ts";
import { WTINYLFU_GOLDEN_LARGE } from "./w-tinylfu-goldens.ts";

describe("w-tinylfu: libCacheSim's miss counts, exactly (OLTP, orm-busy)", () => {
  modernGoldenSuite(WTINYLFU_GOLDEN_LARGE);
});
