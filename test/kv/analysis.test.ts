import { describe, expect, it } from "vitest";
import { kvPolicies } from "../../src/kv/catalog.ts";
import { evaluateEntry } from "../../src/kv/evaluate.ts";
import { headStats, heavyHitterHeads, sweepBudgets, sweepViolations, uniformTopShare } from "../../src/kv/analysis.ts";
import { generateAttentionTrace } from "../../src/kv/synthetic.ts";
import { rowOffset, triangleSize } from "../../src/kv/trace.ts";
import type { AttentionTrace } from "../../src/kv/trace.ts";

describe("budget sweeps", () => {
  const trace = generateAttentionTrace({ kind: "mixed", seed: 21, layers: 2, heads: 3, length: 90, headDim: 2 });
  const budgets = [3, 10, 30, 60];
  const points = sweepBudgets(trace, { policies: ["h2o", "streaming", "tova"], budgets, layers: [1] });

  it("gives, for every budget, what a separate evaluation gives (opt and topk included)", () => {
    expect(points).toHaveLength(5 * budgets.length);
    for (const p of points) {
      const r = evaluateEntry(trace, kvPolicies.get(p.policy), p.budget, { layers: [1], outputError: false });
      expect(p.meanKeptMass).toBeCloseTo(r.meanKeptMass, 10);
      p.perHead.forEach((v, i) => expect(v).toBeCloseTo(r.perHead[i].meanKeptMass, 10));
    }
    expect(sweepViolations(points)).toEqual([]);
  });

  it("sweepViolations reports a policy above opt and opt above the bound", () => {
    const tampered = points.map((p) => (p.policy === "tova" && p.budget === 10 ? { ...p, meanKeptMass: 2, perHead: p.perHead.map(() => 2) } : p));
    const problems = sweepViolations(tampered);
    expect(problems.some((m) => m.startsWith("k=10: tova keeps 2 > opt"))).toBe(true);
    expect(problems.filter((m) => m.includes("tova head")).length).toBe(3);
    const noBound = points.map((p) => (p.policy === "topk" && p.budget === 30 ? { ...p, meanKeptMass: 0, perHead: p.perHead.map(() => 0) } : p));
    expect(sweepViolations(noBound).some((m) => m.includes("> topk bound"))).toBe(true);
    expect(sweepViolations(points.filter((p) => p.policy !== "opt"))).toContain("k=3: opt or topk missing");
  });
});

describe("head statistics", () => {
  /** A one-head trace whose rows come from `row(t, j)` (normalized). */
  function traceOf(T: number, row: (t: number, j: number) => number): AttentionTrace {
    const rows = new Float64Array(triangleSize(T));
    for (let t = 0; t < T; t++) {
      let s = 0;
      for (let j = 0; j <= t; j++) s += row(t, j);
      for (let j = 0; j <= t; j++) rows[rowOffset(t) + j] = row(t, j) / s;
    }
    return { name: "x", layers: 1, heads: 1, length: T, headDim: 1, rows: [rows], values: [new Float64Array(T)] };
  }

  it("uniform rows sit exactly at the uniform baseline; local rows below it; a sink above", () => {
    const T = 200;
    const uniform = headStats(traceOf(T, () => 1))[0];
    expect(uniform.topShare).toBeCloseTo(uniformTopShare(T), 12);
    expect(uniform.sinkShare).toBeCloseTo(Array.from({ length: T }, (_, t) => 1 / (t + 1)).reduce((a, b) => a + b) / T, 12);
    const local = headStats(traceOf(T, (t, j) => (j === t ? 1 : 0)))[0];
    expect(local.localShare).toBeCloseTo(1, 12);
    expect(local.topShare).toBeCloseTo(0.1, 12);
    const sink = headStats(traceOf(T, (_t, j) => (j === 0 ? 500 : 1)))[0];
    expect(sink.sinkShare).toBeGreaterThan(0.5);
    expect(heavyHitterHeads([uniform, local, sink], T)).toEqual([sink]);
    expect(uniformTopShare(512)).toBeGreaterThan(0.3);
    expect(uniformTopShare(512)).toBeLessThan(0.36);
  });

  it("finds the heavy-hitter heads of a mixed synthetic trace (the heavy-hitter and regime presets)", () => {
    const trace = generateAttentionTrace({ kind: "mixed", seed: 2, layers: 1, heads: 5, length: 256, headDim: 1 });
    const heavy = heavyHitterHeads(headStats(trace), 256).map((s) => s.head);
    // mixed cycles heavy-hitters, sinks, recency, regime-switch, dirichlet over heads 0..4.
    expect(heavy).toContain(0);
    expect(heavy).not.toContain(2);
    expect(heavy).not.toContain(4);
  });
});
