import { describe } from "vitest";
import { modernGoldenSuite } from "./libcachesim-goldens.ts";
import { CACHEUS_GOLDEN_SMALL } from "./cacheus-goldens.ts";

describe("cacheus[split=fixed], seed 0: libCacheSim's miss counts at seed 0, exactly (small traces)", () => {
  modernGoldenSuite(CACHEUS_GOLDEN_SMALL);
});
