import type { CacheState } from "./cache.ts";
import type { Policy, RunContext } from "./policy.ts";

/**
 * How a policy whose whole run is a function of its inputs names itself, so that a finished run
 * can stand in for a repeat of it (see {@link TrajectoryMemo}). A policy may declare one only if
 * its evictions are determined by the request sequence, the universe, the next-arrival
 * predictions when `readsNextArrival` (and nothing else it is given: no one-bit predictions),
 * and what `key` names; it must evict only in `makeRoom`, never on a hit.
 */
export interface TrajectoryIdentity {
  /** Equal keys mean equal choices on equal inputs: the class, k, the seed and any parameter. */
  readonly key: string;
  /** Whether the choices depend on the next-arrival predictions of the run. */
  readonly readsNextArrival: boolean;
}

/** A finished run: its fault count and its evictions. */
export interface Trajectory {
  /** Faults of the run (cold misses included). */
  readonly faults: number;
  /** Each eviction as a (request index, page) pair, interleaved, request indices non-decreasing. */
  readonly evictions: Int32Array;
}

interface Recording {
  readonly store: Map<string, Trajectory>;
  readonly key: string;
  readonly cache: CacheState;
}

/**
 * Finished runs of deterministic policies on one input — a request sequence over a universe
 * with one next-arrival array — so that a study that runs the same policy several times on that
 * input (BlindOracle alone, inside Trust&Doubt and inside a robust combination; a combiner's
 * Marker part at every noise level of a run) computes it once and replays it after. The
 * policy itself records and replays, from its `reset` ({@link TrajectoryReplay}); the engine
 * skips a top-level run that is already recorded.
 *
 * Exactness: a replayed run makes the recorded evictions at the recorded requests, which are the
 * choices the policy makes on this input (its {@link TrajectoryIdentity} promises that nothing
 * else decides them), so every fault count is the one a fresh run gives. The memo trusts its
 * arrays not to change: whoever fills an array in place (a study's noise buffers) must start a
 * new memo for the new contents. Runs are recorded only when they finish ({@link
 * TrajectoryMemo.seal}); a run that throws leaves nothing behind.
 *
 * Memory: 8 bytes per eviction of each recorded run.
 */
export class TrajectoryMemo {
  private readonly byNextArrival = new Map<string, Trajectory>();
  private pending: Recording[] = [];

  /**
   * @param requests the input's request sequence (compared by identity)
   * @param universe its universe
   * @param nextArrival its next-arrival predictions (compared by identity), or undefined
   * @param predictionFree the store of runs that read no predictions, which may be shared by
   *   memos of the same requests and universe with other predictions
   */
  constructor(
    /** The request sequence every run of this memo serves. */
    readonly requests: Int32Array,
    /** The universe of those runs. */
    readonly universe: number,
    /** The next-arrival predictions of those runs. */
    readonly nextArrival: Float64Array | undefined,
    private readonly predictionFree: Map<string, Trajectory> = new Map(),
  ) {}

  /** Whether a run of `requests` over `universe` with these predictions may use this memo. */
  fits(requests: Int32Array, universe: number, nextArrival: Float64Array | undefined): boolean {
    return requests === this.requests && universe === this.universe && nextArrival === this.nextArrival;
  }

  /** The finished run of `policy` on this input, if one was recorded. */
  get(policy: Policy): Trajectory | undefined {
    const id = policy.trajectory;
    return id === undefined ? undefined : this.storeOf(id).get(id.key);
  }

  /**
   * Record the evictions from `cache` (the policy's cache, empty, before the run's first
   * request) as the run of `policy`; kept by the next {@link TrajectoryMemo.seal}. Nothing for a
   * policy without a {@link TrajectoryIdentity}.
   */
  record(policy: Policy, cache: CacheState): void {
    const id = policy.trajectory;
    if (id === undefined) return;
    cache.startRecording();
    this.pending.push({ store: this.storeOf(id), key: id.key, cache });
  }

  /** The run being recorded is finished: keep what it recorded. */
  seal(): void {
    for (const { store, key, cache } of this.pending) {
      // Each fault inserts one page, which is then either evicted once or still resident.
      const faults = cache.evictionCount + cache.size;
      store.set(key, { faults, evictions: keepLog(cache.logView()) });
      cache.stopRecording();
    }
    this.pending = [];
  }

  /** The run being recorded failed: drop what it recorded. */
  abandon(): void {
    for (const { cache } of this.pending) cache.stopRecording();
    this.pending = [];
  }

  private storeOf(id: TrajectoryIdentity): Map<string, Trajectory> {
    return id.readsNextArrival ? this.byNextArrival : this.predictionFree;
  }
}

/**
 * The replay side of a policy with a {@link TrajectoryIdentity}, kept inside the policy so that
 * its class (and every call site that sees it) stays the same whether it computes or replays:
 * `begin` in `reset` says which; while replaying, the policy skips its own bookkeeping and
 * `evict` makes the recorded evictions of the request, so the run faults at the same requests
 * with the same cache as the recorded one (O(1) per request, no state but a cursor). Throws if
 * asked for room where the recording evicted nothing: a memo used on another input.
 */
export class TrajectoryReplay {
  private log: Int32Array = new Int32Array(0);
  private next = 0;
  private cache: CacheState | null = null;

  /**
   * Start a run of `policy` on `ctx`: true if the run's memo holds its finished run (replay it
   * with {@link TrajectoryReplay.evict}); otherwise false, and the run is recorded when there is
   * a memo and the cache keeps no log of its own.
   */
  begin(policy: Policy, ctx: RunContext): boolean {
    const memo = ctx.memo;
    if (memo === undefined) return false;
    const known = memo.get(policy);
    if (known !== undefined) {
      this.log = known.evictions;
      this.next = 0;
      this.cache = ctx.cache;
      return true;
    }
    if (!ctx.cache.recording) memo.record(policy, ctx.cache);
    return false;
  }

  /** Make the recorded evictions of request t (the engine found the cache full). */
  evict(t: number): void {
    const log = this.log;
    let i = this.next;
    if (i >= log.length || log[i] !== t) throw new Error(`replayed run evicted nothing at request ${t}`);
    do {
      this.cache!.evict(log[i + 1]);
      i += 2;
    } while (i < log.length && log[i] === t);
    this.next = i;
  }
}

// Sealed logs are packed into shared chunks (a chunk lives as long as a log in it): a study seals
// ~9,000 runs, and an exact-size array for each made as many allocations outside the heap, with
// the collections they trigger. A log longer than a quarter chunk gets an array of its own. The
// chunks stay under glibc's mmap threshold (128 KiB), so freed ones are recycled: 1 MiB chunks
// were mapped fresh each time, and first-touch page faults made them slower than the copies.
const LOG_CHUNK = 1 << 14;
let logChunk = new Int32Array(0);
let logChunkUsed = 0;

function keepLog(view: Int32Array): Int32Array {
  const n = view.length;
  if (n > LOG_CHUNK >> 2) return view.slice();
  if (logChunkUsed + n > logChunk.length) {
    logChunk = new Int32Array(LOG_CHUNK);
    logChunkUsed = 0;
  }
  const kept = logChunk.subarray(logChunkUsed, logChunkUsed + n);
  kept.set(view);
  logChunkUsed += n;
  return kept;
}
