/**
 * Scissorhands (Liu et al., NeurIPS 2023, arXiv 2305.17118), budgeted form (paper Alg. 1–2 as
 * recalled in `../shared/notes/kv-eviction.md` §2 — UNVERIFIED there, consistent with a
 * third-party reimplementation): over a history window of the last w queries, count for each
 * token how often it was *unimportant* — its attention below the uniform level; protect the r most
 * recent tokens; evict the token counted unimportant most often (ties to the oldest).
 *
 * Choices made here (documented because the source is unverified):
 * - "uniform level" is 1/|A_{t'}|, the uniform share over the attended set at query t' (the
 *   paper's 1/t is that level with an uncompressed cache); parameter `threshold` scales it;
 * - defaults w = max(1, ⌊k/2⌋) and r = ⌊k/4⌋ (the reimplementation's 0.5B and 0.25B);
 * - one eviction per step (the paper's batch drop of m tokens amortises GPU cost; with one new
 *   token per step, m = 1 keeps |S_t| = k, which the comparison requires).
 * @module
 */
import { numberParam, type KvParams } from "../params.ts";
import { type HeadPolicy, type KvSetup, perHead } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";

/** Scissorhands' window sizes for budget k. */
export function scissorhandsWindows(budget: number, params: KvParams): { history: number; recent: number; threshold: number } {
  const historyRatio = numberParam("scissorhands", params, "historyRatio", 0.5, { min: 0, max: 1 });
  const recentRatio = numberParam("scissorhands", params, "recentRatio", 0.25, { min: 0, max: 1 });
  const threshold = numberParam("scissorhands", params, "threshold", 1, { min: 0 });
  return {
    history: Math.max(1, Math.floor(budget * historyRatio)),
    recent: Math.min(budget, Math.floor(budget * recentRatio)),
    threshold,
  };
}

/** The per-head rule. */
export class ScissorhandsHead implements HeadPolicy {
  /** counts[j] = low-importance events of token j over the last `history` queries. */
  counts = new Int32Array(0);
  private ring = new Int32Array(0);
  private ringSize = new Int32Array(0);
  private budget = 1;

  constructor(
    private readonly history: number,
    private readonly recent: number,
    private readonly threshold: number,
  ) {}

  reset(setup: KvSetup): void {
    this.budget = setup.budget;
    this.counts = new Int32Array(setup.length);
    this.ring = new Int32Array(this.history * (setup.budget + 1));
    this.ringSize = new Int32Array(this.history);
  }

  choose(t: number, tokens: Int32Array, probs: Float64Array, n: number): number {
    const counts = this.counts;
    const width = this.budget + 1;
    const slot = t % this.history;
    const base = slot * width;
    // Forget the query that left the window, then record this one.
    for (let i = 0; i < this.ringSize[slot]; i++) counts[this.ring[base + i]]--;
    const level = this.threshold / n;
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (probs[i] < level) {
        counts[tokens[i]]++;
        this.ring[base + m++] = tokens[i];
      }
    }
    this.ringSize[slot] = m;
    if (n <= this.budget) return -1;
    let best = -1;
    let bestCount = -1;
    for (let i = 0; i < n - this.recent; i++) {
      const c = counts[tokens[i]];
      if (c > bestCount) {
        bestCount = c;
        best = i;
      }
    }
    return best;
  }
}

/** Registry entry `scissorhands`. */
export const scissorhandsInfo: KvPolicyInfo = {
  name: "scissorhands",
  summary: "Scissorhands (Liu et al. 2023): evict the token most often below uniform attention lately; k/4 recent kept",
  kind: "online",
  granularity: "head",
  randomized: false,
  params: [
    { name: "historyRatio", description: "history window w = max(1, ⌊k·ratio⌋) queries (default 0.5)" },
    { name: "recentRatio", description: "protected recent window r = ⌊k·ratio⌋ (default 0.25)" },
    { name: "threshold", description: "unimportant if attention < threshold/|A_t| (default 1)" },
  ],
  create(budget, params) {
    const w = scissorhandsWindows(budget, params);
    return perHead(() => new ScissorhandsHead(w.history, w.recent, w.threshold));
  },
};
