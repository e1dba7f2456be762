import { describe, expect, it } from "vitest";
import { policies } from "../../src/paging/catalog.ts";
import { simulate } from "../../src/paging/core/simulate.ts";
import { lruFaultCurve } from "../../src/paging/analysis/lru-curve.ts";
import { optFaultCurve } from "../../src/paging/analysis/opt-curve.ts";
import { readTrace } from "../../src/traces/index.ts";
import { tracePath } from "../helpers/paths.ts";

// The large shared traces: one curve up to k = 10,000, checked against per-size simulate at
// sampled sizes (small, around the golden sizes, and the end).
const SIZES = [1, 2, 3, 7, 64, 999, 1000, 1001, 4096, 9999, 10_000];
for (const file of ["cache2k/orm-busy.trace.gz", "arc/OLTP.lis.gz"]) {
  describe(`one-pass curves of ${file} equal simulate at sampled sizes`, () => {
    for (const [name, curve] of [["lru", lruFaultCurve], ["opt", optFaultCurve]] as const) {
      it(name, async () => {
        const { trace } = await readTrace(tracePath(file));
        const faults = curve(trace.requests, trace.distinct, 10_000);
        for (const k of SIZES) {
          const want = simulate(policies.create(name, k), trace.requests, { universe: trace.distinct }).faults;
          expect(faults[k - 1], `${name} k=${k}`).toBe(want);
        }
      }, 600_000);
    }
  });
}
