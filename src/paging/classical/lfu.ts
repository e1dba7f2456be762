import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IndexedMaxHeap } from "../structures/indexed-heap.ts";

/**
 * Least Frequently Used (in-cache frequency): evicts the resident page with the fewest requests
 * since it last entered the cache; ties go to the least recently requested. Frequencies restart
 * at 1 on re-entry (libCacheSim's LFU; Caffeine's "LFU" with no aging). Not competitive: a page
 * requested often early can pin its slot forever. O(log k) per request.
 */
export class Lfu implements Policy {
  private heap!: IndexedMaxHeap;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.heap = new IndexedMaxHeap(ctx.universe, this.k);
  }

  onHit(page: number, t: number): void {
    // Max-heap on (−frequency, −last request): the top is the least frequent, then least recent.
    this.heap.key2[page] = -t;
    this.heap.update(page, this.heap.key[page] - 1);
  }

  makeRoom(): void {
    this.cache.evict(this.heap.pop());
  }

  onInsert(page: number, t: number): void {
    this.heap.key2[page] = -t;
    this.heap.push(page, -1);
  }
}

/** Registry entry of {@link Lfu}. */
export const lfuInfo: PolicyInfo = {
  name: "lfu",
  family: "classical",
  summary: "evict the least frequently used page, ties to the least recent (not competitive)",
  offline: false,
  randomized: false,
  needs: [],
  create: (k) => new Lfu(k),
};
