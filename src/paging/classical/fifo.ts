import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import type { CanonicalState } from "../core/canonical-state.ts";

/**
 * First In, First Out: evicts the page that entered the cache earliest; hits change nothing.
 * Conservative (≤ k faults on any block of ≤ k distinct pages), hence k-competitive and
 * FIFO_k ≤ k/(k−h+1)·OPT_h + k (Sleator & Tarjan 1985). O(1) per request (a ring of k slots).
 */
export class Fifo implements Policy, CanonicalState {
  private ring!: Int32Array;
  private head = 0;
  private tail = 0;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    // At most min(k, universe) pages are ever resident: a k beyond the universe (a cache larger
    // than the trace) must not allocate k slots.
    this.ring = new Int32Array(Math.min(this.k, ctx.universe));
    this.head = 0;
    this.tail = 0;
  }

  onHit(): void {}

  makeRoom(): void {
    const victim = this.ring[this.head];
    this.head = this.head + 1 === this.k ? 0 : this.head + 1;
    this.cache.evict(victim);
  }

  onInsert(page: number): void {
    this.ring[this.tail] = page;
    this.tail = this.tail + 1 === this.k ? 0 : this.tail + 1;
  }

  /** Resident pages in order of entry, oldest first; nothing else (see {@link CanonicalState}). */
  canonicalState(order: number[]): string {
    for (let i = 0, j = this.head; i < this.cache.size; i++, j = j + 1 === this.k ? 0 : j + 1) order.push(this.ring[j]);
    return "";
  }
}

/** Registry entry of {@link Fifo}. */
export const fifoInfo: PolicyInfo = {
  name: "fifo",
  family: "classical",
  summary: "evict the page that entered earliest (conservative; k-competitive)",
  offline: false,
  randomized: false,
  needs: [],
  create: (k) => new Fifo(k),
};
