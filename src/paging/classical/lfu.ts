import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";

/**
 * Least Frequently Used (in-cache frequency): evicts the resident page with the fewest requests
 * since it last entered the cache; ties go to the least recently requested. Frequencies restart
 * at 1 on re-entry (libCacheSim's LFU; Caffeine's "LFU" with no aging). Not competitive: a page
 * requested often early can pin its slot forever.
 *
 * O(1) per request (Shah, Mitra & Matani 2010): one bucket per frequency present in the cache,
 * buckets in a list by increasing frequency, each bucket an LRU list of its pages.
 */
export class Lfu implements Policy {
  // Pages: bucket membership and LRU links inside the bucket.
  private bucketOf!: Int32Array;
  private prev!: Int32Array;
  private next!: Int32Array;
  // Buckets (at most min(k, universe) + 1 live at once): frequency, first/last page, neighbours, free list.
  private freq!: Float64Array;
  private first!: Int32Array;
  private last!: Int32Array;
  private lower!: Int32Array;
  private higher!: Int32Array;
  private free!: Int32Array;
  private freeCount = 0;
  /** Bucket with the smallest frequency, or -1. */
  private lowest = -1;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.bucketOf = new Int32Array(ctx.universe).fill(-1);
    this.prev = new Int32Array(ctx.universe);
    this.next = new Int32Array(ctx.universe);
    // At most one bucket per resident page, plus one while a hit moves a page up; at most
    // min(k, universe) pages are ever resident.
    const b = Math.min(this.k, ctx.universe) + 1;
    this.freq = new Float64Array(b);
    this.first = new Int32Array(b);
    this.last = new Int32Array(b);
    this.lower = new Int32Array(b);
    this.higher = new Int32Array(b);
    this.free = new Int32Array(b);
    for (let i = 0; i < b; i++) this.free[i] = b - 1 - i;
    this.freeCount = b;
    this.lowest = -1;
  }

  /** A new empty bucket of frequency f placed after bucket `after` (-1: at the front). */
  private newBucket(f: number, after: number): number {
    const b = this.free[--this.freeCount];
    this.freq[b] = f;
    this.first[b] = -1;
    this.last[b] = -1;
    const nextBucket = after === -1 ? this.lowest : this.higher[after];
    this.lower[b] = after;
    this.higher[b] = nextBucket;
    if (nextBucket !== -1) this.lower[nextBucket] = b;
    if (after === -1) this.lowest = b;
    else this.higher[after] = b;
    return b;
  }

  private dropBucket(b: number): void {
    const lo = this.lower[b];
    const hi = this.higher[b];
    if (lo === -1) this.lowest = hi;
    else this.higher[lo] = hi;
    if (hi !== -1) this.lower[hi] = lo;
    this.free[this.freeCount++] = b;
  }

  private append(page: number, b: number): void {
    const tail = this.last[b];
    this.prev[page] = tail;
    this.next[page] = -1;
    if (tail === -1) this.first[b] = page;
    else this.next[tail] = page;
    this.last[b] = page;
    this.bucketOf[page] = b;
  }

  /** Unlink page from its bucket; returns true if the bucket became empty. */
  private unlink(page: number, b: number): boolean {
    const p = this.prev[page];
    const n = this.next[page];
    if (p === -1) this.first[b] = n;
    else this.next[p] = n;
    if (n === -1) this.last[b] = p;
    else this.prev[n] = p;
    return this.first[b] === -1;
  }

  onHit(page: number): void {
    const b = this.bucketOf[page];
    const f = this.freq[b] + 1;
    let target = this.higher[b];
    if (target === -1 || this.freq[target] !== f) target = this.newBucket(f, b);
    if (this.unlink(page, b)) this.dropBucket(b);
    this.append(page, target);
  }

  makeRoom(): void {
    const b = this.lowest;
    const victim = this.first[b];
    if (this.unlink(victim, b)) this.dropBucket(b);
    this.bucketOf[victim] = -1;
    this.cache.evict(victim);
  }

  onInsert(page: number): void {
    let b = this.lowest;
    if (b === -1 || this.freq[b] !== 1) b = this.newBucket(1, -1);
    this.append(page, b);
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
