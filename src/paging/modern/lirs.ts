import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo, PolicyOptions } from "../registry.ts";
import { IntList } from "../structures/int-list.ts";
import { OnePage } from "./one-page.ts";

/** Parameters of {@link Lirs}. */
export interface LirsParams {
  /** HIR share of k (libCacheSim's fixed `hirs_ratio`, 0.01): Q holds max(1, ⌊k·hir⌋) pages. */
  readonly hir: number;
  /** Most entries of the stack S, as a multiple of k (libCacheSim: 2); 0 = unbounded (paper). */
  readonly stack: number;
  /**
   * `libcachesim` (default): a hit on a resident HIR page that is not in S demotes S's bottom LIR
   * page when the LIR set is full, as libCacheSim does (an eviction on a hit when Q is full).
   * `paper`: no demotion there (Jiang & Zhang's rule); evictions happen on faults only.
   */
  readonly variant: "libcachesim" | "paper";
}

/** libCacheSim's LIRS: 1% HIR, S bounded at 2k entries, its demotion on HIR-in-Q hits. */
export const LIRS_DEFAULTS: LirsParams = { hir: 0.01, stack: 2, variant: "libcachesim" };

/**
 * LIRS, Low Inter-reference Recency Set (Jiang & Zhang, SIGMETRICS 2002). Pages with a small
 * inter-reference recency are LIR and stay resident (k − h of them); the other resident pages
 * are HIR and sit in a small LRU queue Q of h = max(1, ⌊k·hir⌋) pages, which supplies every
 * victim. A recency stack S holds LIR pages and recently seen HIR pages (resident or not), its
 * bottom always pruned to an LIR page; an HIR page hit while in S has a smaller reuse distance
 * than S's bottom LIR page and the two swap status.
 *
 * Default: libCacheSim's `LIRS` step for step — same stacks, same order of demotions, S bounded
 * at 2k entries by dropping the oldest non-resident HIR entries — so miss counts are identical
 * with unit sizes whenever h ≥ 2 (k ≥ 200 at the default 1%); the tests hold the goldens.
 * libCacheSim departs from the paper in one rule: a hit on a resident HIR page that is not in S
 * also demotes S's bottom LIR page to Q when the LIR set is full, so a hit can evict Q's oldest
 * page (here through `cache.evict` during `onHit`; {@link Stepper} reports it) and the next fault
 * then fills the free frame without evicting. `variant=paper` drops that demotion. Where
 * libCacheSim cannot be matched: with h = 1 that demotion evicts the hit page itself from Q yet
 * libCacheSim keeps answering hits for it, holding k + 1 pages; here the demotion is skipped
 * when h = 1 (k ≤ 199 at the default), so counts there may differ. At k = 1 libCacheSim caches
 * nothing (no LIR frame); here k = 1 evicts the one page on each fault.
 *
 * Competitiveness: none known for LIRS itself (the paper is empirical). O(1) amortized per
 * request: pruning removes each stack entry at most once per insertion.
 */
export class Lirs implements Policy {
  /** The recency stack S: front = bottom (oldest), back = top. */
  private stack!: IntList;
  /** Resident HIR pages, LRU order: front = next victim. */
  private queue!: IntList;
  /** Non-resident HIR pages still in S, in the order they left the cache. */
  private nonResident!: IntList;
  /** For pages in S: 1 if LIR. */
  private lir!: Uint8Array;
  /** For pages in S: 1 if resident. */
  private inCache!: Uint8Array;
  private lirCount = 0;
  private hirCount = 0;
  private readonly lirLimit: number;
  private readonly hirLimit: number;
  private readonly stackLimit: number;
  private readonly demoteOnQueueHit: boolean;
  private cache!: CacheState;
  /** Page whose miss preparation makeRoom already did, or -1. */
  private pending = -1;

  constructor(
    readonly k: number,
    params: LirsParams = LIRS_DEFAULTS,
  ) {
    if (k < 2) throw new Error("Lirs needs k ≥ 2 (use OnePage for k = 1)");
    this.hirLimit = Math.min(k - 1, Math.max(1, Math.floor(params.hir * k)));
    this.lirLimit = k - this.hirLimit;
    this.stackLimit = params.stack === 0 ? Infinity : params.stack * k;
    // With h = 1 the demotion would push the hit page out of Q (see the class comment).
    this.demoteOnQueueHit = params.variant === "libcachesim" && this.hirLimit > 1;
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.stack = new IntList(ctx.universe);
    this.queue = new IntList(ctx.universe);
    this.nonResident = new IntList(ctx.universe);
    this.lir = new Uint8Array(ctx.universe);
    this.inCache = new Uint8Array(ctx.universe);
    this.lirCount = 0;
    this.hirCount = 0;
    this.pending = -1;
  }

  onHit(page: number, t: number): void {
    const stack = this.stack;
    const inStack = stack.has(page);
    if (inStack) stack.moveToBack(page);
    if (inStack && this.lir[page] === 1) {
      // LIR pages are never in Q: the common hit touches S alone.
      this.prune();
      this.limitStack();
      return;
    }
    const queue = this.queue;
    const inQueue = queue.has(page);
    if (inQueue) queue.moveToBack(page);
    if (inStack) {
      // Resident HIR page in S: it becomes LIR.
      this.cache.now = t;
      if (inQueue) {
        queue.remove(page);
        this.hirCount--;
      }
      while (this.lirCount + 1 > this.lirLimit) this.demoteLir();
      this.lir[page] = 1;
      this.lirCount++;
    } else {
      // Resident HIR page not in S: it stays HIR and re-enters S at the top.
      this.cache.now = t;
      if (this.demoteOnQueueHit) while (this.lirCount + 1 > this.lirLimit) this.demoteLir();
      stack.pushBack(page);
      this.lir[page] = 0;
      this.inCache[page] = 1;
    }
    this.limitStack();
  }

