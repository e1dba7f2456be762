import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { headOutputs, keptMass, outputError, totalVariation } from "../../src/kv/metrics.ts";
import { kvPolicies } from "../../src/kv/catalog.ts";
import { replayPolicy } from "../../src/kv/replay.ts";
import { generateAttentionTrace, SYNTHETIC_KINDS } from "../../src/kv/synthetic.ts";
import { headIndex } from "../../src/kv/trace.ts";

const SEED = 31337;

/** A random step: a row over keys 0..t, an attended set containing t, value vectors. */
const stepArb = fc
  .record({
    t: fc.integer({ min: 0, max: 24 }),
    d: fc.integer({ min: 1, max: 6 }),
  })
  .chain(({ t, d }) =>
    fc.record({
      t: fc.constant(t),
      d: fc.constant(d),
      weights: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: t + 1, maxLength: t + 1 }),
      keep: fc.array(fc.boolean(), { minLength: t + 1, maxLength: t + 1 }),
      values: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: (t + 1) * d, maxLength: (t + 1) * d }),
    }),
  )
  .filter(({ weights }) => weights.some((w) => w > 0));

describe("metric identities (seed " + SEED + ")", () => {
  it("TV(p, p̂) = evicted mass; o − ô = m(μ_E − μ_A); ‖o − ô‖ ≤ 2m·max‖v‖", () => {
    fc.assert(
      fc.property(stepArb, ({ t, d, weights, keep, values }) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const p = Float64Array.from(weights, (w) => w / total);
        // The step's row alone, as row t of a packed triangle starting at offset 0.
        const tokens = Int32Array.from([...keep.keys()].filter((j) => keep[j] || j === t));
        const n = tokens.length;
        const member = new Uint8Array(t + 1);
        for (const j of tokens) member[j] = 1;
        const s = keptMass(p, 0, tokens, n);
        const m = 1 - s;
        const tv = totalVariation(p, 0, t, member, s, n);
        expect(Math.abs(tv - m)).toBeLessThan(1e-12);

        const V = Float64Array.from(values);
        const o = new Float64Array(d);
        for (let j = 0; j <= t; j++) for (let x = 0; x < d; x++) o[x] += p[j] * V[j * d + x];
        const err = outputError(p, 0, tokens, n, s, V, d, o, 0, new Float64Array(d));
        if (s > 0) {
          // ô computed here from its definition, then the vector identity o − ô = m(μ_E − μ_A)
          // component by component, with μ_E (μ_A) the mass-weighted mean of the evicted
          // (attended) values; and outputError = ‖o − ô‖₂.
          const gap = new Float64Array(d);
          for (let x = 0; x < d; x++) {
            let oHat = 0;
            let sumE = 0;
            let sumA = 0;
            for (let j = 0; j <= t; j++) {
              if (member[j]) {
                oHat += (p[j] / s) * V[j * d + x];
                sumA += p[j] * V[j * d + x];
              } else {
                sumE += p[j] * V[j * d + x];
              }
            }
            gap[x] = o[x] - oHat;
            const muE = m > 0 ? sumE / m : 0;
            const muA = sumA / s;
            expect(Math.abs(gap[x] - m * (muE - muA))).toBeLessThan(1e-9);
          }
          expect(Math.abs(Math.hypot(...gap) - err)).toBeLessThan(1e-9);
        }
        let maxNorm = 0;
        for (let j = 0; j <= t; j++) maxNorm = Math.max(maxNorm, Math.hypot(...V.subarray(j * d, j * d + d)));
        expect(err).toBeLessThanOrEqual(2 * m * maxNorm + 1e-9);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("the replay engine's per-step metrics obey the identities for every policy and kind", () => {
    for (const kind of SYNTHETIC_KINDS) {
      const trace = generateAttentionTrace({ kind, seed: 5, layers: 1, heads: 2, length: 40, headDim: 3 });
      const maxNorm = trace.values.map((v) => {
        let best = 0;
        for (let j = 0; j < trace.length; j++) best = Math.max(best, Math.hypot(...v.subarray(j * 3, j * 3 + 3)));
        return best;
      });
      for (const info of kvPolicies.policies()) {
        let checked = 0;
        const result = replayPolicy(trace, info, 7, {
          observer: (e) => {
            expect(e.tv).toBeCloseTo(1 - e.keptMass, 12);
            expect(e.outputError).toBeLessThanOrEqual(2 * (1 - e.keptMass) * maxNorm[headIndex(trace, e.layer, e.head)] + 1e-9);
            checked++;
          },
        });
        expect(checked).toBe(2 * 40);
        expect(result.meanTV).toBeCloseTo(1 - result.meanKeptMass, 12);
      }
    }
  });

  it("full-cache outputs are the attention-weighted sums of the values", () => {
    const trace = generateAttentionTrace({ kind: "sinks", seed: 3, layers: 1, heads: 1, length: 6, headDim: 2 });
    const out = headOutputs(trace.rows[0], trace.values[0], 6, 2);
    const t = 4;
    const o = (t * (t + 1)) / 2;
    for (let x = 0; x < 2; x++) {
      let expected = 0;
      for (let j = 0; j <= t; j++) expected += trace.rows[0][o + j] * trace.values[0][j * 2 + x];
      expect(out[t * 2 + x]).toBeCloseTo(expected, 14);
    }
  });
});
