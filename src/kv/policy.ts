/**
 * The one small interface every KV-cache eviction policy implements, and the adapter that runs a
 * per-head rule independently on each head of a layer.
 *
 * The step protocol (fixed so results are comparable; `issues show 3`): at step t = 0..T−1 the
 * attended set is A_t = S_{t−1} ∪ {t} (S_{−1} = ∅). The engine computes the step's metrics on A_t
 * and hands the policy A_t with the *restricted* probabilities p_t[j] / Σ_{i∈A_t} p_t[i] — what
 * a real model computes on its cache, so an online policy sees nothing of evicted tokens. The
 * policy then names at most one token of A_t per head to evict, giving S_t; it must evict when
 * |A_t| > k. Evicted tokens never return (A_{t+1} is built from S_t).
 * @module
 */

/** What a policy learns when a layer's replay starts. */
export interface KvSetup {
  /** Sequence length T. */
  readonly length: number;
  /** Heads in the layer (H). */
  readonly heads: number;
  /** Budget k ≥ 1: |S_t| ≤ k after every step. */
  readonly budget: number;
  /** The layer being replayed. */
  readonly layer: number;
  /** Seed for randomized policies, already distinct per layer. */
  readonly seed: number;
  /**
   * The layer's full-cache rows per head (packed triangles, see {@link AttentionTrace.rows}),
   * given to offline policies only; `null` for online ones.
   */
  readonly future: readonly Float64Array[] | null;
}

/**
 * The state at step t. The arrays are reused from step to step: read them during `step`, never
 * keep them.
 */
export interface KvStep {
  /** The step (query position) t, 0-based. */
  readonly t: number;
  /** `tokens[h][0..size[h])` is A_t of head h, positions strictly increasing (the last is t). */
  readonly tokens: readonly Int32Array[];
  /** `probs[h][i]` is the restricted probability of `tokens[h][i]` at step t (they sum to 1). */
  readonly probs: readonly Float64Array[];
  /** |A_t| per head. */
  readonly size: Int32Array;
}

/**
 * A KV-cache eviction policy for one layer. `reset` starts a sequence and drops all state; `step`
 * writes into `evict[h]` the index (into `tokens[h]`) of the token of head h to evict after step
 * t, or leaves −1 to keep all. It must evict when `size[h] > budget`.
 */
export interface KvPolicy {
  /** Start a layer's sequence; all state from an earlier sequence is dropped. */
  reset(setup: KvSetup): void;
  /**
   * Decide after step t: for each head h, `evict[h]` (filled with −1 by the engine) becomes the
   * index into `state.tokens[h]` of the token to drop, at most one per head; required when
   * `state.size[h] > budget`. The engine rejects anything else.
   */
  step(state: KvStep, evict: Int32Array): void;
}

/**
 * A rule that keeps its own set per head (H2O, Scissorhands, SnapKV, ...). `choose` sees head h's
 * A_t (increasing positions, the last is t) with restricted probabilities, and returns the index
 * of the token to evict or −1; it must return an index when n > budget.
 */
export interface HeadPolicy {
  /** Start a sequence for head `head` of the layer. */
  reset(setup: KvSetup, head: number): void;
  /**
   * After step t: `tokens[0..n)` is A_t (increasing, the last is t), `probs[0..n)` the restricted
   * probabilities. Returns the index of the token to evict, or −1 (allowed only when n ≤ k).
   */
  choose(t: number, tokens: Int32Array, probs: Float64Array, n: number): number;
}

/** Run an independent {@link HeadPolicy} on every head of the layer. */
export function perHead(make: () => HeadPolicy): KvPolicy {
  let rules: HeadPolicy[] = [];
  return {
    reset(setup: KvSetup): void {
      rules = Array.from({ length: setup.heads }, () => make());
      rules.forEach((r, h) => r.reset(setup, h));
    },
    step(state: KvStep, evict: Int32Array): void {
      for (let h = 0; h < rules.length; h++) {
        evict[h] = rules[h].choose(state.t, state.tokens[h], state.probs[h], state.size[h]);
      }
    },
  };
}

/**
 * Index of the smallest `key[tokens[i]]` over i in [from, to), ties to the smallest i (the oldest
 * token, since positions increase). Returns −1 for an empty range.
 */
export function argminByToken(key: Float64Array | Int32Array, tokens: Int32Array, from: number, to: number): number {
  let best = -1;
  let bestKey = Infinity;
  for (let i = from; i < to; i++) {
    const v = key[tokens[i]];
    if (best < 0 || v < bestKey) {
      best = i;
      bestKey = v;
    }
  }
  return best;
}
