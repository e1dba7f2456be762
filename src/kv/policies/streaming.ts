/**
 * StreamingLLM (Xiao et al., ICLR 2024, arXiv 2309.17453; `mit-han-lab/streaming-llm`,
 * `StartRecentKVCache`): keep s "attention sink" tokens 0..s−1 and a window of the k − s most
 * recent tokens; evict the oldest non-sink token. It reads no scores: FIFO with pinned pages.
 * Default s = 4 (the paper's), reduced to k − 1 when k ≤ 4 so a recent slot remains.
 * @module
 */
import { type KvParams, numberParam } from "../params.ts";
import { type HeadPolicy, type KvSetup, perHead } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";

/** The per-head rule. */
export class StreamingHead implements HeadPolicy {
  private budget = 1;
  constructor(private readonly sinks: number) {}

  reset(setup: KvSetup): void {
    this.budget = setup.budget;
  }

  choose(_t: number, _tokens: Int32Array, _probs: Float64Array, n: number): number {
    if (n <= this.budget) return -1;
    // Sinks 0..s−1 are never evicted, so they are the first s entries of A_t (n > k > s).
    return this.sinks;
  }
}

/** The sink count at budget k: the `sinks` parameter (default 4), at most k − 1. */
function streamingSinks(budget: number, params: KvParams): number {
  return Math.min(numberParam("streaming", params, "sinks", 4, { min: 0, integer: true }), budget - 1);
}

/** Registry entry `streaming` (parameter `sinks`, default 4). */
export const streamingInfo: KvPolicyInfo = {
  name: "streaming",
  aliases: ["streamingllm"],
  summary: "StreamingLLM (Xiao et al. 2024): 4 attention sinks + the most recent tokens",
  kind: "online",
  granularity: "head",
  randomized: false,
  params: [{ name: "sinks", description: "number of sink tokens (default 4, at most k−1)" }],
  create(budget, params) {
    return perHead(() => new StreamingHead(streamingSinks(budget, params)));
  },
  effective: (budget, params) => ({ sinks: streamingSinks(budget, params) }),
};
