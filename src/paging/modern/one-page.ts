import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";

/**
 * A cache of one page: every fault evicts the one resident page. With k = 1 every demand-paging
 * policy does exactly this, so policies whose structure needs k ≥ 2 (LIRS's LIR and HIR sets)
 * run this instead at k = 1.
 */
export class OnePage implements Policy {
  readonly k = 1;
  private page = -1;
  private cache!: CacheState;

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.page = -1;
  }

  onHit(): void {}

  makeRoom(): void {
    this.cache.evict(this.page);
  }

  onInsert(page: number): void {
    this.page = page;
  }
}
