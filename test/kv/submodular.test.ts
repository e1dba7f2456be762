import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CONCAVE_H, type ConcaveH } from "../../src/kv/concave.ts";
import {
  bruteForceMaximize,
  concaveOfModular,
  diminishingReturnsGap,
  facilityLocation,
  GREEDY_FACTOR,
  greedyMaximize,
  noisyGreedyGuarantee,
  popcount,
  roundingTolerance,
  type SetFunction,
  sumOfConcaveOfModular,
} from "../../src/kv/submodular.ts";
import { readAttentionTrace } from "../../src/kv/reader.ts";
import { rowOffset } from "../../src/kv/trace.ts";
import { attentionTracePath } from "../helpers/paths.ts";

const SEED = 4242;
const concave = [CONCAVE_H.sqrt, CONCAVE_H.log];

const weight = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 1e-3, noNaN: true }));

/** A random function of one of the three families, on n ≤ 12 elements, with its value scale. */
const familyArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.oneof(
    fc.record({ kind: fc.constant("concave"), n: fc.constant(n), h: fc.constantFrom(...concave), w: fc.array(weight, { minLength: n, maxLength: n }).map((a) => [a]) }),
    fc.record({ kind: fc.constant("heads"), n: fc.constant(n), h: fc.constantFrom(...concave), w: fc.array(fc.array(weight, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ kind: fc.constant("facility"), n: fc.constant(n), h: fc.constant(CONCAVE_H.id), w: fc.array(fc.array(weight, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 4 }) }),
  ),
);

function build(kind: string, h: ConcaveH, w: number[][]): SetFunction {
  if (kind === "concave") return concaveOfModular(h, w[0]);
  if (kind === "heads") return sumOfConcaveOfModular(h, w);
  return facilityLocation(w);
}

describe(`submodularity of H2O's objective (seed ${SEED})`, () => {
  it("F(S) = h(Σ score), its sum over heads, and facility location are monotone and submodular", () => {
    fc.assert(
      fc.property(familyArb, fc.integer(), fc.integer(), fc.nat(), ({ kind, n, h, w }, a, b, xr) => {
        const f = build(kind, h, w);
        const full = (1 << n) - 1;
        const Y = (a >>> 0) & full;
        const X = Y & (b >>> 0); // X ⊆ Y
        const outside = [...Array(n).keys()].filter((i) => !(Y & (1 << i)));
        const tol = roundingTolerance(f(full), n * w.length);
        expect(f(Y)).toBeGreaterThanOrEqual(f(X) - tol); // monotone
        if (outside.length === 0) return;
        const x = outside[xr % outside.length];
        expect(diminishingReturnsGap(f, X, Y, x)).toBeGreaterThanOrEqual(-tol); // Def. D.4
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it("the check can fail: a convex h (z²) violates diminishing returns", () => {
    const square: ConcaveH = { name: "id", formula: "z²", apply: (z) => z * z };
    const f = concaveOfModular(square, [1, 1, 1]);
    expect(diminishingReturnsGap(f, 0b000, 0b001, 2)).toBeLessThan(0);
  });

  it("greedy reaches ≥ (1 − 1/e) of the brute-force optimum (Thm D.17); exactly the optimum for one head", () => {
    fc.assert(
      fc.property(familyArb, fc.integer({ min: 1, max: 12 }), ({ kind, n, h, w }, kRaw) => {
        const k = 1 + (kRaw % n);
        const f = build(kind, h, w);
        const greedy = greedyMaximize(f, n, k);
        const opt = bruteForceMaximize(f, n, k);
        const tol = roundingTolerance(opt.value, n * w.length);
        expect(popcount(greedy.mask)).toBe(k);
        expect(greedy.value).toBeGreaterThanOrEqual(GREEDY_FACTOR * opt.value - tol);
        expect(greedy.value).toBeLessThanOrEqual(opt.value + tol);
        // h of a modular function: the top-k scores are optimal and greedy finds them.
        if (kind === "concave") expect(greedy.value).toBeGreaterThanOrEqual(opt.value - tol);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it("greedy can be strictly suboptimal (so the (1 − 1/e) check is not vacuous)", () => {
    // Facility location over four query rows: token 2 looks best alone (2.2) but tokens 0 and 1
    // together cover all four rows (4); greedy takes 2 first and ends at 3.2 = 0.8·OPT.
    const f = facilityLocation([
      [1, 0, 0],
      [1, 0, 1.1],
      [0, 1, 1.1],
      [0, 1, 0],
    ]);
    const greedy = greedyMaximize(f, 3, 2);
    const opt = bruteForceMaximize(f, 3, 2);
    expect(opt.value).toBeCloseTo(4, 12);
    expect(greedy.value).toBeCloseTo(3.2, 12);
    expect(greedy.value).toBeGreaterThanOrEqual(GREEDY_FACTOR * opt.value);
  });

  it("with a noisy gain oracle (|noise| ≤ ε) greedy keeps f(S_k) ≥ (1 − 1/e)·OPT − k(2 − 1/e)·ε (Cor D.18)", () => {
    let hurt = 0;
    fc.assert(
      fc.property(
        familyArb,
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom("uniform", "adversarial"),
        fc.integer(),
        ({ kind, n, h, w }, kRaw, epsScale, noise, noiseSeed) => {
          const k = 1 + (kRaw % n);
          const f = build(kind, h, w);
          const opt = bruteForceMaximize(f, n, k).value;
          const eps = epsScale * Math.max(opt, 1e-9) / k;
          let state = noiseSeed >>> 0;
          const uniform = () => {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            return (state / 2 ** 32) * 2 - 1;
          };
          const oracle = (mask: number, i: number): number => {
            const gain = f(mask | (1 << i)) - f(mask);
            if (noise === "uniform") return gain + eps * uniform();
            // Adversarial: under-report the best true gain by ε, over-report the others by ε.
            let bestGain = -Infinity;
            for (let x = 0; x < n; x++) if (!(mask & (1 << x))) bestGain = Math.max(bestGain, f(mask | (1 << x)) - f(mask));
            return gain === bestGain ? gain - eps : gain + eps;
          };
          const noisy = greedyMaximize(f, n, k, oracle).value;
          const tol = roundingTolerance(opt, n * w.length);
          expect(noisy).toBeGreaterThanOrEqual(noisyGreedyGuarantee(opt, k, eps) - tol);
          if (noisy < greedyMaximize(f, n, k).value - tol) hurt++;
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
    expect(hurt).toBeGreaterThan(0); // the noise does change greedy's choices
  });

  it("the checks hold on real accumulated attention scores (attn-prose-1, layer 2, 12 tokens per head)", async () => {
    const trace = await readAttentionTrace(attentionTracePath("attn-prose-1.bin.gz"));
    const T = trace.length;
    const tokens = [0, 1, 5, 17, 40, 77, 128, 200, 256, 311, 400, 480];
    const scores = Array.from({ length: trace.heads }, (_, h) => {
      const rows = trace.rows[2 * trace.heads + h];
      return tokens.map((j) => {
        let acc = 0;
        for (let t = j; t < T; t++) acc += rows[rowOffset(t) + j];
        return acc;
      });
    });
    for (const h of concave) {
      const shared = sumOfConcaveOfModular(h, scores);
      const tol = roundingTolerance(shared((1 << 12) - 1), 12 * trace.heads);
      for (let Y = 0; Y < 1 << 12; Y += 37) {
        for (let x = 0; x < 12; x++) {
          if (Y & (1 << x)) continue;
          expect(diminishingReturnsGap(shared, Y & 0x555, Y, x)).toBeGreaterThanOrEqual(-tol);
        }
      }
      for (const k of [2, 4, 6]) {
        const opt = bruteForceMaximize(shared, 12, k).value;
        expect(greedyMaximize(shared, 12, k).value).toBeGreaterThanOrEqual(GREEDY_FACTOR * opt - tol);
      }
    }
  });
});
