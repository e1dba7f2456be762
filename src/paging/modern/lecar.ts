import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { remainder, Rng } from "../core/rng.ts";
import { RecencyFrequencyPages } from "../structures/recency-frequency-pages.ts";
import { numericParam } from "./param-check.ts";

/** Also the queues of {@link RecencyFrequencyPages}: 0 the cache, 1 and 2 the histories. */
const RESIDENT = 0;
const GHOST_LRU = 1;
const GHOST_LFU = 2;
/** Evicted when LRU and LFU chose the same page: remembered, in no history list. */
const GHOST_BOTH = 3;
const ABSENT = -1;
/** Rng.int(100)'s rejection bound, 2^32 − (2^32 mod 100), hoisted out of the miss path. */
const DRAW_LIMIT = 4294967296 - (4294967296 % 100);

/**
 * LeCaR (Vietri, Rodriguez, Martinez, Lyons, Liu, Rangaswami, Zhao & Narasimhan, "Driving
 * Cache Replacement with ML-based LeCaR", HotStorage 2018): two experts, LRU and LFU, each
 * propose a victim; the victim is drawn from them with probabilities (w_LRU, w_LFU). A page
 * evicted on one expert's advice enters that expert's history (each at most ⌊k/2⌋ pages, LRU
 * order); a fault on a page in expert E's history, t requests after its eviction, is E's
 * regret: w_E ← w_E·exp(−λ·d^t), then both are renormalised (regret minimisation by
 * multiplicative weights, with discount d = discount^{1/k}). λ = 0.45, discount 0.005 and
 * w = (½, ½) are the paper's and libCacheSim's (`LeCaR.c`, commit aa0fc40), whose rule this
 * follows: LFU counts requests since the page entered the cache (restarting at 1), ties → the
 * page that reached the lowest count first; a page both experts pick is evicted without a
 * history entry; the 1e−10 terms of libCacheSim's update are kept (normalised so that the weights
 * sum to 1). The draw is
 * ⌊100·u⌋/100 < w_LRU, as libCacheSim's `next_rand() % 100`, from the project's seeded
 * {@link Rng}, so a run is reproducible but not libCacheSim's own stream.
 *
 * Relation to the project's combiners (`src/paging/combiners`): LeCaR also combines two
 * policies online by weights, like `combine-rand` (Blum–Burch), but it is not one of them — its
 * experts are not run on shadow caches: they rank the *shared* cache, and an expert is charged
 * only through the history (a fault on a page it evicted), not by its own fault count. So the
 * experts' costs inside LeCaR are not their standalone costs, and the regret argument that gives
 * `combine-rand` its bound does not apply. No competitive bound is known for LeCaR (none is
 * claimed by the paper); its LFU expert keeps the in-cache count's failure mode (a page with a
 * high count outlives its use), so it is not expected to be competitive — UNVERIFIED: no
 * lower-bound witness is tested here.
 *
 * Invariant (tested): w_LRU + w_LFU = 1 and both stay in (0, 1) after every update. Memory
 * O(universe). O(1) per request, amortised: the cache's recency and frequency orders and the
 * two histories are linked lists over one record per page (`RecencyFrequencyPages`), the
 * non-empty frequencies linked in increasing order (a page enters at 1 and a hit moves it up
 * one); a miss adds one draw, and a fault on a history page one `Math.exp`.
 */
export class LeCar implements Policy {
  private pages!: RecencyFrequencyPages;
  private state!: Int8Array;
  private evictedAt!: Int32Array;
  private rng!: Rng;
  private cache!: CacheState;
  private wLru = 0.5;
  private wLfu = 0.5;
  /** Per-request discount d = discount^{1/k}. */
  readonly decay: number;
  /** Capacity of each history list, ⌊k/2⌋. */
  readonly historySize: number;

  /**
   * @param k cache size
   * @param seed seed of the expert draws
   * @param learningRate λ (0.45)
   * @param discount d^k, in (0, 1] (0.005)
   */
  constructor(
    readonly k: number,
    /** Seed of the expert draws; every `reset` restarts from it. */
    readonly seed: number,
    /** Learning rate λ. */
    readonly learningRate = 0.45,
    /** Discount over k requests. */
    readonly discount = 0.005,
  ) {
    this.decay = Math.pow(discount, 1 / k);
    this.historySize = Math.floor(k / 2);
  }

