import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ATTENTION_ALGORITHMS, attentionAlgorithm, largestFitting, maxRelativeError, randomHeads,
  referenceAttention, runAttentionIo,
} from "../../src/attention-io/index.ts";
import type { AttentionAlgorithm, IoRunOptions } from "../../src/attention-io/index.ts";
import { InputError } from "../../src/errors.ts";

const SEED = 4242;
const TOL = 1e-12;

/** Run one configuration in all three modes and check everything the issue asks of a run. */
function checkRun(alg: AttentionAlgorithm, o: Omit<IoRunOptions, "algorithm" | "mode" | "inputs">, sigma = 1, seed = 1) {
  const heads = o.heads ?? 1;
  const inputs = randomHeads(o.N, o.d, heads, seed, sigma);
  const ex = runAttentionIo({ ...o, algorithm: alg, inputs });
  const co = runAttentionIo({ ...o, algorithm: alg, mode: "count" });
  const tr = runAttentionIo({ ...o, algorithm: alg, mode: "trace" });
  const cf = alg.closedForm({ N: o.N, d: o.d }, ex, o.M);
  const ctx = `${alg.name} N=${o.N} d=${o.d} M=${o.M} br=${ex.br} bc=${ex.bc} heads=${heads}`;
  // Outputs equal the reference within floating-point tolerance, every head.
  ex.outputs!.forEach((out, h) => {
    const ref = referenceAttention(inputs[h].Q, inputs[h].K, inputs[h].V, o.N, o.d);
    expect(maxRelativeError(out.O, ref.O), ctx).toBeLessThan(TOL);
    if (out.L) expect(maxRelativeError(out.L, ref.L), ctx).toBeLessThan(TOL);
  });
  // The three modes count the same, and the counts are the closed forms summed over heads.
  for (const other of [co, tr]) {
    expect([other.reads, other.writes, other.readBlocks, other.writeBlocks, other.footprint, other.uses], ctx)
      .toEqual([ex.reads, ex.writes, ex.readBlocks, ex.writeBlocks, ex.footprint, ex.uses]);
  }
  expect(tr.trace!.length, ctx).toBe(ex.uses);
  expect({ reads: ex.reads, writes: ex.writes }, ctx).toEqual({ reads: heads * cf.reads, writes: heads * cf.writes });
  // The real footprint fits, and every count is at least the certified lower bound.
  expect(ex.footprint, ctx).toBe(alg.footprint({ N: o.N, d: o.d }, ex, o.M));
  expect(ex.footprint, ctx).toBeLessThanOrEqual(o.M);
  expect(ex.reads + ex.writes, ctx).toBeGreaterThanOrEqual(ex.lowerBound);
  return ex;
}

// Shapes chosen to cover edge tiles, M < d² and M ≥ d², rows that do not fit (N > M), one-row inputs.
const SHAPES = [
  { N: 37, d: 8, M: 300 },
  { N: 64, d: 16, M: 2000 },
  { N: 50, d: 24, M: 100 }, // M < d²/5: square tiling's regime; FA fits only with 1×1 blocks
  { N: 150, d: 4, M: 100 }, // a score row (150 words) does not fit: two-pass softmax
  { N: 1, d: 3, M: 64 },
  { N: 33, d: 5, M: 5000 }, // everything fits at once
];

