import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { LazyMinHeap } from "../structures/lazy-min-heap.ts";
import { MonotoneBucketQueue } from "../structures/monotone-bucket-queue.ts";
import { choiceParam, VARIANTS, type Variant } from "./params.ts";

/**
 * LFU with Dynamic Aging (Arlitt, Cherkasova, Dilley, Friedrich & Jin, "Evaluating Content
 * Management Techniques for Web Proxy Caches", ACM SIGMETRICS PER 27(4), 2000; unit cost).
 * Each resident page has a priority K; the victim is the page of least K, ties to the one that
 * took its K earliest; the cache age L becomes the victim's K. The paper's rule, the default
 * (`variant=paper`): a missed page gets K = L + 1 and frequency F = 1, a hit sets F ← F + 1 and
 * K ← F + L with the current L.
 *
 * Unlike the other modern policies, the default here is the paper's rule, not libCacheSim's:
 * libCacheSim's rule makes priorities grow geometrically, so on long sequences its own code
 * hangs (see below) and ours passes 2^53; the registry's properties (e.g. OPT ≤ ALG on every
 * generator's sequences) must hold for the default. `variant=libcachesim` is libCacheSim's
 * `LFUDA.c`, tested miss for miss against it wherever it finishes; it differs from the paper:
 * - a hit adds the *age* to the priority, K ← K + L (so before the first eviction, L = 0, hits
 *   leave K = 1 and only refresh the page's place among equals);
 * - L is the least priority present, updated only when the bucket of priority L empties (by an
 *   eviction or a hit), to the least priority then present. A hit that empties it is counted
 *   before the hit page rejoins, so when the new least priority exceeds the page's new K, the
 *   page falls below L and is never chosen again until it is hit (libCacheSim only scans upward).
 *   Such pages are evicted here only if no other page is left — where libCacheSim dereferences
 *   an empty bucket and crashes.
 * libCacheSim finds the new least priority by probing every integer above L, which on real
 * traces (priorities grow by L per hit) does not finish in hours; the same choice is O(log k)
 * here. Because a hit adds L, priorities in this variant grow geometrically over a long run;
 * they are exact up to 2^53, and a run that passes it stops with an {@link InputError} rather
 * than round (on the shared traces: sprite at k = 100 and orm-busy at k = 1,000 and 10,000).
 *
 * Competitiveness: none — like LFU, LFU-DA is not competitive: a page hit F times keeps its
 * slot through about F evictions of others (UNVERIFIED as a published statement; no bound
 * for either variant is known to us).
 *
 * Cost per request: the paper's rule, O(1) amortized — its priorities are integers that never
 * fall below L (a priority is L + 1 or F + L) and L never decreases, so the pages sit in one
 * FIFO bucket per priority (`MonotoneBucketQueue`); finding the victim scans the buckets
 * from L up, which over a whole run costs O(misses + final L), and the final L is at most the
 * number of requests (L ≤ requests served − Σ F over resident pages, an invariant of the rule).
 * libCacheSim's rule: O(1) per hit on average and O(log k) per miss (lazy binary heap over
 * resident pages), as its priorities may grow geometrically.
 */
export class Lfuda implements Policy {
  /** The paper's rule: resident pages by (priority, order of taking it). */
  private queue!: MonotoneBucketQueue;
  private heap!: LazyMinHeap;
  /** Pages below the age (libCacheSim variant), kept by (K, order) for the last-resort eviction. */
  private below!: LazyMinHeap;
  private priority!: Float64Array;
  private frequency!: Float64Array;
  private cache!: CacheState;
  private age = 0;
  private order = 0;

  /**
   * @param k cache size
   * @param variant `paper` (default) or `libcachesim`, as above
   */
  constructor(
    readonly k: number,
    readonly variant: Variant = "paper",
  ) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    const cap = Math.min(this.k, ctx.universe);
    const paper = this.variant === "paper";
    this.queue = new MonotoneBucketQueue(paper ? ctx.universe : 0);
    this.heap = new LazyMinHeap(paper ? 0 : ctx.universe, paper ? 0 : cap);
    this.below = new LazyMinHeap(paper ? 0 : ctx.universe, paper ? 0 : cap);
    this.priority = new Float64Array(paper ? 0 : ctx.universe);
    this.frequency = paper ? new Float64Array(ctx.universe) : new Float64Array(0);
    this.age = 0;
    this.order = 0;
  }

  /** The cache age L (tests). */
  get cacheAge(): number {
    return this.age;
  }

  onHit(page: number): void {
    if (this.variant === "paper") {
      this.queue.remove(page);
      this.queue.add(page, ++this.frequency[page] + this.age);
      return;
    }
    const heap = this.heap;
    const old = this.priority[page];
    const key = old + this.age;
    if (this.below.has(page)) {
      this.below.remove(page);
    } else {
      heap.remove(page);
      // The age's bucket emptied: L moves to the least priority present without this page.
      if (old === this.age && heap.peek() !== -1 && heap.peekKey() !== old) this.age = heap.peekKey();
    }
    if (key < this.age) {
      this.priority[page] = key;
      this.below.push(page, key, this.order++);
    } else {
      this.enter(page, key);
    }
  }

  makeRoom(): void {
    if (this.variant === "paper") {
      const victim = this.queue.popMin();
      this.age = this.queue.floor;
      this.cache.evict(victim);
      return;
    }
    const heap = this.heap;
    let victim = heap.pop();
    if (victim === -1) victim = this.below.pop();
    const key = this.priority[victim];
    if (heap.peek() !== -1) this.age = heap.peekKey();
    else if (key > this.age) this.age = key;
    this.cache.evict(victim);
  }

  onInsert(page: number): void {
    if (this.variant === "paper") {
      this.frequency[page] = 1;
      this.queue.add(page, this.age + 1);
      return;
    }
    this.enter(page, this.age + 1);
  }

  private enter(page: number, key: number): void {
    if (key > Number.MAX_SAFE_INTEGER) {
      throw new InputError(
        `lfuda: a priority passed 2^53, beyond exact arithmetic (libCacheSim's rule adds the age on every hit, so priorities grow geometrically); use lfuda (the paper's rule) for this trace`,
      );
    }
    this.priority[page] = key;
    this.heap.push(page, key, this.order++);
  }
}

/** Registry entry of {@link Lfuda}. */
export const lfudaInfo: PolicyInfo = {
  name: "lfuda",
  family: "modern",
  summary: "LFU with dynamic aging (Arlitt et al. 2000; not competitive); the paper's rule by default, libCacheSim's as variant=libcachesim",
  offline: false,
  randomized: false,
  needs: [],
  params: {
    variant: "paper (default: a hit sets K = F + L) or libcachesim (a hit adds the age L to the priority; exact up to priorities of 2^53)",
  },
  create: (k, o) => new Lfuda(k, choiceParam("lfuda", o.params, "variant", "paper", VARIANTS)),
};
