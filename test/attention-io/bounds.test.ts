import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  ATTENTION_ALGORITHMS, attentionAlgorithm, attentionLowerBound, doublingRange, ioRegimeShape, logLogSlope,
  runAttentionIo,
} from "../../src/attention-io/index.ts";

const SEED = 777;

describe("attentionLowerBound", () => {
  it("is H·max(4Nd, N²d²/(4(M+d²)) − M), exactly, rounded up", () => {
    // N = 4096, d = 64, M = 8192: 2^36/(4·(8192 + 4096)) − 8192 = 4169728/3 > 4Nd = 1048576.
    const lb = attentionLowerBound(4096, 64, 8192);
    expect(lb.exact.toFraction()).toBe("4169728/3");
    expect(lb.words).toBe(1389910);
    expect(lb.binding).toBe("partition");
    expect(attentionLowerBound(4096, 64, 8192, 3).words).toBe(3 * 4169728 / 3);
    // At M = 16384 the partition term (822476.8) is below 4Nd: the compulsory bound binds.
    expect(attentionLowerBound(4096, 64, 16384)).toMatchObject({ words: 1048576, binding: "compulsory" });
    // Large M: only the compulsory traffic remains.
    const big = attentionLowerBound(4096, 64, 2 ** 24, 2);
    expect([big.words, big.binding]).toEqual([2 * 4 * 4096 * 64, "compulsory"]);
  });

  it("stays exact where N²d² passes 2^53 (N = 10⁶)", () => {
    const lb = attentionLowerBound(1_000_000, 128, 65536);
    // 10^12·2^14/(4·(2^16 + 2^14)) − 2^16 = 10^12/20 − 65536 = 5·10^10 − 65536 exactly.
    expect(lb.words).toBe(5e10 - 65536);
  });

  it("rejects non-positive sizes", () => {
    expect(() => attentionLowerBound(0, 1, 1)).toThrow(/N must be a positive integer/);
  });
});

describe("every algorithm's count is at least the lower bound", () => {
  it("over random shapes, M and heads (count-only, default blocks)", () => {
    const prop = fc.property(
      fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 1 << 20 }),
      fc.integer({ min: 1, max: 4 }),
      (N, d, M, heads) => {
        for (const alg of ATTENTION_ALGORITHMS) {
          if (alg.defaultBlocks({ N, d }, M) === null) continue;
          const r = runAttentionIo({ algorithm: alg, N, d, M, heads, mode: "count" });
          if (r.reads + r.writes < r.lowerBound) return false;
        }
        return true;
      },
    );
    console.log(`lower-bound property seed ${SEED}`);
    fc.assert(prop, { seed: SEED, numRuns: 80 });
  });
});

describe("scaling with M (log-log slopes of reads + writes, count-only)", () => {
  const total = (name: string, N: number, d: number, M: number) => {
    const r = runAttentionIo({ algorithm: attentionAlgorithm(name), N, d, M, mode: "count" });
    return r.reads + r.writes;
  };

  it.each(["fa1", "fa2"])("%s: ∝ M⁻¹ for d² ≤ M ≪ Nd", (name) => {
    const N = 65536;
    const d = 64;
    const Ms = doublingRange(d * d, 16 * d * d);
    const slope = logLogSlope(Ms, Ms.map((M) => total(name, N, d, M)));
    expect(slope).toBeGreaterThan(-1.05);
    expect(slope).toBeLessThan(-0.95);
  });

  it("square tiling: ∝ M^(−1/2) for M < d²", () => {
    const N = 4096;
    const d = 1024;
    const Ms = doublingRange(64, 16384);
    const slope = logLogSlope(Ms, Ms.map((M) => total("square", N, d, M)));
    expect(slope).toBeGreaterThan(-0.55);
    expect(slope).toBeLessThan(-0.45);
  });

  it("FlashAttention below d² and square tiling above it leave their optimal regimes", () => {
    // Square tiling's N²d/b term only shrinks as M^(−1/2) and its N² writes stay, so far above d²
    // FlashAttention wins; far below d², FlashAttention is forced to tiny blocks and square wins.
    const N = 4096;
    const d = 64;
    expect(total("square", N, d, 512)).toBeLessThan(total("fa2", N, d, 512));
    expect(total("fa2", N, d, 64 * d * d)).toBeLessThan(total("square", N, d, 64 * d * d));
  });

  it("counts follow N² at fixed d and M (slope 2 in N)", () => {
    // N > M throughout, so standard attention's softmax takes two passes over each row at every N.
    for (const name of ["fa1", "fa2", "square", "standard"]) {
      const Ns = doublingRange(16384, 262144);
      const slope = logLogSlope(Ns, Ns.map((N) => total(name, N, 64, 8192)));
      expect(slope, name).toBeGreaterThan(1.9);
      expect(slope, name).toBeLessThanOrEqual(2.0001);
    }
  });

  it("the regime guide min(N²d/√M, N²d²/M) is continuous at the crossover M = d²", () => {
    expect(ioRegimeShape(1000, 64, 4096)).toBeCloseTo(1000 * 1000, 6);
    expect(logLogSlope([64, 256], [ioRegimeShape(1000, 64, 64), ioRegimeShape(1000, 64, 256)])).toBeCloseTo(-0.5, 12);
    expect(logLogSlope([8192, 65536], [ioRegimeShape(1000, 64, 8192), ioRegimeShape(1000, 64, 65536)])).toBeCloseTo(-1, 12);
  });
});

describe("count-only at N = 10⁶", () => {
  it.each(ATTENTION_ALGORITHMS.map((a) => [a.name, a] as const))("%s: exact closed form, safe integers, ≥ lower bound", (_n, alg) => {
    for (const [d, M, heads] of [[64, 1024, 1], [128, 65536, 16], [64, 1 << 20, 32]] as const) {
      const r = runAttentionIo({ algorithm: alg, N: 1_000_000, d, M, heads, mode: "count" });
      const cf = alg.closedForm({ N: 1_000_000, d }, r, M);
      expect(r.reads).toBe(heads * cf.reads);
      expect(r.writes).toBe(heads * cf.writes);
      expect(Number.isSafeInteger(r.reads + r.writes)).toBe(true);
      expect(r.reads + r.writes).toBeGreaterThanOrEqual(r.lowerBound);
      expect(r.footprint).toBeLessThanOrEqual(M);
    }
  });
});