  makeRoom(page: number): void {
    this.prepareMiss(page);
    this.pending = page;
    const cache = this.cache;
    while (cache.size >= this.k) {
      const before = cache.size;
      if (this.stack.has(page)) {
        while (this.hirCount >= this.hirLimit) this.evictHir();
        this.demoteLir();
      } else if (this.lirCount + 1 > this.lirLimit && this.hirCount + 1 > this.hirLimit) {
        this.evictHir();
      }
      if (cache.size === before) throw new Error(`lirs: no room made for page ${page} (policy bug)`);
    }
  }

  onInsert(page: number): void {
    if (this.pending !== page) this.prepareMiss(page);
    this.pending = -1;
    if (this.stack.has(page)) {
      // A non-resident HIR page still in S: its reuse distance beats S's bottom — it becomes LIR.
      this.lir[page] = 1;
      this.inCache[page] = 1;
      this.lirCount++;
    } else if (this.lirCount + 1 <= this.lirLimit) {
      this.stack.pushBack(page);
      this.lir[page] = 1;
      this.inCache[page] = 1;
      this.lirCount++;
    } else {
      this.stack.pushBack(page);
      this.lir[page] = 0;
      this.inCache[page] = 1;
      this.queue.pushBack(page);
      this.hirCount++;
    }
    this.limitStack();
  }

  /** libCacheSim's find + can_insert on a miss: move p to S's top, make LIR or HIR room. */
  private prepareMiss(page: number): void {
    if (this.stack.has(page)) {
      this.stack.moveToBack(page);
      while (this.lirCount + 1 > this.lirLimit) this.demoteLir();
      if (this.nonResident.has(page)) this.nonResident.remove(page);
    } else if (this.lirCount + 1 > this.lirLimit && this.hirCount + 1 > this.hirLimit) {
      while (this.hirCount + 1 > this.hirLimit) this.evictHir();
    }
  }

  /** S's bottom (an LIR page) becomes a resident HIR page at Q's end; then prune S. */
  private demoteLir(): void {
    const y = this.stack.popFront();
    if (y === -1 || this.lir[y] !== 1) throw new Error(`lirs: stack bottom ${y} is not LIR (policy bug)`);
    this.lir[y] = 0;
    this.lirCount--;
    while (this.hirCount + 1 > this.hirLimit) this.evictHir();
    this.queue.pushBack(y);
    this.hirCount++;
    this.prune();
  }

  /** Evict Q's oldest page; if it is still in S it stays there as a non-resident HIR entry. */
  private evictHir(): void {
    const z = this.queue.popFront();
    this.hirCount--;
    if (this.stack.has(z)) {
      this.inCache[z] = 0;
      this.nonResident.pushBack(z);
    }
    this.cache.evict(z);
  }

  /** Drop HIR entries from S's bottom until an LIR page is there (or one entry is left). */
  private prune(): void {
    const stack = this.stack;
    let bottom = stack.front();
    while (bottom !== stack.back()) {
      if (this.lir[bottom] === 1) break;
      if (this.inCache[bottom] === 0 && this.nonResident.has(bottom)) this.nonResident.remove(bottom);
      stack.remove(bottom);
      bottom = stack.front();
    }
  }

  /** Keep S within its bound by forgetting the oldest non-resident HIR entries. */
  private limitStack(): void {
    while (this.stack.size > this.stackLimit) {
      const v = this.nonResident.popFront();
      if (v === -1) break;
      this.stack.remove(v);
    }
  }
}

/** Builds {@link Lirs} (or {@link OnePage} at k = 1) from registry options. */
export function createLirs(k: number, options: PolicyOptions): Policy {
  const p = options.params ?? {};
  const hir = p.hir ?? LIRS_DEFAULTS.hir;
  if (typeof hir !== "number" || !(hir > 0 && hir <= 0.5)) throw new InputError(`lirs: hir must be a number in (0, 0.5], got '${hir}'`);
  const stack = p.stack ?? LIRS_DEFAULTS.stack;
  if (typeof stack !== "number" || !(stack === 0 || (stack >= 1 && stack <= 1000))) {
    throw new InputError(`lirs: stack must be 0 (unbounded) or a number in [1, 1000], got '${stack}'`);
  }
  const variant = p.variant ?? LIRS_DEFAULTS.variant;
  if (variant !== "libcachesim" && variant !== "paper") throw new InputError(`lirs: variant must be libcachesim or paper, got '${variant}'`);
  return k === 1 ? new OnePage() : new Lirs(k, { hir, stack, variant });
}

/** Registry entry of {@link Lirs}. */
export const lirsInfo: PolicyInfo = {
  name: "lirs",
  family: "modern",
  summary: "LIR/HIR sets by inter-reference recency, 1% HIR queue (Jiang & Zhang, SIGMETRICS'02); libCacheSim-exact for k ≥ 200",
  offline: false,
  randomized: false,
  needs: [],
  params: {
    hir: "HIR queue share of k, in (0,0.5] (default 0.01, libCacheSim's fixed ratio)",
    stack: "stack S bound as a multiple of k, 0 = unbounded (default 2, as libCacheSim)",
    variant: "libcachesim (default: demote an LIR page on a hit to an HIR page outside S) or paper",
  },
  create: createLirs,
};
