/**
 * TOVA, "Token Omission Via Attention" (Oren et al., "Transformers are Multi-State RNNs", arXiv
 * 2401.06104; `schwartz-lab-NLP/TOVA/src/tova_cache.py`): when the cache overflows, drop the
 * token with the lowest attention from the *current* query, averaged over the layer's heads; one
 * set per layer, applied to every head. The new token is a candidate. Memoryless, unlike H2O's
 * accumulated scores. Ties go to the oldest token.
 * @module
 */
import type { KvPolicy, KvSetup, KvStep } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";

/** The layer-level rule (all heads share A_t, so indices line up across heads). */
export class Tova implements KvPolicy {
  private budget = 1;
  private heads = 1;

  reset(setup: KvSetup): void {
    this.budget = setup.budget;
    this.heads = setup.heads;
  }

  step(state: KvStep, evict: Int32Array): void {
    const n = state.size[0];
    if (n <= this.budget) return;
    let best = 0;
    let bestScore = Infinity;
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let h = 0; h < this.heads; h++) sum += state.probs[h][i];
      if (sum < bestScore) {
        bestScore = sum;
        best = i;
      }
    }
    evict.fill(best);
  }
}

/** Registry entry `tova`. */
export const tovaInfo: KvPolicyInfo = {
  name: "tova",
  summary: "TOVA (Oren et al. 2024): evict the lowest current attention, head-averaged; one set per layer",
  kind: "online",
  granularity: "layer",
  randomized: false,
  params: [],
  create() {
    return new Tova();
  },
};
