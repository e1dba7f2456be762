import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { MmixLcg } from "./mmix-lcg.ts";
import { FrequencyBuckets } from "./frequency-buckets.ts";
import { IntQueues } from "../structures/int-queues.ts";
import { numericParam } from "./param-check.ts";
import { InputError } from "../../errors.ts";

// SR-LRU's lists (one IntQueues): scan-resistant new pages, reused pages, and its history.
const SR = 0;
const R = 1;
const H = 2;
// Cacheus' expert histories (a second IntQueues: a page can be in H and in one of these).
const GHOST_LRU = 0;
const GHOST_LFU = 1;

/**
 * Cacheus (Rodriguez, Yusuf, Lyons, Paz, Rangaswami, Liu, Zhao & Narasimhan, "Learning Cache
 * Replacement with CACHEUS", USENIX FAST 2021): LeCaR's regret-weighted choice between two
 * experts, here SR-LRU (scan-resistant LRU) and CR-LFU (churn-resistant LFU: ties → the most
 * recent), with a learning rate that adapts by gradient steps on the hit rate every k requests.
 * The rule is libCacheSim's (`Cacheus.c`, `SR_LRU.c`, `CR_LFU.c`, commit aa0fc40) as it runs:
 *
 * - SR-LRU: new pages enter SR, pages hit in SR or returning from H enter R (at most ⌊k/2⌋
 *   pages; overflow is demoted to SR's young end); the victim is SR's LRU page, else R's. H
 *   (LRU, < k pages) remembers every page that leaves the cache. The paper adapts the SR/R
 *   split; in libCacheSim that adaptation reads flags of freshly created (zeroed) objects and
 *   never fires, so there the split stays ½/½ and SR is capped at ⌊k/2⌋ *even while R leaves
 *   slots free*: a page entering a full SR evicts SR's LRU page (to H, consulting no expert)
 *   with the cache not full. That wastes up to half the cache — measured on the LIRS traces:
 *   cs at k = 800, miss ratio 0.98 with the fixed split against 0.57 without (the engine
 *   property "k ≥ distinct pages ⇒ one fault per page" fails: σ = 0 1 0, k = 3 faults 3 times).
 *   So by default SR may use every slot R does not (the paper's SR + R = k; no eviction while
 *   the cache has room); `split=fixed` reproduces libCacheSim's rule, and that form is the one
 *   checked within 2 % of libCacheSim;
 * - CR-LFU: frequency since entry, or (frequency when it left) + 1 if H still holds the page;
 *   victim = the latest arrival at the lowest frequency;
 * - on a full cache the victim is SR-LRU's with probability w_LRU (⌊100u⌋/100 < w_LRU), else
 *   CR-LFU's; a page both pick goes to neither history; otherwise it enters the chooser's
 *   history (⌊k/2⌋ pages each, LRU). A fault on a page in expert E's history multiplies w_E by
 *   e^{−λ} and renormalises (no discount, unlike LeCaR);
 * - λ starts at 0.001 + (next_rand() mod 1000)/1000 and every k requests steps by ±λ·|Δλ|
 *   following the sign of Δ(hit rate)/Δλ, floored at 0.0001 below 0.001. libCacheSim computes
 *   the hit rate by integer division (hits ÷ k, so 0 unless every request of the interval hit)
 *   — kept for parity; so is its restart of λ, reachable only after a rising non-zero hit rate.
 *
 * Relation to the project's combiners (`src/paging/combiners`): like LeCaR (see {@link LeCar}),
 * an online-learning mix of two experts that rank one shared cache; the experts are charged
 * through their histories, not by their own fault counts on shadow caches as `combine-det` /
 * `combine-rand` do, so no combiner bound carries over. No competitive bound is known for
 * Cacheus (the paper claims none); CR-LFU's counts survive eviction through H, so pinning by
 * past frequency is possible and it is not expected to be competitive — UNVERIFIED: no
 * lower-bound witness is tested here.
 *
 * Randomness is libCacheSim's own: every draw is `next_rand() % m` of its MMIX generator
 * (`MmixLcg`, modern/mmix-lcg.ts) started at `seed` (libCacheSim: `set_rand_seed`), in the same order (λ, then
 * one expert draw per eviction, then λ's restarts). So `cacheus[split=fixed]` with seed s misses
 * exactly as libCacheSim's Cacheus seeded with s — checked on every shared trace at two sizes
 * for seeds 0, 1, 2 (test/paging/modern/cacheus-goldens.ts pins seed 0). (`cachesim` itself
 * draws λ from state 0 and then reseeds from the clock, so its single runs scatter: gli k = 800
 * gives 0.724 … 0.802 over seeds.)
 *
 * Invariant (tested): w_LRU + w_LFU = 1, both in [0, 1]. Memory O(universe); O(1) per request
 * amortised, plus an O(1) learning-rate step every k requests.
 */
