/**
 * H2O's greedy eviction as formalised in the paper (Zhang et al., NeurIPS 2023, Def. 4.3 and
 * Alg. 2), with the step convention of the issue so results are comparable:
 *
 * at step t the attended set is A_t = S_{t−1} ∪ {t}; every j ∈ A_t adds its restricted
 * probability p_t[j] / Σ_{i∈A_t} p_t[i] to its accumulated score õ_j; then, if |A_t| > k, the
 * token v ∈ A_t maximising F(A_t \ {v}) is evicted, where F(S) = h(Σ_{j∈S} õ_j), ties to the
 * oldest. With h = id this is "evict the smallest accumulated score". The new token t is a
 * candidate (the formal policy has no recent window).
 *
 * Guarantee (tested): per-step greedy optimality, F(S_t) = max_v F(A_t \ {v}) ≥ F(S_{t−1}). Since
 * every h here is increasing, all three h pick the same token up to floating-point ties; the
 * paper's Thm 4.4 bound is conditional on assumptions about attention (App. D.11), not a fact
 * this code can guarantee.
 * @module
 */
import { CONCAVE_H, type ConcaveH, H_NAMES } from "../concave.ts";
import { choiceParam, type KvParams } from "../params.ts";
import { argminByToken, perHead } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";
import { AccumulatedScoreHead } from "./accumulated-score.ts";

/** The per-head rule: evict the v ∈ A_t maximising h(Σ_{j∈A_t∖{v}} õ_j), ties to the oldest. */
export class H2oGreedyHead extends AccumulatedScoreHead {
  constructor(private readonly h: ConcaveH) {
    super();
  }

  protected pick(tokens: Int32Array, n: number): number {
    const score = this.score;
    if (this.h.name === "id") return argminByToken(score, tokens, 0, n);
    let total = 0;
    for (let i = 0; i < n; i++) total += score[tokens[i]];
    let best = 0;
    let bestF = -Infinity;
    for (let i = 0; i < n; i++) {
      const f = this.h.apply(total - score[tokens[i]]);
      if (f > bestF) {
        bestF = f;
        best = i;
      }
    }
    return best;
  }
}

function hOf(params: KvParams): ConcaveH {
  return CONCAVE_H[choiceParam("h2o-greedy", params, "h", "id", H_NAMES)];
}

/** Registry entry `h2o-greedy` (parameter `h` = id | sqrt | log). */
export const h2oGreedyInfo: KvPolicyInfo = {
  name: "h2o-greedy",
  summary: "H2O's formal greedy (Zhang et al. 2023, Alg. 2): evict the lowest accumulated score; the new token may go",
  kind: "online",
  granularity: "head",
  randomized: false,
  params: [{ name: "h", description: "concave h of F(S) = h(Σ score): id (default), sqrt = √(z+1), log = log(1+z)" }],
  label(params) {
    const h = hOf(params);
    return h.name === "id" ? "h2o-greedy" : `h2o-greedy[h=${h.name}]`;
  },
  create(_budget, params) {
    const h = hOf(params);
    return perHead(() => new H2oGreedyHead(h));
  },
};
