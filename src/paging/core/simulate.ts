import { InputError } from "../../errors.ts";
import { CacheState } from "./cache.ts";
import type { Policy, Predictions, RunContext } from "./policy.ts";
import type { TrajectoryMemo } from "./trajectory.ts";

/** Costs of one run. */
export interface RunResult {
  /** Number of requests served. */
  readonly requests: number;
  /** Requests to a non-resident page (cold misses included). */
  readonly faults: number;
  /** `requests − faults`. */
  readonly hits: number;
  /** `faults / requests` (0 for an empty trace). */
  readonly missRatio: number;
  /** The eviction log when `recordEvictions` was set: `pages[i]` left at request `times[i]`. */
  readonly evictions?: {
    /** Request index (0-based) whose fault caused each eviction, non-decreasing. */
    readonly times: Int32Array;
    /** Dense id of each evicted page. */
    readonly pages: Int32Array;
  };
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Dense universe size; defaults to `max(requests) + 1`. */
  universe?: number;
  /** Predictions indexed by request time, for learning-augmented policies. */
  predictions?: Predictions;
  /** Record every eviction as (time, page). */
  recordEvictions?: boolean;
  /** Called between chunks of requests with the number served so far (progress bars). */
  onProgress?: (served: number) => void;
  /** Requests per progress chunk (default 2^20). */
  chunk?: number;
  /**
   * Finished runs on exactly these requests, universe and next-arrival predictions (checked by
   * identity): a policy with a {@link Policy.trajectory} already recorded there is not run again
   * (its fault count is known), and one not recorded yet is recorded; parts inside a policy
   * (combiners, Trust&Doubt's predictor) do the same. With `recordEvictions` the policy itself
   * always runs (only its parts may replay); not used with `onProgress`.
   */
  memo?: TrajectoryMemo;
}

type Loop = (policy: Policy, cache: CacheState, requests: Int32Array, from: number, to: number) => number;

// The demand-paging loop, written once. It must not refer to anything outside its own body:
// each policy class gets a private copy compiled from its source (see loopFor), so the calls
// to onHit/makeRoom/onInsert stay monomorphic and inlinable across a process that runs many
// policies. A shared copy would turn those call sites megamorphic and cost 2-4x on LRU.
// It also checks that every page lies in [0, universe): a page outside is never resident, so it
// reaches the fault branch, where one unsigned compare catches it before any policy sees it —
// cheaper than a separate pass over the requests at every run (a study makes ~100 runs per
// trace). It then returns −1 − t (t = that request) instead of a fault count.
function demandPagingLoop(policy: Policy, cache: CacheState, requests: Int32Array, from: number, to: number): number {
  const resident = cache.resident;
  const universe = resident.length;
  const k = cache.k;
  let faults = 0;
  for (let t = from; t < to; t++) {
    const p = requests[t];
    if (resident[p] === 1) {
      policy.onHit(p, t);
    } else {
      if (p >>> 0 >= universe) return -1 - t;
      faults++;
      if (cache.size >= k) {
        cache.now = t;
        policy.makeRoom(p, t);
        if (cache.size >= k) throw new Error("policy made no room on a fault with a full cache at request " + t);
      }
      resident[p] = 1;
      cache.size++;
      policy.onInsert(p, t);
    }
  }
  return faults;
}

const loops = new WeakMap<object, Loop>();
let loopCopies = 0;

function loopFor(policy: Policy): Loop {
  const ctor = Object.getPrototypeOf(policy) as object;
  let loop = loops.get(ctor);
  if (loop === undefined) {
    try {
      // The numbered comment makes each source unique: V8 caches compiled `new Function` code by
      // source text, feedback included, so identical copies would share (and pollute) their ICs.
      loop = new Function(`return (${demandPagingLoop.toString()}); // copy ${++loopCopies}`)() as Loop;
    } catch {
      loop = demandPagingLoop; // an environment without eval: same result, shared feedback
    }
    loops.set(ctor, loop);
  }
  return loop;
}

function maxPage(requests: Int32Array): number {
  let max = -1;
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (p > max) max = p;
    if (p < 0) throw new InputError(`request ${t}: negative page id ${p}`);
  }
  return max;
}

