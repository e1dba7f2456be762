/**
 * SnapKV (Li et al., NeurIPS 2024, arXiv 2404.14469; `FasterDecoding/SnapKV/snapkv/monkeypatch/
 * snapkv_utils.py`), per head: the last w queries form the observation window; each earlier
 * token j scores s[j] = Σ_{i ∈ window} A[i, j]; scores are smoothed by 1-D pooling over the key
 * axis (kernel 5, padding 2, stride 1, average by default — PyTorch's `avg_pool1d`, which counts
 * the zero padding); the top-(C − w) tokens plus the whole window are kept.
 *
 * SnapKV compresses once, at the end of prefill, and never evicts while decoding. Under a hard
 * budget k for every step this code applies that selection whenever the cache overflows: at the
 * first overflow (t = k, prompt = tokens 0..k, no earlier eviction, so the window rows are
 * full-cache rows) it is exactly SnapKV's prefill selection with capacity k; afterwards it is the
 * same selection re-run on the compressed cache at every step (kvpress's `DecodingPress` with
 * compression interval 1). Window rows are the restricted rows the cache actually produced, and
 * pooling runs along the compressed key axis, as a real re-compression would. The w most recent
 * tokens are always kept; one token (the lowest pooled score, ties to the oldest) is evicted.
 * Default w = min(32, max(1, ⌊k/4⌋)) — SnapKV's window is 32 with capacities ≥ 1024.
 * @module
 */
import { InputError } from "../../errors.ts";
import { choiceParam, numberParam, type KvParams } from "../params.ts";
import { type HeadPolicy, type KvSetup, perHead } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";

/** SnapKV's settings for budget k. */
export function snapkvSettings(budget: number, params: KvParams): { window: number; kernel: number; pooling: "avg" | "max" } {
  const requested = numberParam("snapkv", params, "window", Math.min(32, Math.max(1, Math.floor(budget / 4))), { min: 0, integer: true });
  const window = Math.min(requested, budget);
  const kernel = numberParam("snapkv", params, "kernel", 5, { min: 1, integer: true });
  if (kernel % 2 === 0) throw new InputError(`snapkv: parameter kernel must be odd (a centred pooling window), got ${kernel}`);
  const pooling = choiceParam("snapkv", params, "pooling", "avg", ["avg", "max"] as const);
  return { window, kernel, pooling };
}

/** The per-head rule. */
export class SnapKvHead implements HeadPolicy {
  /** score[j] = Σ of j's restricted attention over the last `window` queries. */
  score = new Float64Array(0);
  private ringTokens = new Int32Array(0);
  private ringProbs = new Float64Array(0);
  private ringSize = new Int32Array(0);
  private pooled = new Float64Array(0);
  private budget = 1;

  constructor(
    private readonly window: number,
    private readonly kernel: number,
    private readonly pooling: "avg" | "max",
  ) {}

  reset(setup: KvSetup): void {
    this.budget = setup.budget;
    this.score = new Float64Array(setup.length);
    const slots = Math.max(1, this.window);
    this.ringTokens = new Int32Array(slots * (setup.budget + 1));
    this.ringProbs = new Float64Array(slots * (setup.budget + 1));
    this.ringSize = new Int32Array(slots);
    this.pooled = new Float64Array(setup.budget + 1);
  }

  choose(t: number, tokens: Int32Array, probs: Float64Array, n: number): number {
    const w = this.window;
    const score = this.score;
    if (w > 0) {
      // Slide the observation window: drop query t − w, add query t.
      const width = this.budget + 1;
      const slot = t % w;
      const base = slot * width;
      for (let i = 0; i < this.ringSize[slot]; i++) score[this.ringTokens[base + i]] -= this.ringProbs[base + i];
      for (let i = 0; i < n; i++) {
        score[tokens[i]] += probs[i];
        this.ringTokens[base + i] = tokens[i];
        this.ringProbs[base + i] = probs[i];
      }
      this.ringSize[slot] = n;
    }
    if (n <= this.budget) return -1;
    // Candidates: A_t minus the window (the w most recent positions, never evicted).
    const m = n - w;
    const half = (this.kernel - 1) / 2;
    const pooled = this.pooled;
    const avg = this.pooling === "avg";
    for (let i = 0; i < m; i++) {
      // Positions outside [0, m) are padding: zeros that still count in the average (PyTorch's
      // avg_pool1d, count_include_pad), −∞ that never wins the maximum (max_pool1d).
      const lo = Math.max(0, i - half);
      const hi = Math.min(m - 1, i + half);
      let acc = avg ? 0 : -Infinity;
      for (let x = lo; x <= hi; x++) {
        const v = score[tokens[x]];
        acc = avg ? acc + v : Math.max(acc, v);
      }
      pooled[i] = avg ? acc / this.kernel : acc;
    }
    let best = 0;
    for (let i = 1; i < m; i++) if (pooled[i] < pooled[best]) best = i;
    return best;
  }
}

/** Registry entry `snapkv`. */
export const snapkvInfo: KvPolicyInfo = {
  name: "snapkv",
  summary: "SnapKV (Li et al. 2024): pooled attention of the last w queries, window kept; re-run at each overflow",
  kind: "online",
  granularity: "head",
  randomized: false,
  params: [
    { name: "window", description: "observation window w, capped at k (default min(32, max(1, ⌊k/4⌋)))" },
    { name: "kernel", description: "pooling kernel, odd (default 5)" },
    { name: "pooling", description: "avg (default) or max" },
  ],
  create(budget, params) {
    const s = snapkvSettings(budget, params);
    return perHead(() => new SnapKvHead(s.window, s.kernel, s.pooling));
  },
  effective: (budget, params) => ({ window: snapkvSettings(budget, params).window }),
};
