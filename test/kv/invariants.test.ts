import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kvPolicies } from "../../src/kv/catalog.ts";
import { replay, replayPolicy, type StepEvent } from "../../src/kv/replay.ts";
import { generateAttentionTrace, SYNTHETIC_KINDS } from "../../src/kv/synthetic.ts";
import type { KvParams } from "../../src/kv/params.ts";
import type { KvPolicy } from "../../src/kv/policy.ts";
import { headIndex, rowOffset } from "../../src/kv/trace.ts";

const SEED = 20240611;

/** Independent bookkeeping of one head's sets, checked against what the engine reports. */
class HeadLedger {
  resident: number[] = [];
  evicted = new Set<number>();
  events = 0;
}

function checkRun(policyName: string, trace: ReturnType<typeof generateAttentionTrace>, k: number, params: KvParams, seed: number): void {
  const info = kvPolicies.get(policyName);
  if (info.kind === "bound") return;
  const ledgers = new Map<string, HeadLedger>();
  const layerSets = new Map<string, string>();
  // Sums of kept mass over t ≥ k, recomputed from the rows: overall and per layer.
  const sums = new Map<number, { kept: number; steps: number }>();
  const result = replayPolicy(trace, info, k, {
    params,
    seed,
    outputError: false,
    observer: (e: StepEvent) => {
      // The step's kept mass and the restricted probabilities the policy saw, from the rows.
      const rows = trace.rows[headIndex(trace, e.layer, e.head)];
      const o = rowOffset(e.t);
      let kept = 0;
      for (let i = 0; i < e.size; i++) kept += rows[o + e.tokens[i]];
      let worst = 0;
      for (let i = 0; i < e.size; i++) worst = Math.max(worst, Math.abs(e.probs[i] - rows[o + e.tokens[i]] / kept));
      // Plain comparisons, one assertion per step (expect per entry dominates the run time).
      if (Math.abs(e.keptMass - kept) > 1e-12 || worst > 1e-9) {
        expect.fail(`layer ${e.layer} head ${e.head} t ${e.t}: kept ${e.keptMass} vs ${kept}, restricted probabilities off by ${worst}`);
      }
      if (e.t >= k) {
        const s = sums.get(e.layer) ?? { kept: 0, steps: 0 };
        s.kept += kept;
        s.steps++;
        sums.set(e.layer, s);
      }
      const key = `${e.layer}/${e.head}`;
      let ledger = ledgers.get(key);
      if (ledger === undefined) ledgers.set(key, (ledger = new HeadLedger()));
      ledger.events++;
      const attended = Array.from(e.tokens.subarray(0, e.size));
      // Plain comparisons collected per step, one assertion (expect calls dominated the run time).
      const problems: string[] = [];
      const expected = [...ledger.resident, e.t];
      // A_t = S_{t−1} ∪ {t}, in increasing order; evicted tokens never return.
      if (attended.length !== expected.length || attended.some((j, i) => j !== expected[i])) problems.push(`A_t = [${attended}], expected [${expected}]`);
      const returned = attended.filter((j) => ledger.evicted.has(j));
      if (returned.length > 0) problems.push(`evicted tokens ${returned} came back`);
      // Exactly the forced evictions: one when |A_t| > k, none otherwise.
      if (e.evicted >= 0 !== e.size > k) problems.push(`evicted ${e.evicted} with |A_t| = ${e.size}, k = ${k}`);
      if (e.evicted >= 0) {
        if (!attended.includes(e.evicted)) problems.push(`evicted ${e.evicted}, not attended`);
        ledger.evicted.add(e.evicted);
      }
      ledger.resident = attended.filter((j) => j !== e.evicted);
      if (ledger.resident.length > k) problems.push(`|S_t| = ${ledger.resident.length} > k = ${k}`);
      // Restricted probabilities form a distribution over A_t.
      let sum = 0;
      for (let i = 0; i < e.size; i++) sum += e.probs[i];
      if (Math.abs(sum - 1) > 1e-12) problems.push(`restricted probabilities sum to ${sum}`);
      if (info.granularity === "layer") {
        const setKey = `${e.layer}@${e.t}`;
        const sets = JSON.stringify(ledger.resident);
        if (e.head === 0) layerSets.set(setKey, sets);
        else if (sets !== layerSets.get(setKey)) problems.push(`head ${e.head} keeps ${sets}, head 0 ${layerSets.get(setKey)}`);
      }
      if (problems.length > 0) expect.fail(`${policyName}, layer ${e.layer} head ${e.head} t ${e.t}: ${problems.join("; ")}`);
    },
  });
  // One event per (head, step): at most one eviction per step.
  expect(ledgers.size).toBe(trace.layers * trace.heads);
  for (const ledger of ledgers.values()) expect(ledger.events).toBe(trace.length);
  // Reported means are over (layer, head, t ≥ k), overall and per layer.
  let kept = 0;
  let steps = 0;
  for (const layer of result.perLayer) {
    const s = sums.get(layer.layer) ?? { kept: 0, steps: 0 };
    expect(layer.steps).toBe(s.steps);
    if (s.steps > 0) expect(layer.meanKeptMass).toBeCloseTo(s.kept / s.steps, 12);
    kept += s.kept;
    steps += s.steps;
  }
  expect(steps).toBe(trace.layers * trace.heads * Math.max(0, trace.length - k));
  if (steps > 0) expect(result.meanKeptMass).toBeCloseTo(kept / steps, 12);
}