/**
 * Run `policy` on the whole request sequence under demand paging and count its faults.
 * Offline policies (`policy.offline`) see the sequence in `reset`; online ones do not. The
 * result is exact and deterministic (randomized policies are seeded at construction).
 * A page outside `[0, universe)` is an {@link InputError} naming it; an online policy with a
 * given universe is stopped at that request (checked in the loop, no separate pass), so
 * `onProgress` may have reported the chunks before it.
 */
export function simulate(policy: Policy, requests: Int32Array, options: SimulateOptions = {}): RunResult {
  let universe = options.universe;
  // Without a universe the maximum is needed anyway; offline policies read the whole sequence
  // in `reset`, so it must be checked before them.
  if (universe === undefined || policy.offline) {
    const max = maxPage(requests);
    universe ??= max + 1;
    if (max >= universe) throw new InputError(`page id ${max} is outside the universe of ${universe} pages`);
  }
  const predictions = options.predictions ?? {};
  checkPredictionLengths(predictions, requests.length);
  const n = requests.length;
  let memo = options.memo;
  if (memo !== undefined) {
    if (!memo.fits(requests, universe, predictions.nextArrival)) {
      throw new Error("simulate: the trajectory memo belongs to other requests, universe or predictions");
    }
    if (options.onProgress !== undefined) memo = undefined;
  }
  // With an eviction log the policy itself runs (its log is asked for); its parts may replay.
  const own = options.recordEvictions ? undefined : memo;
  const known = own?.get(policy);
  if (known !== undefined) return { requests: n, faults: known.faults, hits: n - known.faults, missRatio: n === 0 ? 0 : known.faults / n };
  const cache = cacheFor(policy, universe, options.recordEvictions ?? false);
  const ctx: RunContext = {
    cache,
    universe,
    requests: policy.offline ? requests : null,
    predictions,
    memo,
  };
  const loop = loopFor(policy);
  let faults = 0;
  if (memo !== undefined) {
    // Policies record from their reset on (theirs and their parts'): a run that fails anywhere
    // keeps nothing.
    try {
      policy.reset(ctx);
      faults = served(loop(policy, cache, requests, 0, n), requests, universe);
    } catch (err) {
      memo.abandon();
      throw err;
    }
    memo.seal();
  } else if (options.onProgress === undefined) {
    policy.reset(ctx);
    faults = served(loop(policy, cache, requests, 0, n), requests, universe);
  } else {
    policy.reset(ctx);
    const chunk = options.chunk ?? 1 << 20;
    for (let from = 0; from < n; from += chunk) {
      const to = Math.min(n, from + chunk);
      faults += served(loop(policy, cache, requests, from, to), requests, universe);
      options.onProgress(to);
    }
  }
  const result: RunResult = {
    requests: n,
    faults,
    hits: n - faults,
    missRatio: n === 0 ? 0 : faults / n,
    ...(options.recordEvictions ? { evictions: cache.evictions() } : {}),
  };
  return result;
}

// The cache of each policy's last run, emptied and handed to its next run over the same universe:
// allocating a typed array above 64 bytes costs ~1-2 us in V8 (a backing store outside the
// heap), as much as a short run's work (a study makes ~100,000 runs of 2,100 requests). Only
// the policy itself ever held it, and its `reset` drops every reference to the old run.
const lastCache = new WeakMap<Policy, CacheState>();

function cacheFor(policy: Policy, universe: number, record: boolean): CacheState {
  if (record) return new CacheState(policy.k, universe, true);
  const cache = lastCache.get(policy);
  if (cache !== undefined && cache.universe === universe && cache.k === policy.k) {
    cache.clear();
    return cache;
  }
  const fresh = new CacheState(policy.k, universe);
  lastCache.set(policy, fresh);
  return fresh;
}

/** The loop's fault count, or the {@link InputError} of the request it stopped at (−1 − t). */
function served(faults: number, requests: Int32Array, universe: number): number {
  if (faults >= 0) return faults;
  const t = -1 - faults;
  const p = requests[t];
  if (p < 0) throw new InputError(`request ${t}: negative page id ${p}`);
  throw new InputError(`request ${t}: page id ${p} is outside the universe of ${universe} pages`);
}

