import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kvPolicies } from "../../src/kv/catalog.ts";
import { replayPolicy, type StepEvent } from "../../src/kv/replay.ts";
import { generateAttentionTrace, SYNTHETIC_KINDS } from "../../src/kv/synthetic.ts";
import type { KvParams } from "../../src/kv/params.ts";
import { entryLabel, type KvPolicyInfo } from "../../src/kv/registry.ts";
import { SnapKvHead } from "../../src/kv/policies/snapkv.ts";

const SEED = 777001;

/**
 * A reference model decides from the definition alone, on plain arrays: given head h's attended
 * tokens and restricted probabilities at step t (plus all heads' for layer-level rules), it returns
 * a key per candidate and the candidates allowed; the policy must evict a candidate whose key is
 * the minimum (ties to the oldest), or — for float keys computed in a different order — one within
 * 1e-12 of it.
 */
interface Reference {
  /** Observe step t (every head of the layer), before deciding. */
  observe(t: number, heads: { tokens: number[]; probs: number[] }[]): void;
  /** Keys of the candidates of head h (undefined = not a candidate); lower = evict first. */
  keys(h: number, t: number, tokens: number[]): (number | undefined)[];
  /** The tokens actually evicted (so the model follows the policy through near-ties). */
  evicted(h: number, token: number): void;
}

type ReferenceFactory = (k: number, heads: number) => Reference;

function perHeadState<S>(heads: number, make: () => S): S[] {
  return Array.from({ length: heads }, make);
}

const references: Record<string, ReferenceFactory> = {
  "h2o-greedy": (_k, heads) => {
    const score = perHeadState(heads, () => new Map<number, number>());
    return {
      observe(_t, hs) {
        hs.forEach((x, h) => x.tokens.forEach((j, i) => score[h].set(j, (score[h].get(j) ?? 0) + x.probs[i])));
      },
      keys: (h, _t, tokens) => tokens.map((j) => score[h].get(j)!),
      evicted() {},
    };
  },
  h2o: (k, heads) => {
    const score = perHeadState(heads, () => new Map<number, number>());
    const recent = Math.floor(k / 2);
    return {
      observe(_t, hs) {
        hs.forEach((x, h) => x.tokens.forEach((j, i) => score[h].set(j, (score[h].get(j) ?? 0) + x.probs[i])));
      },
      keys: (h, t, tokens) => tokens.map((j) => (j > t - recent ? undefined : score[h].get(j)!)),
      evicted() {},
    };
  },
  streaming: (k) => {
    const sinks = Math.min(4, k - 1);
    return { observe() {}, keys: (_h, _t, tokens) => tokens.map((j) => (j < sinks ? undefined : j)), evicted() {} };
  },
  tova: () => {
    let mean: Map<number, number> = new Map();
    return {
      observe(_t, hs) {
        mean = new Map();
        for (const x of hs) x.tokens.forEach((j, i) => mean.set(j, (mean.get(j) ?? 0) + x.probs[i] / hs.length));
      },
      keys: (_h, _t, tokens) => tokens.map((j) => mean.get(j)!),
      evicted() {},
    };
  },
  scissorhands: (k, heads) => {
    const history = Math.max(1, Math.floor(k / 2));
    const recent = Math.floor(k / 4);
    const low = perHeadState(heads, () => [] as { t: number; tokens: Set<number> }[]);
    return {
      observe(t, hs) {
        hs.forEach((x, h) => {
          low[h].push({ t, tokens: new Set(x.tokens.filter((_, i) => x.probs[i] < 1 / x.tokens.length)) });
        });
      },
      keys: (h, t, tokens) =>
        tokens.map((j) => {
          if (j > t - recent) return undefined;
          const count = low[h].filter((e) => e.t > t - history && e.tokens.has(j)).length;
          return -count; // most often unimportant first
        }),
      evicted() {},
    };
  },
  snapkv: (k, heads) => {
    const window = Math.min(32, Math.max(1, Math.floor(k / 4)));
    const rows = perHeadState(heads, () => [] as { t: number; p: Map<number, number> }[]);
    return {
      observe(t, hs) {
        hs.forEach((x, h) => rows[h].push({ t, p: new Map(x.tokens.map((j, i) => [j, x.probs[i]])) }));
      },
      keys: (h, t, tokens) => {
        const candidates = tokens.slice(0, tokens.length - window);
        const s = candidates.map((j) => rows[h].filter((r) => r.t > t - window).reduce((a, r) => a + (r.p.get(j) ?? 0), 0));
        const pooled = s.map((_, i) => {
          let acc = 0;
          for (let x = i - 2; x <= i + 2; x++) if (x >= 0 && x < s.length) acc += s[x];
          return acc / 5;
        });
        return tokens.map((_, i) => (i < candidates.length ? pooled[i] : undefined));
      },
      evicted() {},
    };
  },
  "lru-attention": (_k, heads) => {
    const last = perHeadState(heads, () => new Map<number, number>());
    return {
      observe(t, hs) {
        hs.forEach((x, h) => {
          x.tokens.forEach((j, i) => {
            if (x.probs[i] >= 1 / x.tokens.length || j === t) last[h].set(j, t);
          });
        });
      },
      keys: (h, _t, tokens) => tokens.map((j) => last[h].get(j)!),
      evicted() {},
    };
  },
};

