import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kvPolicies } from "../../src/kv/catalog.ts";
import { evaluateEntry } from "../../src/kv/evaluate.ts";
import { bruteForceOptimum } from "../../src/kv/offline/brute-force.ts";
import { KvFlow, optimumCurve, solveOptimum } from "../../src/kv/offline/flow.ts";
import { replayPolicy } from "../../src/kv/replay.ts";
import { generateAttentionTrace, SYNTHETIC_KINDS } from "../../src/kv/synthetic.ts";
import { topkKeptMassCurve, topkSet } from "../../src/kv/bounds/topk.ts";
import { rowOffset } from "../../src/kv/trace.ts";
import type { KvPolicyInfo } from "../../src/kv/registry.ts";
import type { KvParams } from "../../src/kv/params.ts";

const SEED = 5150;
const kindArb = fc.constantFrom(...SYNTHETIC_KINDS);

describe(`offline optimum (seed ${SEED})`, () => {
  it("the min-cost flow equals exhaustive search over all eviction schedules (T ≤ 11, every k)", () => {
    fc.assert(
      fc.property(kindArb, fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 11 }), (kind, seed, T) => {
        const trace = generateAttentionTrace({ kind, seed, layers: 1, heads: 1, length: T, headDim: 1 });
        const flow = new KvFlow(trace.rows[0], T);
        for (let k = 1; k <= T; k++) {
          flow.augment();
          const exact = bruteForceOptimum(trace.rows[0], T, k);
          expect(flow.total()).toBeCloseTo(exact, 10);
          expect(flow.upperBound()).toBeCloseTo(exact, 10);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("the budget changes the optimum on these instances (the comparison is not vacuous); T = 1 works", () => {
    const trace = generateAttentionTrace({ kind: "regime-switch", seed: 3, layers: 1, heads: 1, length: 10, headDim: 1 });
    expect(bruteForceOptimum(trace.rows[0], 10, 1)).toBeLessThan(bruteForceOptimum(trace.rows[0], 10, 5) - 1e-6);
    const one = generateAttentionTrace({ kind: "sinks", seed: 3, layers: 1, heads: 1, length: 1, headDim: 1 });
    expect(solveOptimum(one.rows[0], 1, 1).total).toBeCloseTo(1, 12);
  });

  it("the schedule is feasible and its dual certificate closes the gap (T up to 160)", () => {
    fc.assert(
      fc.property(kindArb, fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 2, max: 160 }), fc.double({ min: 0, max: 1, noNaN: true }), (kind, seed, T, f) => {
        const k = 1 + Math.floor(f * (T - 1));
        const trace = generateAttentionTrace({ kind, seed, layers: 1, heads: 1, length: T, headDim: 1 });
        const { end, total, upperBound } = solveOptimum(trace.rows[0], T, k);
        for (let t = 1; t < T; t++) {
          let held = 0;
          for (let j = 0; j < t; j++) if (end[j] >= t) held++;
          expect(held).toBeLessThanOrEqual(k);
        }
        for (let j = 0; j < T; j++) expect(end[j]).toBeGreaterThanOrEqual(j);
        // The schedule's value recomputed from the rows.
        let direct = 0;
        for (let t = 0; t < T; t++) for (let j = 0; j <= t; j++) if (end[j] >= t) direct += trace.rows[0][rowOffset(t) + j];
        expect(direct).toBeCloseTo(total, 9);
        expect(Math.abs(upperBound - total)).toBeLessThan(1e-9 * T);
      }),
      { seed: SEED, numRuns: 80 },
    );
  });

  it("OPT(k) from one run is nondecreasing, concave, and equals the single-budget optimum", () => {
    const trace = generateAttentionTrace({ kind: "mixed", seed: 12, layers: 1, heads: 5, length: 70, headDim: 1 });
    for (const rows of trace.rows) {
      const curve = optimumCurve(rows, 70, 69);
      for (let k = 1; k <= 69; k++) {
        expect(curve[k]).toBeGreaterThanOrEqual(curve[k - 1] - 1e-12);
        if (k >= 2) expect(curve[k] - curve[k - 1]).toBeLessThanOrEqual(curve[k - 1] - curve[k - 2] + 1e-12);
      }
      for (const k of [1, 7, 30, 69]) expect(curve[k]).toBeCloseTo(solveOptimum(rows, 70, k).total, 10);
      expect(curve[69]).toBeCloseTo(70, 10); // k = T − 1: nothing is ever evicted
    }
  });

  it("opt ≥ every online policy per head (mean kept mass over t ≥ k), and the top-k bound ≥ opt, on every instance", () => {
    const online = kvPolicies.policies().filter((p) => p.kind === "online");
    fc.assert(
      fc.property(kindArb, fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 3, max: 80 }), fc.double({ min: 0, max: 1, noNaN: true }), (kind, seed, T, f) => {
        const k = 1 + Math.floor(f * (T - 2));
        const trace = generateAttentionTrace({ kind, seed, layers: 2, heads: 2, length: T, headDim: 1 });
        const opt = evaluateEntry(trace, kvPolicies.get("opt"), k, { outputError: false });
        const bound = evaluateEntry(trace, kvPolicies.get("topk"), k, { outputError: false });
        for (const info of online) {
          const variants: KvParams[] = info.name === "h2o-greedy" ? [{}, { h: "sqrt" }] : [{}];
          for (const params of variants) {
            const r = evaluateEntry(trace, info, k, { outputError: false, params, seed });
            r.perHead.forEach((head, i) => {
              expect(opt.perHead[i].meanKeptMass, `${info.name} layer ${head.layer} head ${head.head}`).toBeGreaterThanOrEqual(head.meanKeptMass - 1e-12);
            });
          }
        }
        opt.perHead.forEach((head, i) => expect(bound.perHead[i].meanKeptMass).toBeGreaterThanOrEqual(head.meanKeptMass - 1e-12));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("the opt replay keeps the flow's total and stays under the top-k bound at every step", () => {
    const T = 90;
    const k = 12;
    const trace = generateAttentionTrace({ kind: "mixed", seed: 4, layers: 1, heads: 5, length: T, headDim: 1 });
    const totals = new Array(5).fill(0);
    const tokens = new Int32Array(T);
    const sorted = new Float64Array(T);
    replayPolicy(trace, kvPolicies.get("opt") as KvPolicyInfo, k, {
      outputError: false,
      observer: (e) => {
        totals[e.head] += e.keptMass;
        const n = topkSet(trace.rows[e.head], e.t, k, tokens, sorted);
        let bound = 0;
        for (let i = 0; i < n; i++) bound += trace.rows[e.head][rowOffset(e.t) + tokens[i]];
        expect(bound).toBeGreaterThanOrEqual(e.keptMass - 1e-12);
        if (e.t < k) expect(e.keptMass).toBeCloseTo(1, 12);
      },
    });
    trace.rows.forEach((rows, h) => expect(totals[h]).toBeCloseTo(solveOptimum(rows, T, k).total, 9));
  });

  it("topkSet takes {t} and the k heaviest earlier keys, ties to the oldest (rows with many ties)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((t) =>
          fc.record({ row: fc.array(fc.constantFrom(0, 0, 1, 2, 3), { minLength: t + 1, maxLength: t + 1 }), k: fc.integer({ min: 1, max: t + 1 }) }),
        ),
        ({ row, k }) => {
          const t = row.length - 1;
          const rows = new Float64Array(rowOffset(t) + t + 1);
          rows.set(row, rowOffset(t));
          const tokens = new Int32Array(t + 1);
          const n = topkSet(rows, t, k, tokens, new Float64Array(t + 1));
          const earlier = [...Array(t).keys()].sort((a, b) => row[b] - row[a] || a - b);
          const expected = [...earlier.slice(0, k).sort((a, b) => a - b), t];
          expect(Array.from(tokens.subarray(0, n))).toEqual(expected);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("the top-k curve matches the top-k evaluation at each budget", () => {
    const trace = generateAttentionTrace({ kind: "heavy-hitters", seed: 8, layers: 1, heads: 1, length: 50, headDim: 1 });
    const budgets = [1, 5, 20, 49];
    const curve = topkKeptMassCurve(trace.rows[0], 50, budgets);
    budgets.forEach((k, b) => expect(curve[b]).toBeCloseTo(evaluateEntry(trace, kvPolicies.get("topk"), k, { outputError: false }).meanKeptMass, 12));
  });
});