function checkPredictionLengths(predictions: Predictions, n: number): void {
  if (predictions.nextArrival && predictions.nextArrival.length < n) {
    throw new InputError(`next-arrival predictions cover ${predictions.nextArrival.length} of ${n} requests`);
  }
  if (predictions.bits && predictions.bits.length < n) {
    throw new InputError(`bit predictions cover ${predictions.bits.length} of ${n} requests`);
  }
}

/** What one request did, as seen by a {@link Stepper}. */
export interface StepOutcome {
  /** True if the page was resident (no fault). */
  readonly hit: boolean;
  /** Pages evicted to serve this request (empty on a fault with room, and on a hit unless the policy evicts on hits). */
  readonly evicted: readonly number[];
}

/**
 * Serve requests one at a time — for adaptive adversaries, which choose the next request after
 * seeing the cache. Same semantics and costs as {@link simulate} on the same sequence. Online
 * policies only (an offline policy needs the whole sequence up front).
 */
export class Stepper {
  /** The cache the policy acts on (read its `resident` flags to adapt to it). */
  readonly cache: CacheState;
  private t = 0;
  private faultCount = 0;
  private readonly predictions: { nextArrival: Float64Array; bits: Uint8Array };

  /**
   * @param policy an online policy; it is reset here, so it must not be in use elsewhere
   * @param universe pages are dense ids in `[0, universe)`
   */
  constructor(
    /** The policy being served. */
    readonly policy: Policy,
    /** Number of dense page ids a request may name. */
    readonly universe: number,
  ) {
    if (policy.offline) throw new InputError("an offline policy cannot be run step by step");
    this.cache = new CacheState(policy.k, universe, true);
    this.predictions = { nextArrival: new Float64Array(1024), bits: new Uint8Array(1024) };
    this.policy.reset({ cache: this.cache, universe, requests: null, predictions: this.predictions });
  }

  /** Requests served so far. */
  get time(): number {
    return this.t;
  }

  /** Faults so far. */
  get faults(): number {
    return this.faultCount;
  }

  /** Whether page p is resident now. */
  has(p: number): boolean {
    return this.cache.resident[p] === 1;
  }

  /**
   * Serve a request to page p, with optional predictions for it (next arrival time, one bit).
   * Returns whether it hit and which pages were evicted.
   */
  request(p: number, prediction: { nextArrival?: number; bit?: number } = {}): StepOutcome {
    if (!Number.isInteger(p) || p < 0 || p >= this.universe) {
      throw new InputError(`page ${p} is outside the universe of ${this.universe} pages`);
    }
    const t = this.t;
    this.growPredictions(t);
    this.predictions.nextArrival[t] = prediction.nextArrival ?? Infinity;
    this.predictions.bits[t] = prediction.bit ?? 0;
    const cache = this.cache;
    this.t++;
    const before = cache.evictionCount;
    if (cache.resident[p] === 1) {
      this.policy.onHit(p, t);
      // A policy may evict on a hit (libCacheSim's LIRS does); report it like a fault's evictions.
      if (cache.evictionCount === before) return { hit: true, evicted: [] };
      const evicted: number[] = [];
      for (let i = before; i < cache.evictionCount; i++) evicted.push(cache.evictedPage(i));
      return { hit: true, evicted };
    }
    this.faultCount++;
    if (cache.size >= cache.k) {
      cache.now = t;
      this.policy.makeRoom(p, t);
      if (cache.size >= cache.k) throw new Error(`policy made no room on a fault with a full cache at request ${t}`);
    }
    cache.resident[p] = 1;
    cache.size++;
    this.policy.onInsert(p, t);
    const evicted: number[] = [];
    for (let i = before; i < cache.evictionCount; i++) evicted.push(cache.evictedPage(i));
    return { hit: false, evicted };
  }

  private growPredictions(t: number): void {
    if (t < this.predictions.bits.length) return;
    const size = this.predictions.bits.length * 2;
    const na = new Float64Array(size);
    na.set(this.predictions.nextArrival);
    const bits = new Uint8Array(size);
    bits.set(this.predictions.bits);
    // Policies hold the Predictions object, not the arrays, so swapping the arrays is seen.
    this.predictions.nextArrival = na;
    this.predictions.bits = bits;
  }
}