describe.each(ATTENTION_ALGORITHMS.map((a) => [a.name, a] as const))("%s", (_name, alg) => {
  it.each(SHAPES)("matches reference attention and its closed form at N=$N d=$d M=$M (default blocks, 2 heads)", (s) => {
    checkRun(alg, { ...s, heads: 2 });
  });

  it("survives scores far outside exp's range (max shift): σ = 30 inputs", () => {
    const r = checkRun(alg, { N: 40, d: 6, M: 400 }, 30);
    expect(r.outputs![0].O.every(Number.isFinite)).toBe(true);
  });

  it("matches reference and closed form for random shapes, M and user blocks", () => {
    let belowD2 = 0;
    const prop = fc.property(
      // M just above the smallest footprint half the time, so M < d² (and N > M) come up often.
      fc.integer({ min: 1, max: 36 }), fc.integer({ min: 1, max: 16 }),
      fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3000 })),
      fc.nat(), fc.nat(), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4 }),
      (N, d, extra, x, y, heads, B) => {
        const shape = { N, d };
        const minimal = alg.footprint(shape, { br: 1, bc: 1 }, 10 ** 9);
        const M = minimal + extra;
        if (M < d * d) belowD2++;
        // A random fitting pair: br up to the largest that fits with bc = 1, bc up to the largest with that br.
        const brMax = largestFitting(N, (v) => alg.footprint(shape, alg.squareTiles ? { br: v, bc: v } : { br: v, bc: 1 }, M) <= M);
        const br = 1 + (x % brMax);
        const bc = alg.squareTiles ? br : 1 + (y % largestFitting(N, (v) => alg.footprint(shape, { br, bc: v }, M) <= M));
        checkRun(alg, { N, d, M, br, bc, heads, B }, 3, x);
      },
    );
    console.log(`${alg.name} random-shape property seed ${SEED}`);
    fc.assert(prop, { seed: SEED, numRuns: 60 });
    expect(belowD2, "runs with M < d²").toBeGreaterThanOrEqual(5);
  });

  it.each([
    { N: 200, d: 24, M: 1500, B: 7 },
    { N: 161, d: 40, M: 1200, B: 16 }, // M < d²
    { N: 240, d: 8, M: 200, B: 3 }, // N > M: standard's two-pass softmax
  ])("count-only equals execution at N=$N d=$d M=$M with blocks of B=$B words (2 heads)", (s) => {
    checkRun(alg, { ...s, heads: 2 });
  });

  it("defaults are the least-I/O blocks among all that fit (brute force)", () => {
    for (const { N, d, M } of [{ N: 30, d: 4, M: 150 }, { N: 45, d: 7, M: 600 }, { N: 20, d: 9, M: 2000 }]) {
      const shape = { N, d };
      let best = Infinity;
      for (let br = 1; br <= N; br++) {
        for (let bc = 1; bc <= N; bc++) {
          if (alg.squareTiles && br !== bc) continue;
          if (alg.footprint(shape, { br, bc }, M) > M) continue;
          const c = alg.closedForm(shape, { br, bc }, M);
          best = Math.min(best, c.reads + c.writes);
        }
      }
      const def = alg.defaultBlocks(shape, M)!;
      const c = alg.closedForm(shape, def, M);
      expect(alg.footprint(shape, def, M)).toBeLessThanOrEqual(M);
      expect(c.reads + c.writes, `${alg.name} N=${N} d=${d} M=${M}`).toBe(best);
    }
  });

  it("defaults are the largest blocks that fit: neither can grow (small to N = 10⁶)", () => {
    const grows = (shape: { N: number; d: number }, M: number, br: number, bc: number) =>
      br <= shape.N && bc <= shape.N && alg.footprint(shape, { br, bc }, M) <= M;
    const cases = [
      { N: 30, d: 4, M: 150 }, { N: 45, d: 7, M: 600 }, { N: 20, d: 9, M: 2000 }, { N: 50, d: 24, M: 100 },
      { N: 4096, d: 64, M: 1024 }, { N: 4096, d: 64, M: 65536 }, { N: 1_000_000, d: 128, M: 1 << 20 },
    ];
    for (const { N, d, M } of cases) {
      const shape = { N, d };
      const def = alg.defaultBlocks(shape, M);
      const ctx = `${alg.name} N=${N} d=${d} M=${M}`;
      expect(def, ctx).not.toBeNull();
      const { br, bc } = def!;
      expect(grows(shape, M, br, bc), ctx).toBe(true);
      if (alg.squareTiles) {
        expect(br, ctx).toBe(bc);
        expect(grows(shape, M, br + 1, bc + 1), ctx).toBe(false);
      } else {
        expect(grows(shape, M, br + 1, bc), ctx).toBe(false);
        expect(grows(shape, M, br, bc + 1), ctx).toBe(false);
      }
    }
  });

  it("reports blocks that do not fit as an InputError naming the footprint", () => {
    const N = 64;
    const d = 16;
    const M = 300;
    expect(() => runAttentionIo({ algorithm: alg, N, d, M, br: 32, bc: 32, mode: "count" })).toThrow(InputError);
    expect(() => runAttentionIo({ algorithm: alg, N, d, M, br: 32, bc: 32, mode: "count" }))
      .toThrow(/needs a footprint of \d+ words > M = 300/);
    expect(() => runAttentionIo({ algorithm: alg, N, d, M, br: 65, bc: 65, mode: "count" })).toThrow(/exceeds N = 64/);
  });
});

describe("block sizes", () => {
  it("FlashAttention's nominal blocks overflow M words; the real footprint is checked", () => {
    // Dao et al.: bc = ⌈M/4d⌉, br = min(⌈M/4d⌉, d). At M = 4d² the footprint is 1.25M + 2d.
    const d = 16;
    const M = 4 * d * d;
    const bc = Math.ceil(M / (4 * d));
    const br = Math.min(bc, d);
    for (const name of ["fa1", "fa2"]) {
      const alg = attentionAlgorithm(name);
      expect(alg.footprint({ N: 256, d }, { br, bc }, M)).toBe(1.25 * M + 2 * d);
      expect(() => runAttentionIo({ algorithm: alg, N: 256, d, M, br, bc, mode: "count" }))
        .toThrow(`${name} with br = 16, bc = 16 needs a footprint of 1312 words > M = 1024`);
    }
  });

  it("one given block size completes the other with the largest that fits", () => {
    const alg = attentionAlgorithm("fa2");
    const r = runAttentionIo({ algorithm: alg, N: 256, d: 16, M: 2048, br: 32, mode: "count" });
    expect(r.br).toBe(32);
    expect(alg.footprint({ N: 256, d: 16 }, { br: 32, bc: r.bc }, 2048)).toBeLessThanOrEqual(2048);
    expect(alg.footprint({ N: 256, d: 16 }, { br: 32, bc: r.bc + 1 }, 2048)).toBeGreaterThan(2048);
    const sq = runAttentionIo({ algorithm: attentionAlgorithm("square"), N: 64, d: 16, M: 2048, bc: 8, mode: "count" });
    expect([sq.br, sq.bc]).toEqual([8, 8]);
    expect(() => runAttentionIo({ algorithm: attentionAlgorithm("square"), N: 64, d: 16, M: 2048, br: 8, bc: 9, mode: "count" }))
      .toThrow(/one tile side/);
  });

  it("an algorithm that cannot fit at all says so with its smallest footprint", () => {
    expect(() => runAttentionIo({ algorithm: attentionAlgorithm("fa2"), N: 64, d: 64, M: 200, mode: "count" }))
      .toThrow("fa2 does not fit in M = 200 words: even br = bc = 1 needs a footprint of 259 words");
  });

  it("unknown algorithm names list the known ones", () => {
    expect(() => attentionAlgorithm("fa3")).toThrow("unknown attention algorithm 'fa3' (known: standard, fa1, fa2, square)");
  });
});
