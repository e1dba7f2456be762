import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo, PolicyOptions } from "../registry.ts";
import { IntList } from "../structures/int-list.ts";

/** Parameters of {@link S3Fifo}, with libCacheSim's defaults. */
export interface S3FifoParams {
  /** Small queue share of k (libCacheSim `fifo-size-ratio`, 0.1): S holds ⌊k·small⌋ pages. */
  readonly small: number;
  /** Ghost queue share of k (libCacheSim `ghost-size-ratio`, 0.9): G remembers ⌊k·ghost⌋ ids. */
  readonly ghost: number;
  /** Hits in S that move a page to M when it reaches S's tail (`move-to-main-threshold`, 2). */
  readonly threshold: number;
}

/** libCacheSim's defaults (`fifo-size-ratio=0.10,ghost-size-ratio=0.90,move-to-main-threshold=2`). */
export const S3FIFO_DEFAULTS: S3FifoParams = { small: 0.1, ghost: 0.9, threshold: 2 };

/**
 * S3-FIFO (Yang, Zhang, Qiu, Yue, Rashmi, "FIFO queues are all you need for cache eviction",
 * SOSP 2023): three FIFO queues — a small queue S (10% of k) that new pages enter, a main queue M
 * (the rest), and a ghost queue G of ids recently evicted from S. A hit only counts (freq + 1).
 * To make room: if M holds more than its share or S is empty, M's tail is reinserted at M's head
 * with freq ← min(freq, 3) − 1 while its freq is positive, else evicted; otherwise S's tail moves
 * to M if it was hit at least `threshold` times, else it is evicted and its id enters G (G drops
 * its oldest id when full). A fault on an id in G inserts the page into M instead of S.
 *
 * This is libCacheSim's `S3FIFO` step for step (the tests hold its miss counts on every shared
 * trace): S and M may overfill their shares (only the total is bounded), and a page moved from S
 * to M starts in M with freq 0. Departures from libCacheSim: with ⌊k·small⌋ ≤ 1 (k < 20 at the
 * default) libCacheSim admits nothing into S (its `obj_size >= fifo size` check), while here S is
 * given max(1, ⌊k·small⌋) pages so every fault inserts (demand paging); for k ≥ 20 the two agree.
 * Departures of libCacheSim from the paper's Algorithm 1 (UNVERIFIED, from our reading of the
 * paper; no paper variant is offered yet): the paper keeps a promoted page's freq and runs evictM
 * when M is full during a promotion, and caps freq at 3 on hits (libCacheSim caps at reinsertion,
 * which gives the same M order).
 *
 * Competitiveness: none known (the paper is empirical). O(1) amortized per request: each page
 * is reinserted into M at most 3 times per hit-free pass and moves S → M once per residence.
 */
export class S3Fifo implements Policy {
  private small!: IntList;
  private main!: IntList;
  private ghost!: IntList;
  private freq!: Int32Array;
  private cache!: CacheState;
  /** Capacity shares: S's share, M's share, G's size. */
  private readonly smallSize: number;
  private readonly mainSize: number;
  private readonly ghostSize: number;
  private readonly threshold: number;
  /** Saturation of freq (≥ threshold and ≥ 3, so no comparison changes). */
  private readonly freqCap: number;
  /** Page whose ghost lookup makeRoom already did (the fault being served), or -1. */
  private pending = -1;
  private pendingGhostHit = false;

  constructor(
    readonly k: number,
    params: S3FifoParams = S3FIFO_DEFAULTS,
  ) {
    // libCacheSim: (int64_t)cache_size * ratio, truncated — the same double product as here.
    this.smallSize = Math.max(1, Math.floor(k * params.small));
    this.mainSize = k - this.smallSize;
    this.ghostSize = Math.floor(k * params.ghost);
    this.threshold = params.threshold;
    this.freqCap = Math.max(3, params.threshold);
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.small = new IntList(ctx.universe);
    this.main = new IntList(ctx.universe);
    this.ghost = new IntList(ctx.universe);
    this.freq = new Int32Array(ctx.universe);
    this.pending = -1;
    this.pendingGhostHit = false;
  }

