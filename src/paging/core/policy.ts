import type { CacheState } from "./cache.ts";
import type { TrajectoryIdentity, TrajectoryMemo } from "./trajectory.ts";

/**
 * Per-request predictions, indexed by request time t (0-based). A policy that needs a kind
 * reads it in `reset`; the engine fills it (batch mode: the whole array; step mode: entry t
 * before request t is served). Step mode may replace the arrays as they grow, so a policy keeps
 * the `Predictions` object and reads `predictions.bits[t]` at use, never a saved array.
 */
export interface Predictions {
  /**
   * Predicted time of the next request to the page requested at t (absolute, 0-based;
   * `Infinity` = never again). Only the order of predictions matters to the algorithms.
   */
  nextArrival?: Float64Array;
  /**
   * One bit per request about the page requested at t: {@link EVICT} or {@link KEEP}
   * (discard predictions or phase predictions, depending on the policy).
   */
  bits?: Uint8Array;
}

/** One-bit prediction: the page is predicted safe to evict. */
export const EVICT = 1;
/** One-bit prediction: the page is predicted to be needed (keep it). */
export const KEEP = 0;

/** What a policy sees when a run starts. */
export interface RunContext {
  /** The cache residency; evict through `cache.evict(p)`. */
  readonly cache: CacheState;
  /** Pages are dense ids in `[0, universe)`. */
  readonly universe: number;
  /** The whole request sequence — given to offline policies only, `null` for online ones. */
  readonly requests: Int32Array | null;
  /** Predictions attached to the requests (empty when none were supplied). */
  readonly predictions: Predictions;
  /**
   * Finished runs on this very input, when the caller keeps them (a study): a policy that runs
   * another deterministic policy inside it may replay that one's recorded run instead of
   * computing it again, and record it when it is not there yet. It holds for this context's
   * requests, universe and next-arrival array only: a policy that gives an inner policy other
   * predictions or requests must not pass it on.
   */
  readonly memo?: TrajectoryMemo | undefined;
}

/**
 * An eviction policy: it only decides what to evict. Demand paging itself — hits, faults,
 * admission, the size limit — is done once by the engine ({@link simulate}, {@link Stepper}):
 *
 * - on a hit to resident page p at time t, the engine calls `onHit(p, t)`;
 * - on a fault with a full cache, `makeRoom(p, t)`, which must evict at least one page through
 *   `ctx.cache.evict` (exactly one for lazy policies; FWF evicts all);
 * - then it admits p and calls `onInsert(p, t)`.
 *
 * Times are request indices and strictly increase within a run. `reset` starts a new run and
 * drops all state, so one instance can be reused across traces.
 */
export interface Policy {
  /** Cache size k ≥ 1. */
  readonly k: number;
  /** True for offline policies, which receive the whole request sequence in `reset`. */
  readonly offline?: boolean;
  /**
   * Set when the policy's run is a function of its input and of what the key names (see
   * {@link TrajectoryIdentity}): a {@link TrajectoryMemo} may then replay it.
   */
  readonly trajectory?: TrajectoryIdentity;
  /**
   * Start a run on an empty cache: drop every trace of earlier runs and restart randomized
   * choices from the policy's seed, so the same run on the same input repeats exactly.
   */
  reset(ctx: RunContext): void;
  /**
   * Optional, for randomized policies: from the next `reset` on, make the choices of a policy
   * built with `seed` (same k and parameters) — the same runs, draw for draw — keeping the
   * buffers. A study that runs many seeds on one trace reuses one instance instead of building
   * (and allocating) one per seed. Combiners are reseeded through the registry
   * (`reseedPolicy`), which reseeds their parts too.
   */
  reseed?(seed: number): void;
  /**
   * Request t hit resident page `page`: update recency, marks, …. Normally the cache is left as
   * it is; a policy that evicts on a hit (libCacheSim's LIRS) sets `cache.now = t` first, and the
   * next fault then finds room without `makeRoom`. `Stepper` reports such evictions.
   */
  onHit(page: number, t: number): void;
  /**
   * Request t for non-resident `page` found the cache full: evict through `ctx.cache.evict`
   * (exactly one page for a lazy policy; `page` is not resident yet and must not be evicted).
   */
  makeRoom(page: number, t: number): void;
  /** Request t faulted and the engine made `page` resident: record it. */
  onInsert(page: number, t: number): void;
}
