import { describe } from "vitest";
import { GOLDEN_SMALL, goldenSuite } from "./golden-table.ts";

describe("golden miss counts of ../shared/traces/README.md (small traces)", () => {
  goldenSuite(GOLDEN_SMALL);
});
