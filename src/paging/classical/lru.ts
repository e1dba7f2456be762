import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import type { CanonicalState } from "../core/canonical-state.ts";
import { IntList } from "../structures/int-list.ts";

/**
 * Least Recently Used: evicts the resident page whose last request is oldest.
 * A marking algorithm, hence k-competitive (strictly: LRU ≤ k·OPT) and, against an optimum with
 * cache h ≤ k, LRU_k ≤ k/(k−h+1)·OPT_h + k (Sleator & Tarjan, CACM 1985). O(1) per request.
 */
export class Lru implements Policy, CanonicalState {
  private order!: IntList;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.order = new IntList(ctx.universe);
  }

  onHit(page: number): void {
    this.order.moveToBack(page);
  }

  makeRoom(): void {
    this.cache.evict(this.order.popFront());
  }

  onInsert(page: number): void {
    this.order.pushBack(page);
  }

  /** Resident pages from least to most recent; nothing else (see {@link CanonicalState}). */
  canonicalState(order: number[]): string {
    for (let p = this.order.front(); p !== -1; p = this.order.after(p)) order.push(p);
    return "";
  }
}

/** Registry entry of {@link Lru}. */
export const lruInfo: PolicyInfo = {
  name: "lru",
  family: "classical",
  summary: "evict the least recently used page (Sleator–Tarjan 1985; k-competitive)",
  offline: false,
  randomized: false,
  needs: [],
  create: (k) => new Lru(k),
};