/** Replay `info` and check every eviction against the reference, in lockstep. */
function lockstep(info: KvPolicyInfo, makeRef: ReferenceFactory, kind: string, seed: number, heads: number, length: number, k: number, params: KvParams = {}): number {
  const trace = generateAttentionTrace({ kind, seed, layers: 1, heads, length, headDim: 2 });
  const ref = makeRef(k, heads);
  let pending: StepEvent[] = [];
  let decisions = 0;
  replayPolicy(trace, info, k, {
    params,
    outputError: false,
    observer: (e) => {
      // Copy: the engine reuses its arrays.
      pending.push({ ...e, tokens: e.tokens.slice(0, e.size), probs: e.probs.slice(0, e.size) });
      if (e.head < heads - 1) return;
      const step = pending;
      pending = [];
      ref.observe(e.t, step.map((x) => ({ tokens: Array.from(x.tokens), probs: Array.from(x.probs) })));
      for (const x of step) {
        if (x.evicted < 0) continue;
        const tokens = Array.from(x.tokens);
        const keys = ref.keys(x.head, x.t, tokens);
        let best = -1;
        keys.forEach((v, i) => {
          if (v !== undefined && (best < 0 || v < keys[best]!)) best = i;
        });
        const chosen = tokens.indexOf(x.evicted);
        expect(keys[chosen], `step ${x.t} head ${x.head}: evicted a protected token ${x.evicted}`).not.toBeUndefined();
        if (chosen !== best) {
          // Only a float near-tie may differ from the reference's pick.
          expect(Math.abs(keys[chosen]! - keys[best]!), `step ${x.t} head ${x.head}: evicted ${x.evicted}, reference evicts ${tokens[best]}`).toBeLessThan(1e-12);
        }
        ref.evicted(x.head, x.evicted);
        decisions++;
      }
    },
  });
  return decisions;
}

describe(`each policy evicts what its definition says (reference models, seed ${SEED})`, () => {
  for (const [name, makeRef] of Object.entries(references)) {
    it(name, () => {
      const info = kvPolicies.get(name) as KvPolicyInfo;
      let decisions = 0;
      fc.assert(
        fc.property(
          fc.constantFrom(...SYNTHETIC_KINDS),
          fc.integer({ min: 0, max: 1e9 }),
          fc.integer({ min: 1, max: 3 }),
          fc.integer({ min: 2, max: 40 }),
          fc.integer({ min: 1, max: 40 }),
          (kind, seed, heads, length, kRaw) => {
            const k = 1 + (kRaw % (length - 1 || 1));
            decisions += lockstep(info, makeRef, kind, seed, heads, length, Math.min(k, length));
          },
        ),
        { seed: SEED, numRuns: 40 },
      );
      expect(decisions).toBeGreaterThan(100); // the comparison actually ran on evictions
    });
  }
});