const instance = fc.record({
  kind: fc.constantFrom(...SYNTHETIC_KINDS),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  heads: fc.integer({ min: 1, max: 3 }),
  length: fc.integer({ min: 2, max: 48 }),
  kFraction: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe(`invariants of every KV policy (seed ${SEED})`, () => {
  for (const info of kvPolicies.policies()) {
    it(`${info.name}: A_t = S_{t−1} ∪ {t}, |S_t| ≤ k, one eviction per step exactly when |A_t| > k, no return`, () => {
      fc.assert(
        fc.property(instance, ({ kind, seed, heads, length, kFraction }) => {
          const k = 1 + Math.floor(kFraction * (length - 1));
          const trace = generateAttentionTrace({ kind, seed, layers: 2, heads, length, headDim: 2 });
          checkRun(info.name, trace, k, {}, seed);
        }),
        { seed: SEED, numRuns: 40 },
      );
    });
  }

  it("non-default parameters keep the invariants too", () => {
    const trace = generateAttentionTrace({ kind: "mixed", seed: 9, layers: 1, heads: 3, length: 60, headDim: 2 });
    const cases: [string, KvParams][] = [
      ["h2o-greedy", { h: "sqrt" }],
      ["h2o-greedy", { h: "log" }],
      ["h2o", { recentRatio: 0 }],
      ["h2o", { recentRatio: 1 }],
      ["streaming", { sinks: 0 }],
      ["streaming", { sinks: 100 }],
      ["scissorhands", { historyRatio: 1, recentRatio: 0, threshold: 2 }],
      ["snapkv", { window: 0, kernel: 1 }],
      ["snapkv", { window: 5, kernel: 3, pooling: "max" }],
      ["lru-attention", { threshold: 0.5 }],
    ];
    for (const [name, params] of cases) for (const k of [1, 2, 9, 59]) checkRun(name, trace, k, params, 1);
  });

  it("the engine rejects a policy that breaks the protocol (so the checks above can fail)", () => {
    const trace = generateAttentionTrace({ kind: "mixed", seed: 4, layers: 1, heads: 2, length: 20, headDim: 2 });
    const rogue = (step: (n: number, evict: Int32Array) => void): KvPolicy => ({
      reset() {},
      step(state, evict) {
        step(state.size[0], evict);
      },
    });
    // Never evicting lets |S_t| exceed k.
    expect(() => replay(trace, () => rogue(() => {}), 5)).toThrow(/kept 6 > k = 5/);
    // An index outside A_t (e.g. re-admitting a token) is refused.
    expect(() => replay(trace, () => rogue((n, evict) => evict.fill(n > 5 ? n : -1)), 5)).toThrow(/evicted index 6 of 6/);
  });

  it("random is reproducible from its seed and depends on it", () => {
    const trace = generateAttentionTrace({ kind: "dirichlet", seed: 2, layers: 2, heads: 2, length: 80, headDim: 2 });
    const run = (seed: number) => replayPolicy(trace, kvPolicies.get("random") as never, 10, { seed, outputError: false }).meanKeptMass;
    expect(run(4)).toBe(run(4));
    expect(run(4)).not.toBe(run(5));
  });
});
