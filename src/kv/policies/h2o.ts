/**
 * H2O as implemented in the authors' code (github.com/FMInference/H2O, `h2o_hf/utils_hh/
 * modify_llama.py` and `utils_real_drop/modify_llama.py`; `../shared/notes/kv-eviction.md` §1a):
 * the budget is split into r = ⌊k·recentRatio⌋ most recent tokens, always kept, and k − r
 * "heavy hitters": the non-recent tokens with the largest accumulated score, where the score of a
 * token sums the (already restricted) attention it received from every query so far. The paper's
 * default is an even split (recentRatio = ½; README `--heavy_ratio 0.1 --recent_ratio 0.1`).
 *
 * One token enters per step, so re-selecting the top-(k − r) of the non-recent tokens evicts
 * exactly the lowest-scoring non-recent token (ties to the oldest); the new token is never evicted
 * while r ≥ 1. recentRatio = 1 is the "Local" baseline (a sliding window).
 * @module
 */
import { numberParam, type KvParams } from "../params.ts";
import { argminByToken, perHead } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";
import { AccumulatedScoreHead } from "./accumulated-score.ts";

/** The per-head rule: evict the lowest-scoring token outside the r most recent, ties to the oldest. */
export class H2oHead extends AccumulatedScoreHead {
  constructor(private readonly recent: number) {
    super();
  }

  protected pick(tokens: Int32Array, n: number): number {
    // The r most recent positions are the last r of A_t: they were protected at every step since
    // they arrived, so none of them has been evicted.
    return argminByToken(this.score, tokens, 0, n - this.recent);
  }
}

/** Recent-window size for budget k: ⌊k·ratio⌋, capped at k (so one candidate always remains). */
export function h2oRecent(budget: number, params: KvParams): number {
  const ratio = numberParam("h2o", params, "recentRatio", 0.5, { min: 0, max: 1 });
  return Math.min(budget, Math.floor(budget * ratio));
}

/** Registry entry `h2o` (parameter `recentRatio`, default 0.5). */
export const h2oInfo: KvPolicyInfo = {
  name: "h2o",
  summary: "H2O as implemented (FMInference/H2O): keep ⌊k/2⌋ most recent + top accumulated-score heavy hitters",
  kind: "online",
  granularity: "head",
  randomized: false,
  params: [{ name: "recentRatio", description: "share of k for the recent window (default 0.5; 1 = Local window)" }],
  create(budget, params) {
    const recent = h2oRecent(budget, params);
    return perHead(() => new H2oHead(recent));
  },
};
