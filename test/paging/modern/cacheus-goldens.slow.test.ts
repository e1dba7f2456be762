import { describe } from "vitest";
import { modernGoldenSuite } from "./libcachesim-goldens.ts";
import { CACHEUS_GOLDEN_LARGE } from "./cacheus-goldens.ts";

describe("cacheus[split=fixed], seed 0: libCacheSim's miss counts at seed 0, exactly (OLTP, orm-busy)", () => {
  modernGoldenSuite(CACHEUS_GOLDEN_LARGE);
});