describe("policy facts that follow from the definitions", () => {
  const trace = generateAttentionTrace({ kind: "mixed", seed: 11, layers: 1, heads: 5, length: 64, headDim: 2 });
  const setsOf = (name: string, k: number, params: KvParams = {}) => {
    const out = new Map<string, number[]>();
    replayPolicy(trace, kvPolicies.get(name) as KvPolicyInfo, k, {
      params,
      outputError: false,
      observer: (e) => out.set(`${e.head}@${e.t}`, Array.from(e.tokens.subarray(0, e.size)).filter((j) => j !== e.evicted)),
    });
    return out;
  };

  it("streaming keeps exactly the sinks and the most recent tokens", () => {
    for (const [k, s] of [[10, 4], [3, 2], [1, 0]] as const) {
      for (const [key, set] of setsOf("streaming", k)) {
        const t = Number(key.split("@")[1]);
        const expected = t < k ? [...Array(t + 1).keys()] : [...[...Array(s).keys()], ...Array.from({ length: k - s }, (_, i) => t - (k - s) + 1 + i)];
        expect(set).toEqual(expected);
      }
    }
  });

  it("h2o with recentRatio = 1 is the Local window (streaming without sinks)", () => {
    expect([...setsOf("h2o", 12, { recentRatio: 1 })]).toEqual([...setsOf("streaming", 12, { sinks: 0 })]);
  });

  it("h2o-greedy with h = √(z+1) or log(1+z) keeps the same sets as h = id (h is increasing)", () => {
    const id = setsOf("h2o-greedy", 9);
    expect([...setsOf("h2o-greedy", 9, { h: "sqrt" })]).toEqual([...id]);
    expect([...setsOf("h2o-greedy", 9, { h: "log" })]).toEqual([...id]);
  });

  it("snapkv pools with zero padding for avg and without it for max (PyTorch's avg_pool1d / max_pool1d)", () => {
    // Window w = 1, so a candidate's score is its attention from the current query alone.
    const tokens = Int32Array.from([0, 1, 2, 3, 4, 5, 6]);
    const probs = Float64Array.from([0.02, 0.3, 0.01, 0.01, 0.25, 0.01, 0.4]);
    const choose = (pooling: "avg" | "max") => {
      const head = new SnapKvHead(1, 3, pooling);
      head.reset({ length: 7, heads: 1, budget: 6, layer: 0, seed: 1, future: null });
      return head.choose(6, tokens, probs, 7);
    };
    // max: pooled = [.3, .3, .3, .25, .25, .25] → the oldest of the three .25 (index 3).
    expect(choose("max")).toBe(3);
    // avg: pooled·3 = [.32, .33, .32, .27, .27, .26] → index 5, whose right neighbour is padding.
    expect(choose("avg")).toBe(5);
  });

  it("results are labelled with the parameters given, in declaration order; h2o-greedy omits h = id", () => {
    expect(entryLabel(kvPolicies.get("snapkv"), { pooling: "max", window: 8 })).toBe("snapkv[window=8,pooling=max]");
    expect(entryLabel(kvPolicies.get("h2o"), {})).toBe("h2o");
    expect(entryLabel(kvPolicies.get("h2o-greedy"), { h: "id" })).toBe("h2o-greedy");
    expect(entryLabel(kvPolicies.get("h2o-greedy"), { h: "sqrt" })).toBe("h2o-greedy[h=sqrt]");
  });

  it("h2o with recentRatio = 0 is h2o-greedy (no recent window, smallest accumulated score)", () => {
    for (const k of [1, 5, 20]) expect([...setsOf("h2o", k, { recentRatio: 0 })]).toEqual([...setsOf("h2o-greedy", k)]);
  });

  it("random evicts uniformly among the non-new tokens (chi-square, fixed seed)", () => {
    const k = 8;
    const counts = new Array(k).fill(0);
    const long = generateAttentionTrace({ kind: "dirichlet", seed: 1, layers: 2, heads: 4, length: 400, headDim: 1 });
    replayPolicy(long, kvPolicies.get("random") as KvPolicyInfo, k, {
      seed: 3,
      outputError: false,
      observer: (e) => {
        if (e.evicted >= 0) {
          const i = Array.from(e.tokens.subarray(0, e.size)).indexOf(e.evicted);
          expect(i).toBeLessThan(e.size - 1);
          counts[i]++;
        }
      },
    });
    const total = counts.reduce((a, b) => a + b, 0);
    const chi2 = counts.reduce((a, c) => a + (c - total / k) ** 2 / (total / k), 0);
    expect(chi2).toBeLessThan(24.3); // 99.9% quantile of χ² with 7 degrees of freedom
  });
});
