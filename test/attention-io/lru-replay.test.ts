import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ATTENTION_ALGORITHMS, attentionAlgorithm, replayAttentionTrace, runAttentionIo } from "../../src/attention-io/index.ts";
import { InputError } from "../../src/errors.ts";

// Small enough that every trace stays in the low millions of accesses.
const CASES = [
  { N: 64, d: 8, M: 256 },
  { N: 96, d: 16, M: 1024 },
  { N: 80, d: 32, M: 400 }, // M < d²
];

describe.each(ATTENTION_ALGORITHMS.map((a) => [a.name, a] as const))("%s LRU replay", (_name, alg) => {
  it.each(CASES)("N=$N d=$d M=$M: OPT(M) ≤ reads, and LRU(2M) ≤ 2·reads + M", (c) => {
    const r = replayAttentionTrace({ algorithm: alg, ...c, heads: 2 }, [c.M, 2 * c.M], true);
    const reads = r.run.reads;
    const [lruM, lru2M] = r.lru.map((p) => p.misses);
    // The scratchpad is an offline paging of the trace with M words, so the optimum does no worse.
    expect(r.opt!.misses).toBeLessThanOrEqual(reads);
    // Sleator–Tarjan with k = 2M, h = M and empty caches: (M+1)·LRU(2M) ≤ 2M·OPT(M) + 4M.
    expect((c.M + 1) * lru2M).toBeLessThanOrEqual(2 * c.M * r.opt!.misses + 4 * c.M);
    expect(lru2M).toBeLessThanOrEqual(r.lruTwoMBound);
    expect(r.lruTwoMBound).toBe(2 * reads + c.M);
    // Monotone in capacity (LRU is a stack algorithm), and every word is cold-missed at least once.
    expect(lru2M).toBeLessThanOrEqual(lruM);
    expect(r.opt!.misses).toBeGreaterThanOrEqual(new Set(r.run.trace).size);
    expect(r.traceLength).toBe(r.run.uses);
  });
});

describe("LRU(2M) ≤ 2·reads + M on random shapes", () => {
  const SEED = 31337;
  it.each(ATTENTION_ALGORITHMS.map((a) => [a.name, a] as const))("%s", (_name, alg) => {
    const prop = fc.property(
      fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 1, max: 2 }),
      (N, d, extra, heads) => {
        const M = alg.footprint({ N, d }, { br: 1, bc: 1 }, 10 ** 9) + extra;
        const r = replayAttentionTrace({ algorithm: alg, N, d, M, heads }, [2 * M], true);
        const lru2M = r.lru[0].misses;
        expect(r.opt!.misses).toBeLessThanOrEqual(r.run.reads);
        expect((M + 1) * lru2M).toBeLessThanOrEqual(2 * M * r.opt!.misses + 4 * M);
        expect(lru2M).toBeLessThanOrEqual(2 * r.run.reads + M);
      },
    );
    console.log(`${alg.name} LRU(2M) property seed ${SEED}`);
    fc.assert(prop, { seed: SEED, numRuns: 40 });
  });
});

describe("LRU replay", () => {
  it("LRU with half the capacity thrashes on FlashAttention-1's K/V reuse; with M it matches the scratchpad", () => {
    // FA1 re-reads K_j, V_j for every Q block of the inner loop. The scratchpad pins them; LRU
    // holding M/2 words cannot keep K_j, V_j plus the streaming Q_i, O_i and evicts them each time.
    const o = { algorithm: attentionAlgorithm("fa1"), N: 128, d: 16, M: 1024 };
    const r = replayAttentionTrace(o, [o.M / 2, o.M], true);
    expect(r.lru[0].misses).toBeGreaterThan(5 * r.run.reads);
    expect(r.lru[1].misses).toBe(r.run.reads);
    expect(r.opt!.misses).toBeLessThanOrEqual(r.run.reads);
  });

  it("refuses traces beyond the cap with a clear message", () => {
    expect(() =>
      runAttentionIo({ algorithm: attentionAlgorithm("fa2"), N: 4096, d: 64, M: 65536, mode: "trace", maxTraceLength: 1e6 }),
    ).toThrow(InputError);
    expect(() =>
      runAttentionIo({ algorithm: attentionAlgorithm("fa2"), N: 4096, d: 64, M: 65536, mode: "trace", maxTraceLength: 1e6 }),
    ).toThrow(/the word-access trace of fa2 at N = 4096, d = 64, M = 65536 would have \d+ accesses \(cap 1000000\)/);
  });
});
