import { describe, expect, it } from "vitest";
import { LeCar, simulate } from "../../../src/paging/index.ts";
import { readTrace } from "../../../src/traces/index.ts";
import { tracePath } from "../../helpers/paths.ts";

/**
 * Seeded LeCaR runs pinned exactly: faults, a hash of the whole eviction sequence, and the final
 * w_LRU. Recorded from the implementation before its lists were rewritten for speed (commit
 * f79d733, FrequencyBuckets + IntQueues); a change here means a different victim or a
 * different RNG draw somewhere, not a rounding — the weights are compared bit for bit.
 */
const PINNED: { file: string; k: number; seed: number; faults: number; evictions: number; wLru: number }[] = [
  { file: "lirs/sprite.trace", k: 100, seed: 0, faults: 103_743, evictions: 1769473789, wLru: 0.18023364763825378 },
  { file: "lirs/sprite.trace", k: 100, seed: 1, faults: 103_513, evictions: 467705079, wLru: 0.05136176134403736 },
  { file: "lirs/sprite.trace", k: 100, seed: 7, faults: 103_480, evictions: 1183545539, wLru: 0.0932650841369653 },
  { file: "lirs/multi2.trace", k: 1000, seed: 0, faults: 13_671, evictions: -778585882, wLru: 0.35666660140809253 },
  { file: "lirs/multi2.trace", k: 1000, seed: 1, faults: 13_204, evictions: -2115100204, wLru: 0.030111225061273957 },
  { file: "lirs/multi2.trace", k: 1000, seed: 7, faults: 13_611, evictions: 356086968, wLru: 0.6109357761406486 },
  { file: "cache2k/web07.trace", k: 1000, seed: 0, faults: 36_988, evictions: 153301602, wLru: 0.2069551104965018 },
  { file: "cache2k/web07.trace", k: 1000, seed: 1, faults: 37_004, evictions: -59320496, wLru: 0.15301010342238122 },
  { file: "cache2k/web07.trace", k: 1000, seed: 7, faults: 37_229, evictions: 91964287, wLru: 0.3439060371821097 },
];

/** 31-multiplicative hash of the evicted pages in order (Int32 arithmetic). */
function hashPages(pages: Int32Array): number {
  let h = 0;
  for (let i = 0; i < pages.length; i++) h = (Math.imul(h, 31) + pages[i]) | 0;
  return h;
}

describe("LeCaR seeded runs are pinned (same victims, same draws, same weights)", () => {
  for (const file of [...new Set(PINNED.map((r) => r.file))]) {
    it(file, async () => {
      const { trace } = await readTrace(tracePath(file));
      for (const row of PINNED.filter((r) => r.file === file)) {
        const policy = new LeCar(row.k, row.seed);
        const run = simulate(policy, trace.requests, { universe: trace.distinct, recordEvictions: true });
        expect({ faults: run.faults, evictions: hashPages(run.evictions!.pages), wLru: policy.lruWeight }, `k=${row.k} seed ${row.seed}`).toEqual({
          faults: row.faults,
          evictions: row.evictions,
          wLru: row.wLru,
        });
      }
    });
  }
});