export class Cacheus implements Policy {
  /** SR and R capacity, ⌊k/2⌋ (at least 1). */
  readonly segmentSize: number;
  /** Capacity of each expert history, ⌊k/2⌋. */
  readonly historySize: number;
  private lists!: IntQueues;
  private ghosts!: IntQueues;
  private lfu!: FrequencyBuckets;
  /** Frequency a page had when it left the cache (valid while H holds it). */
  private leftWith!: Int32Array;
  private rng!: MmixLcg;
  private cache!: CacheState;
  private wLru = 0.5;
  private wLfu = 0.5;
  private lr = 0;
  private lrPrevious = 0;
  private hitRatePrevious = 0;
  private unlearnCount = 0;
  private hits = 0;

  /**
   * @param k cache size
   * @param seed initial state of libCacheSim's generator: λ, the expert draws and λ's restarts
   * @param historyFactor expert-history size as a multiple of k/2 (libCacheSim: 1)
   * @param fixedSplit libCacheSim's fixed ½/½ split (see the class comment)
   */
  constructor(
    readonly k: number,
    /** Seed; every `reset` restarts from it. */
    readonly seed: number,
    /** Expert-history size over k/2. */
    readonly historyFactor = 1,
    /**
     * SR capped at ⌊k/2⌋ even while the cache has room (libCacheSim), instead of SR using every
     * slot R does not (the default).
     */
    readonly fixedSplit = false,
  ) {
    this.segmentSize = Math.max(1, Math.floor(k / 2));
    this.historySize = Math.floor((k / 2) * historyFactor);
  }

  /** Current weight of the SR-LRU expert. */
  get lruWeight(): number {
    return this.wLru;
  }

  /** Current weight of the CR-LFU expert. */
  get lfuWeight(): number {
    return this.wLfu;
  }

  /** Current learning rate λ. */
  get learningRate(): number {
    return this.lr;
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.lists = new IntQueues(ctx.universe, 3);
    this.ghosts = new IntQueues(ctx.universe, 2);
    this.lfu = new FrequencyBuckets(ctx.universe);
    this.leftWith = new Int32Array(ctx.universe);
    this.rng = new MmixLcg(this.seed);
    this.wLru = 0.5;
    this.wLfu = 0.5;
    this.lr = 0.001 + this.rng.nextMod(1000) / 1000;
    this.lrPrevious = 0;
    this.hitRatePrevious = 0;
    this.unlearnCount = 0;
    this.hits = 0;
  }

  onHit(page: number, t: number): void {
    const lists = this.lists;
    if (lists.queueOf(page) === R) {
      lists.moveToBack(page, R);
    } else {
      lists.moveToBack(page, R);
      while (lists.length(R) > this.segmentSize) lists.moveToBack(lists.front(R), SR);
    }
    this.lfu.increment(page);
    this.hits++;
    if ((t + 1) % this.k === 0) this.adaptLearningRate();
  }

  makeRoom(page: number): void {
    this.learn(page);
    const lists = this.lists;
    const srFront = lists.front(SR);
    const lruCandidate = srFront !== -1 ? srFront : lists.front(R);
    const lfuCandidate = this.lfu.lastOfLowest();
    const followLru = this.rng.nextMod(100) / 100 < this.wLru;
    if (lruCandidate === lfuCandidate) {
      this.leave(lruCandidate);
    } else if (followLru) {
      this.leave(lruCandidate);
      this.remember(lruCandidate, GHOST_LRU);
    } else {
      this.leave(lfuCandidate);
      this.remember(lfuCandidate, GHOST_LFU);
    }
  }

