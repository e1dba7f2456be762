/**
 * Random eviction: when the cache overflows, evict a uniformly random resident token other than
 * the one just added (the paging convention: the requested page is always cached). Seeded per
 * (layer, head) from the run seed, so runs are reproducible.
 * @module
 */
import { Rng } from "../../paging/core/rng.ts";
import { type HeadPolicy, type KvSetup, perHead } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";

/** The per-head rule. */
export class RandomHead implements HeadPolicy {
  private rng = new Rng(1);
  private budget = 1;

  reset(setup: KvSetup, head: number): void {
    this.budget = setup.budget;
    this.rng = new Rng((setup.seed ^ Math.imul(head + 1, 0x27d4eb2d)) >>> 0);
  }

  choose(_t: number, _tokens: Int32Array, _probs: Float64Array, n: number): number {
    if (n <= this.budget) return -1;
    return this.rng.int(n - 1);
  }
}

/** Registry entry `random`. */
export const randomInfo: KvPolicyInfo = {
  name: "random",
  summary: "uniformly random resident token (never the new one), seeded",
  kind: "online",
  granularity: "head",
  randomized: true,
  params: [],
  create() {
    return perHead(() => new RandomHead());
  },
};
