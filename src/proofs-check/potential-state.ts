import type { Policy } from "../paging/core/policy.ts";
import { kPhases } from "../paging/analysis/phases.ts";

/**
 * A read-only view of one cache at one moment of a run. Views are built by the potential
 * checker and handed to a potential function; they never change after they are made (except
 * {@link AlgView.policy}, the live policy instance — see there).
 */
export interface CacheView {
  /** Cache size k. */
  readonly k: number;
  /** Number of resident pages (≤ k). */
  readonly size: number;
  /** Whether `page` is resident. */
  has(page: number): boolean;
  /** The resident pages in increasing id order. */
  pages(): readonly number[];
}

/**
 * ALG's cache with the order state that potential arguments use, tracked by the checker from
 * the run itself (so any policy can be checked without exposing its internals):
 * - {@link recencyRank}: 1 = the least recently *requested* resident page, … , `size` = the
 *   most recently requested one — LRU's stack order, whatever ALG is;
 * - {@link loadRank}: 1 = the resident page loaded earliest, … , `size` = the latest loaded —
 *   FIFO's queue order.
 * Both are 0 for a page that is not resident.
 */
export interface AlgView extends CacheView {
  /** Rank of `page` by its last request among the resident pages (1 = oldest); 0 if not resident. */
  recencyRank(page: number): number;
  /** Rank of `page` by the time it was last loaded among the resident pages (1 = oldest); 0 if not resident. */
  loadRank(page: number): number;
  /**
   * The live policy instance, for arguments that need a policy's own state (cast it to the
   * policy's class). It reflects exactly this view's moment while the potential is being
   * evaluated — the checker evaluates every state of a time before serving the next request —
   * and must not be modified.
   */
  readonly policy: Policy;
}

/** What a potential function is evaluated on: both caches after `time` requests, and σ so far. */
export interface PotentialState {
  /** Requests served so far (0 = both caches empty). */
  readonly time: number;
  /** Pages are dense ids in `[0, universe)`. */
  readonly universe: number;
  /** The online algorithm's cache. */
  readonly alg: AlgView;
  /** The offline algorithm's cache (Belady's, or one state of one of the schedules checked). */
  readonly opt: CacheView;
  /** Time (0-based) of the last request to `page` among the first `time` requests; −1 if none. */
  lastRequest(page: number): number;
  /**
   * Whether `page` is requested in the current k-phase of σ (the phase of request `time − 1`;
   * phases as in `kPhases`) — the marks of every marking algorithm with a full cache.
   */
  marked(page: number): boolean;
}

/** A cache view over a sorted list of pages. */
export class SortedCacheView implements CacheView {
  constructor(
    readonly k: number,
    /** Resident pages, increasing. */
    protected readonly list: Int32Array,
  ) {}

  get size(): number {
    return this.list.length;
  }

  has(page: number): boolean {
    return this.indexOf(page) >= 0;
  }

  pages(): readonly number[] {
    return Array.from(this.list);
  }

  protected indexOf(page: number): number {
    let lo = 0;
    let hi = this.list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.list[mid];
      if (v === page) return mid;
      if (v < page) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** A cache view over a bitmask of at most 30 pages (the exhaustive offline states). */
export class MaskCacheView implements CacheView {
  constructor(
    readonly k: number,
    readonly mask: number,
  ) {}

  get size(): number {
    let m = this.mask;
    let c = 0;
    while (m !== 0) {
      m &= m - 1;
      c++;
    }
    return c;
  }

  has(page: number): boolean {
    return page >= 0 && page < 31 && ((this.mask >>> page) & 1) === 1;
  }

  pages(): readonly number[] {
    const out: number[] = [];
    for (let m = this.mask, p = 0; m !== 0; m >>>= 1, p++) if ((m & 1) === 1) out.push(p);
    return out;
  }
}

/** ALG's cache at one moment: pages with their last-request and load times. */
export class AlgSnapshot extends SortedCacheView implements AlgView {
  constructor(
    k: number,
    list: Int32Array,
    private readonly requested: Int32Array,
    private readonly loaded: Int32Array,
    readonly policy: Policy,
  ) {
    super(k, list);
  }

  recencyRank(page: number): number {
    return rankIn(this.requested, this.indexOf(page));
  }

  loadRank(page: number): number {
    return rankIn(this.loaded, this.indexOf(page));
  }
}

function rankIn(times: Int32Array, i: number): number {
  if (i < 0) return 0;
  let rank = 1;
  for (let j = 0; j < times.length; j++) if (times[j] < times[i]) rank++;
  return rank;
}

/** σ's history for {@link PotentialState.lastRequest} and {@link PotentialState.marked}, at any time. */
export class SequenceHistory {
  private readonly first: Int32Array;
  private readonly times: Int32Array;
  private readonly phaseStart: Int32Array;

  constructor(
    readonly requests: Int32Array,
    readonly universe: number,
    k: number,
  ) {
    const n = requests.length;
    // Request times grouped by page (counting sort), each group increasing.
    this.first = new Int32Array(universe + 1);
    for (let t = 0; t < n; t++) this.first[requests[t] + 1]++;
    for (let p = 0; p < universe; p++) this.first[p + 1] += this.first[p];
    this.times = new Int32Array(n);
    const fill = this.first.slice(0, universe);
    for (let t = 0; t < n; t++) this.times[fill[requests[t]]++] = t;
    const partition = kPhases(requests, k, universe);
    // phaseStart[t] = first request of the phase that request t − 1 belongs to (0 at t = 0).
    this.phaseStart = new Int32Array(n + 1);
    for (let t = 1; t <= n; t++) this.phaseStart[t] = partition.starts[partition.phaseOf[t - 1]];
  }

  /** Last request to `page` before `time`, or −1. */
  lastRequest(page: number, time: number): number {
    if (!(page >= 0 && page < this.universe)) return -1;
    let lo = this.first[page];
    let hi = this.first[page + 1] - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] < time) {
        found = this.times[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Whether `page` was requested in the current k-phase after `time` requests. */
  marked(page: number, time: number): boolean {
    return time > 0 && this.lastRequest(page, time) >= this.phaseStart[time];
  }

  /** The {@link PotentialState} of ALG's and OPT's views after `time` requests. */
  state(time: number, alg: AlgView, opt: CacheView): PotentialState {
    return {
      time,
      universe: this.universe,
      alg,
      opt,
      lastRequest: (page) => this.lastRequest(page, time),
      marked: (page) => this.marked(page, time),
    };
  }
}
