import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IntList } from "../structures/int-list.ts";

/**
 * Most Recently Used: evicts the resident page requested most recently. Not competitive
 * (unbounded ratio on a repeated pair of pages beyond a full cache), but optimal on cyclic
 * scans longer than the cache; a standard baseline. O(1) per request.
 */
export class Mru implements Policy {
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
