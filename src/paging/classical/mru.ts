import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import type { CanonicalState } from "../core/canonical-state.ts";
import { IntList } from "../structures/int-list.ts";

/**
 * Most Recently Used: evicts the resident page requested most recently. Not competitive
 * (unbounded ratio on a repeated pair of pages beyond a full cache), but optimal on cyclic
 * scans longer than the cache; a standard baseline. O(1) per request.
 */
export class Mru implements Policy, CanonicalState {
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
    const victim = this.order.back();
    this.order.remove(victim);
    this.cache.evict(victim);
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

/** Registry entry of {@link Mru}. */
export const mruInfo: PolicyInfo = {
  name: "mru",
  family: "classical",
  summary: "evict the most recently used page (not competitive; good on long scans)",
  offline: false,
  randomized: false,
  needs: [],
  create: (k) => new Mru(k),
};