  /** Current weight of the LRU expert (probability of following its victim). */
  get lruWeight(): number {
    return this.wLru;
  }

  /** Current weight of the LFU expert. */
  get lfuWeight(): number {
    return this.wLfu;
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.pages = new RecencyFrequencyPages(ctx.universe, 3);
    this.state = new Int8Array(ctx.universe).fill(ABSENT);
    this.evictedAt = new Int32Array(ctx.universe);
    this.rng = new Rng(this.seed);
    this.wLru = 0.5;
    this.wLfu = 0.5;
  }

  onHit(page: number): void {
    this.pages.hit(page);
  }

  makeRoom(page: number, t: number): void {
    // libCacheSim consults the histories when it looks the page up, before evicting.
    this.learn(page, t);
    const pages = this.pages;
    const lruCandidate = pages.front(RESIDENT);
    const lfuCandidate = pages.leastFrequent();
    let victim: number;
    let expert: number;
    if (lruCandidate === lfuCandidate) {
      victim = lruCandidate;
      expert = GHOST_BOTH;
    } else if (this.drawPercent() / 100 < this.wLru) {
      victim = lruCandidate;
      expert = GHOST_LRU;
    } else {
      victim = lfuCandidate;
      expert = GHOST_LFU;
    }
    pages.evict(victim);
    this.cache.evict(victim);
    this.state[victim] = expert;
    this.evictedAt[victim] = t;
    if (expert !== GHOST_BOTH) {
      pages.pushBack(victim, expert);
      while (pages.length(expert) > this.historySize) this.state[pages.popFront(expert)] = ABSENT;
    }
  }

  onInsert(page: number, t: number): void {
    if (this.state[page] !== ABSENT) this.learn(page, t);
    this.state[page] = RESIDENT;
    this.pages.insert(page);
  }

  /** Exactly `rng.int(100)` — the same draws in the same order — without its general-n steps. */
  private drawPercent(): number {
    const rng = this.rng;
    let x = rng.nextU32();
    while (x >= DRAW_LIMIT) x = rng.nextU32();
    return remainder(x, 100);
  }

  /** A fault on `page`: if an expert's history holds it, that expert pays; forget the entry. */
  private learn(page: number, t: number): void {
    const s = this.state[page];
    if (s === ABSENT) return;
    if (s === GHOST_LRU || s === GHOST_LFU) {
      this.pages.remove(page);
      const regret = Math.exp(-this.learningRate * Math.pow(this.decay, t - this.evictedAt[page]));
      // libCacheSim's update, whose 1e-10 terms keep a weight from reaching 0; normalised by
      // the weights' own sum (libCacheSim's adds 1e-10 more, leaving w_LRU + w_LFU = 1 − 1e-10).
      if (s === GHOST_LRU) {
        const a = this.wLru * regret + 1e-10;
        const b = this.wLfu + 1e-10;
        this.wLru = a / (a + b);
        this.wLfu = b / (a + b);
      } else {
        const a = this.wLfu * regret + 1e-10;
        const b = this.wLru + 1e-10;
        this.wLfu = a / (a + b);
        this.wLru = b / (a + b);
      }
    }
    this.state[page] = ABSENT;
  }
}

/** Registry entry of {@link LeCar}. */
export const leCarInfo: PolicyInfo = {
  name: "lecar",
  family: "modern",
  summary:
    "LRU vs LFU victim drawn by weights learned from ghost-history regret, seeded (Vietri et al., HotStorage'18; as libCacheSim) [lr=0.45,discount=0.005]",
  offline: false,
  randomized: true,
  needs: [],
  params: {
    lr: "learning rate λ > 0 of the regret update w ← w·exp(−λ·d^t) (default 0.45)",
    discount: "regret discount over k requests, in (0, 1]: d = discount^(1/k) (default 0.005)",
  },
  create: (k, o) =>
    new LeCar(
      k,
      o.seed ?? 0,
      numericParam("lecar", o, "lr", 0.45, { min: 0, max: 1e6, minOpen: true }),
      numericParam("lecar", o, "discount", 0.005, { min: 0, max: 1, minOpen: true }),
    ),
};
