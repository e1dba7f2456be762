/**
 * The bookkeeping shared by the two forms of H2O: every token's accumulated score, the sum of the
 * restricted attention it has received from every query so far (õ of Zhang et al. 2023, Alg. 2;
 * `_update_hh_score` in the authors' code). Each rule only decides which token to evict.
 * @module
 */
import type { HeadPolicy, KvSetup } from "../policy.ts";

/**
 * A per-head rule that ranks tokens by accumulated score. At every step, before any decision,
 * each j ∈ A_t adds its restricted probability to `score[j]` — also while the cache is not yet
 * full, as the definition requires; once |A_t| > k the subclass picks the token to evict.
 */
export abstract class AccumulatedScoreHead implements HeadPolicy {
  /** `score[j]` = Σ over queries so far of token j's restricted attention (exposed for analyses). */
  score = new Float64Array(0);
  /** The budget k of the current sequence. */
  protected budget = 1;

  /** Start a sequence: all scores 0. */
  reset(setup: KvSetup): void {
    this.score = new Float64Array(setup.length);
    this.budget = setup.budget;
  }

  /** Accumulate step t's restricted row, then evict (via {@link pick}) only when |A_t| > k. */
  choose(_t: number, tokens: Int32Array, probs: Float64Array, n: number): number {
    const score = this.score;
    for (let i = 0; i < n; i++) score[tokens[i]] += probs[i];
    return n <= this.budget ? -1 : this.pick(tokens, n);
  }

  /** The index into `tokens[0..n)` (A_t, increasing positions) of the token to evict; n > k. */
  protected abstract pick(tokens: Int32Array, n: number): number;
}
