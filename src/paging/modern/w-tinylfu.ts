import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { CountMinSketch } from "./count-min-sketch.ts";
import { IntQueues } from "../structures/int-queues.ts";
import { numericParam } from "./param-check.ts";
import { InputError } from "../../errors.ts";

/** Most sketch positions kept (pages × d): 2^28, 1 GiB. */
const MAX_POSITIONS = 2 ** 28;

const WINDOW = 0;
const PROBATION = 1;
const PROTECTED = 2;

/**
 * W-TinyLFU (Einziger, Friedman & Manes, "TinyLFU: A Highly Efficient Cache Admission Policy",
 * ACM Transactions on Storage 13(4), 2017): a small LRU *window* admits every new page; a page
 * leaving the window enters the *main* cache — a segmented LRU (probation, protected) — only if
 * a frequency sketch estimates it more popular than main's victim. The rule is libCacheSim's
 * (`WTinyLFU.c`, main = `SLRU` with `seg-size=1:4`, commit aa0fc40), step for step:
 *
 * - window size w = ⌊k·window⌋ (at least 1 here; libCacheSim's is 0 below k = 100 and then
 *   caches nothing), main size M = k − w, probation ⌊M/5⌋ and protected ⌊4M/5⌋ pages; the window
 *   has no bound of its own — only the total k;
 * - a hit in main counts in the sketch (and every 32·M such hits halve it — the aging), a hit in
 *   the window does not; every fault counts the new page; main hits promote probation →
 *   protected, whose overflow falls back to probation's young end (SLRU);
 * - on a fault with a full cache: while the window holds pages, its LRU page v either moves to
 *   main (main not full), or duels main's victim m (probation's LRU page, else protected's):
 *   estimate(v) > estimate(m) evicts m and moves v to main, else v is evicted and the fault is
 *   served; each duel also counts v in the sketch. A won duel does not end the loop, so one
 *   fault may evict several pages (then later faults refill without evicting) — libCacheSim's
 *   behaviour, kept; the paper's version stops after one eviction. An empty window evicts m;
 * - ⌊M/5⌋ + ⌊4M/5⌋ = M − 1 unless 5 divides M, and the spare slot goes to probation, which is
 *   then one over its size; a promotion that cools protected into it makes libCacheSim's SLRU
 *   evict main's victim *during the hit* — done here too (`cache.now = t`, as LIRS does), so
 *   a later request to that page faults as it does there (except when that victim is the page
 *   requested, possible only for M ≤ 1: it stays);
 *
 * The sketch is libCacheSim's counting Bloom filter ({@link CountMinSketch}: M entries at error
 * 0.001, 10 counters a key, no doorkeeper — libCacheSim has none, although the paper's design
 * has one), with libCacheSim's own hashes (XXH64 of the 8-byte id under its two seeds), each
 * page's pair computed once per process and its positions once per run. So on a trace written with dense ids the run is
 * libCacheSim's, miss for miss: checked against `cachesim` on every shared trace at two sizes
 * (test/paging/modern/libcachesim-goldens.ts). No competitive bound is known; like LFU, a page
 * can hold its slot on past popularity. Memory O(universe + M); per request O(1) plus 10 counter
 * updates per sketch operation (and an amortised 14.4/32 counter halvings per main hit).
 */
export class WTinyLfu implements Policy {
  /** Window capacity w. */
  readonly windowSize: number;
  /** Main (SLRU) capacity M = k − w. */
  readonly mainSize: number;
  private readonly probationSize: number;
  private readonly protectedSize: number;
  private lists!: IntQueues;
  private sketch!: CountMinSketch;
  private mainHits = 0;
  /** Each page's sketch positions, at stride·page ({@link CountMinSketch.place}). */
  private positions!: Int32Array;
  private stride = 0;
  private agingPeriod = 0;
  private cache!: CacheState;

  /**
   * @param k cache size
   * @param window window fraction of k, in (0, 1) (libCacheSim: 0.01)
   * @param protectedShare share of main held by the protected segment, in [0, 1] (0.8)
   * @param error sketch false-positive rate (0.001)
   * @param sample aging period in main hits per main page (32)
   */
  constructor(
    readonly k: number,
    /** Window fraction of k. */
    readonly window = 0.01,
    /** Protected share of main. */
    readonly protectedShare = 0.8,
    /** Sketch false-positive rate. */
    readonly error = 0.001,
    /** Aging period, in main hits per main page. */
    readonly sample = 32,
  ) {
    this.windowSize = Math.max(1, Math.floor(k * window));
    this.mainSize = k - this.windowSize;
    // As libCacheSim sizes the segments: ⌊share·M⌋ each (1:4 → exactly M/5 and 4M/5 in floating point).
    const probationShare = Math.round((1 - protectedShare) * 1e9) / 1e9;
    this.probationSize = Math.floor(probationShare * this.mainSize);
    this.protectedSize = Math.floor(protectedShare * this.mainSize);
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.lists = new IntQueues(ctx.universe, 3);
    // Eviction needs k resident pages, so the sketch only matters when M < universe: sizing it
    // for min(M, universe) keys keeps the memory bounded by the trace, results unchanged.
    this.sketch = new CountMinSketch(Math.max(1, Math.min(this.mainSize, ctx.universe)), this.error);
    this.agingPeriod = this.sample * this.mainSize;
    this.mainHits = 0;
    const universe = ctx.universe;
    const depth = this.sketch.depth;
    const stride = (this.stride = this.sketch.stride);
    if (depth * universe > MAX_POSITIONS) {
      throw new InputError(`w-tinylfu: ${universe} pages × ${depth} sketch positions exceed ${MAX_POSITIONS} (raise error= to use fewer positions)`);
    }
    const positions = (this.positions = new Int32Array(stride * universe));
    this.sketch.placeDense(universe, positions);
  }