  onInsert(page: number, t: number): void {
    const lists = this.lists;
    if (this.ghosts.queueOf(page) !== -1) this.learn(page);
    const returning = lists.queueOf(page) === H;
    this.lfu.add(page, returning ? this.leftWith[page] + 1 : 1);
    if (returning) {
      lists.remove(page);
      while (lists.length(R) + 1 > this.segmentSize) lists.moveToBack(lists.front(R), SR);
      lists.pushBack(page, R);
    } else {
      lists.pushBack(page, SR);
    }
    if (this.fixedSplit && lists.length(SR) > this.segmentSize) {
      // SR overflows even below k pages: its LRU pages leave the cache at this fault.
      this.cache.now = t;
      while (lists.length(SR) > this.segmentSize) this.leave(lists.front(SR));
    }
    this.trimHistory();
    if ((t + 1) % this.k === 0) this.adaptLearningRate();
  }

  /** Page p leaves the cache: into H with its frequency, out of CR-LFU, evicted. */
  private leave(p: number): void {
    this.leftWith[p] = this.lfu.frequencyOf(p);
    this.lfu.remove(p);
    this.lists.moveToBack(p, H);
    this.trimHistory();
    this.cache.evict(p);
  }

  private trimHistory(): void {
    const lists = this.lists;
    while (lists.length(H) >= this.k) lists.popFront(H);
  }

  private remember(p: number, ghost: number): void {
    if (this.historySize === 0) return;
    const ghosts = this.ghosts;
    if (ghosts.length(ghost) >= this.historySize) ghosts.popFront(ghost);
    ghosts.pushBack(p, ghost);
  }

  /** A fault on `page`: the expert whose history holds it pays e^{−λ}; forget the entry. */
  private learn(page: number): void {
    const ghost = this.ghosts.queueOf(page);
    if (ghost === -1) return;
    if (ghost === GHOST_LRU) this.wLru *= Math.exp(-this.lr);
    else this.wLfu *= Math.exp(-this.lr);
    this.wLru = this.wLru / (this.wLru + this.wLfu);
    this.wLfu = 1 - this.wLru;
    this.ghosts.remove(page);
  }

  private adaptLearningRate(): void {
    // libCacheSim: hits / update_interval in integer arithmetic.
    const hitRate = Math.floor(this.hits / this.k);
    const deltaHitRate = hitRate - this.hitRatePrevious;
    const deltaLr = this.lr - this.lrPrevious;
    this.lrPrevious = this.lr;
    this.hitRatePrevious = hitRate;
    if (deltaLr !== 0) {
      const sign = deltaHitRate / deltaLr > 0 ? 1 : -1;
      const next = this.lr + sign * Math.abs(this.lr * deltaLr);
      this.lr = next > 0.001 ? next : 0.0001;
      this.unlearnCount = 0;
    } else if (hitRate === 0 || deltaHitRate <= 0) {
      this.unlearnCount++;
    } else if (this.unlearnCount >= 10) {
      this.unlearnCount = 0;
      this.lr = 0.001 + this.rng.nextMod(1000) / 1000;
    }
    this.hits = 0;
  }
}

/** Registry entry of {@link Cacheus}. */
export const cacheusInfo: PolicyInfo = {
  name: "cacheus",
  family: "modern",
  summary:
    "SR-LRU vs CR-LFU victim drawn by regret-learned weights, adaptive learning rate, seeded (Rodriguez et al., FAST'21; libCacheSim's with split=fixed) [history=1,split=shared]",
  offline: false,
  randomized: true,
  needs: [],
  params: {
    history: "each expert history holds history·k/2 pages (default 1, libCacheSim's ghost_list_factor)",
    split: "shared (default: SR uses every slot R leaves free) or fixed (libCacheSim: SR ≤ k/2 even with free slots)",
  },
  create: (k, o) =>
    new Cacheus(k, o.seed ?? 0, numericParam("cacheus", o, "history", 1, { min: 0, max: 64 }), splitParam(o.params?.split)),
};

function splitParam(value: number | string | undefined): boolean {
  if (value === undefined || value === "shared") return false;
  if (value === "fixed") return true;
  throw new InputError(`cacheus: split must be 'shared' or 'fixed', got '${String(value)}'`);
}
