import { describe } from "vitest";
import { GOLDEN_LARGE, goldenSuite } from "./golden-table.ts";

describe("golden miss counts of ../shared/traces/README.md (OLTP, orm-busy)", () => {
  goldenSuite(GOLDEN_LARGE);
});
