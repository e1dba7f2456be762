/**
 * LRU by last attention: the paging baseline transplanted to soft requests. A token counts as
 * "used" at step t when its restricted attention is at least `threshold`/|A_t| (default: the
 * uniform share), and at its arrival; evict the token used least recently (ties to the oldest).
 * Every resident token receives some attention at every step, so a threshold is what turns soft
 * requests into hits; the uniform share is the same importance level Scissorhands uses.
 * @module
 */
import { numberParam } from "../params.ts";
import { argminByToken, type HeadPolicy, type KvSetup, perHead } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";

/** The per-head rule. */
export class LruAttentionHead implements HeadPolicy {
  /** lastUse[j] = the last step at which token j was used. */
  lastUse = new Int32Array(0);
  private budget = 1;

  constructor(private readonly threshold: number) {}

  reset(setup: KvSetup): void {
    this.budget = setup.budget;
    this.lastUse = new Int32Array(setup.length);
  }

  choose(t: number, tokens: Int32Array, probs: Float64Array, n: number): number {
    const level = this.threshold / n;
    for (let i = 0; i < n; i++) if (probs[i] >= level) this.lastUse[tokens[i]] = t;
    this.lastUse[t] = t;
    if (n <= this.budget) return -1;
    return argminByToken(this.lastUse, tokens, 0, n);
  }
}

/** Registry entry `lru-attention`. */
export const lruAttentionInfo: KvPolicyInfo = {
  name: "lru-attention",
  aliases: ["lru"],
  summary: "LRU by last attention: a token is used when its attention ≥ 1/|A_t|; evict the least recently used",
  kind: "online",
  granularity: "head",
  randomized: false,
  params: [{ name: "threshold", description: "used if attention ≥ threshold/|A_t| (default 1)" }],
  create(_budget, params) {
    const threshold = numberParam("lru-attention", params, "threshold", 1, { min: 0 });
    return perHead(() => new LruAttentionHead(threshold));
  },
};