  onHit(page: number): void {
    const f = this.freq[page];
    if (f < this.freqCap) this.freq[page] = f + 1;
  }

  makeRoom(page: number): void {
    // libCacheSim looks the faulting id up in G (and drops it) before evicting, so the evictions
    // below cannot push it out of G first.
    this.pendingGhostHit = this.takeGhost(page);
    this.pending = page;
    const cache = this.cache;
    const target = cache.size - 1;
    while (cache.size > target) {
      if (this.main.size > this.mainSize || this.small.size === 0) this.evictMain();
      else this.evictSmall();
    }
  }

  onInsert(page: number): void {
    const ghostHit = this.pending === page ? this.pendingGhostHit : this.takeGhost(page);
    this.pending = -1;
    this.freq[page] = 0;
    if (ghostHit) this.main.pushBack(page);
    else this.small.pushBack(page);
  }

  private takeGhost(page: number): boolean {
    if (!this.ghost.has(page)) return false;
    this.ghost.remove(page);
    return true;
  }

  /** Move S's tail pages with enough hits to M until one is evicted (or S runs empty). */
  private evictSmall(): void {
    const small = this.small;
    const freq = this.freq;
    while (small.size > 0) {
      const t = small.popFront();
      if (freq[t] >= this.threshold) {
        freq[t] = 0;
        this.main.pushBack(t);
      } else {
        if (this.ghostSize > 0) {
          if (this.ghost.size >= this.ghostSize) this.ghost.popFront();
          this.ghost.pushBack(t);
        }
        this.cache.evict(t);
        return;
      }
    }
  }

  /** Reinsert M's tail pages with hits (one hit spent each time) until one without is evicted. */
  private evictMain(): void {
    const main = this.main;
    const freq = this.freq;
    while (main.size > 0) {
      const t = main.popFront();
      const f = freq[t];
      if (f >= 1) {
        freq[t] = (f < 3 ? f : 3) - 1;
        main.pushBack(t);
      } else {
        this.cache.evict(t);
        return;
      }
    }
  }
}

function ratio(name: string, key: string, value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0 && value < 1)) {
    throw new InputError(`${name}: ${key} must be a number in (0, 1), got '${value}'`);
  }
  return value;
}

/** Builds {@link S3Fifo} from registry options, checking each parameter. */
export function createS3Fifo(k: number, options: PolicyOptions): S3Fifo {
  const p = options.params ?? {};
  const threshold = p.threshold ?? S3FIFO_DEFAULTS.threshold;
  if (typeof threshold !== "number" || !Number.isSafeInteger(threshold) || threshold < 1 || threshold > 1_000_000) {
    throw new InputError(`s3-fifo: threshold must be an integer in [1, 1000000], got '${threshold}'`);
  }
  return new S3Fifo(k, {
    small: ratio("s3-fifo", "small", p.small, S3FIFO_DEFAULTS.small),
    ghost: ratio("s3-fifo", "ghost", p.ghost, S3FIFO_DEFAULTS.ghost),
    threshold,
  });
}

/** Registry entry of {@link S3Fifo}. */
export const s3FifoInfo: PolicyInfo = {
  name: "s3-fifo",
  aliases: ["s3fifo"],
  family: "modern",
  summary: "small/main/ghost FIFO queues, quick demotion of one-hit pages (Yang et al., SOSP'23); libCacheSim-exact",
  offline: false,
  randomized: false,
  needs: [],
  params: {
    small: "small queue share of k, in (0,1) (default 0.1; libCacheSim fifo-size-ratio)",
    ghost: "ghost queue size as a share of k, in (0,1) (default 0.9; libCacheSim ghost-size-ratio)",
    threshold: "hits in the small queue that move a page to main (default 2; libCacheSim move-to-main-threshold)",
  },
  create: createS3Fifo,
};