  onHit(page: number, t: number): void {
    const lists = this.lists;
    const list = lists.queueOf(page);
    if (list === WINDOW) {
      lists.moveToBack(page, WINDOW);
      return;
    }
    if (list === PROTECTED) {
      lists.moveToBack(page, PROTECTED);
    } else {
      lists.moveToBack(page, PROTECTED);
      while (lists.length(PROTECTED) > this.protectedSize) {
        lists.moveToBack(lists.front(PROTECTED), PROBATION);
        // libCacheSim's SLRU evicts on this hit when the cooled page overfills probation. With
        // no protected slot (M ≤ 1, k ≤ 2) that victim is the page being requested; it stays
        // here (demand paging serves the request), probation one over.
        while (lists.length(PROBATION) > this.probationSize) {
          const m = this.mainVictim();
          if (m === page) break;
          lists.remove(m);
          this.cache.now = t;
          this.cache.evict(m);
        }
      }
    }
    this.sketch.addAt(this.positions, this.stride * page);
    if (++this.mainHits >= this.agingPeriod) {
      this.mainHits = 0;
      this.sketch.halve();
    }
  }

  makeRoom(): void {
    const lists = this.lists;
    const cache = this.cache;
    const sketch = this.sketch;
    const positions = this.positions;
    const stride = this.stride;
    for (;;) {
      const v = lists.front(WINDOW);
      if (v === -1) {
        cache.evict(this.evictMain());
        return;
      }
      const mainCount = lists.length(PROBATION) + lists.length(PROTECTED);
      if (mainCount + 1 <= this.mainSize) {
        lists.remove(v);
        this.admit(v);
        sketch.addAt(positions, stride * v);
        continue;
      }
      const m = mainCount === 0 ? -1 : this.mainVictim();
      if (m !== -1 && sketch.exceedsAt(positions, stride * v, sketch.estimateAt(positions, stride * m))) {
        lists.remove(m);
        cache.evict(m);
        lists.remove(v);
        this.admit(v);
        sketch.addAt(positions, stride * v);
        continue;
      }
      lists.remove(v);
      cache.evict(v);
      sketch.addAt(positions, stride * v);
      return;
    }
  }

  onInsert(page: number): void {
    this.lists.pushBack(page, WINDOW);
    this.sketch.addAt(this.positions, this.stride * page);
  }

  /** SLRU insertion: the first segment with room (probation, then protected), else probation. */
  private admit(v: number): void {
    const lists = this.lists;
    if (lists.length(PROBATION) + 1 <= this.probationSize) lists.pushBack(v, PROBATION);
    else if (lists.length(PROTECTED) + 1 <= this.protectedSize) lists.pushBack(v, PROTECTED);
    else lists.pushBack(v, PROBATION);
  }

  private mainVictim(): number {
    const p = this.lists.front(PROBATION);
    return p !== -1 ? p : this.lists.front(PROTECTED);
  }

  private evictMain(): number {
    const m = this.mainVictim();
    this.lists.remove(m);
    return m;
  }
}

/** Registry entry of {@link WTinyLfu}. */
export const wTinyLfuInfo: PolicyInfo = {
  name: "w-tinylfu",
  family: "modern",
  summary:
    "LRU window + SLRU main, admission by a count-min sketch (Einziger et al., TOS'17; as libCacheSim) [window=0.01,protected=0.8,error=0.001,sample=32]",
  offline: false,
  randomized: false,
  needs: [],
  params: {
    window: "window share of k, in (0, 1) (default 0.01; the window holds at least one page)",
    protected: "protected segment's share of main, in [0, 1] (default 0.8: SLRU 1:4)",
    error: "sketch false-positive rate, in (0, 1): 10 counters a key at 0.001 (default 0.001)",
    sample: "aging: halve the sketch every sample·M main hits (default 32)",
  },
  create: (k, o) =>
    new WTinyLfu(
      k,
      numericParam("w-tinylfu", o, "window", 0.01, { min: 0, max: 1, minOpen: true, maxOpen: true }),
      numericParam("w-tinylfu", o, "protected", 0.8, { min: 0, max: 1 }),
      numericParam("w-tinylfu", o, "error", 0.001, { min: 0, max: 1, minOpen: true, maxOpen: true }),
      numericParam("w-tinylfu", o, "sample", 32, { min: 1, max: 2 ** 20 }),
    ),
};
