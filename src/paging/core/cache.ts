import { InputError } from "../../errors.ts";

/**
 * Residency of a cache of `k` pages over a universe of dense page ids — the one place where
 * demand paging is bookkept. The engine admits pages; policies only choose victims and remove
 * them with {@link CacheState.evict}, so a policy can never hold more than `k` pages or evict a
 * page that is not resident.
 */
export class CacheState {
  /** `resident[p] === 1` iff page p is in the cache. */
  readonly resident: Uint8Array;
  /** Number of resident pages, always ≤ k. */
  size = 0;
  /** Time of the request being served (set by the engine before `makeRoom`; a policy that evicts on a hit sets it first). */
  now = 0;
  /** Eviction log as (time, page) pairs when recording, else null. */
  protected log: Int32Array | null;
  private logLength = 0;
  private spareLog: Int32Array | null = null;

  /**
   * @param k cache size, a positive integer ({@link InputError} otherwise)
   * @param universe pages are dense ids in `[0, universe)`
   * @param recordEvictions keep the (time, page) log of {@link CacheState.evictions}
   */
  constructor(
    /** Cache size: at most k pages are resident. */
    readonly k: number,
    /** Number of dense page ids. */
    readonly universe: number,
    recordEvictions = false,
  ) {
    checkCacheSize(k);
    this.resident = new Uint8Array(universe);
    this.log = recordEvictions ? new Int32Array(1024) : null;
  }

  /** Empty the cache and its log, as new (O(universe)): one instance can serve many runs. */
  clear(): void {
    this.resident.fill(0);
    this.size = 0;
    this.now = 0;
    this.logLength = 0;
  }

  /** Remove resident page `p`; throws if it is not resident (a policy bug, not a user error). */
  evict(p: number): void {
    if (this.resident[p] !== 1) throw new Error(`policy evicted page ${p}, which is not resident`);
    this.resident[p] = 0;
    this.size--;
    if (this.log !== null) this.record(p);
  }

  /**
   * Start a log of the evictions from now on (see {@link CacheState.evictions}), as if built
   * with `recordEvictions`; throws if one is kept already.
   */
  startRecording(): void {
    if (this.log !== null) throw new Error("this cache already records its evictions");
    // A study records thousands of short runs: the buffer of the last one serves the next.
    this.log = this.spareLog ?? new Int32Array(1024);
    this.spareLog = null;
    this.logLength = 0;
  }

  /** Whether evictions are logged now. */
  get recording(): boolean {
    return this.log !== null;
  }

  /** Drop the eviction log and stop recording. */
  stopRecording(): void {
    this.spareLog = this.log;
    this.log = null;
    this.logLength = 0;
  }

  /**
   * The log so far, (request index, page) of each eviction interleaved, as a view valid until
   * the log changes: read it or copy it at once.
   */
  logView(): Int32Array {
    return this.log === null ? new Int32Array(0) : this.log.subarray(0, this.logLength);
  }

  /** Append an eviction of page p at `now` to the log (callers check that one is kept). */
  protected record(p: number): void {
    let log = this.log!;
    if (this.logLength + 2 > log.length) {
      const grown = new Int32Array(log.length * 2);
      grown.set(log);
      this.log = log = grown;
    }
    log[this.logLength++] = this.now;
    log[this.logLength++] = p;
  }

  /** Number of evictions recorded so far (0 when not recording). */
  get evictionCount(): number {
    return this.logLength >> 1;
  }

  /** Page of the i-th recorded eviction. */
  evictedPage(i: number): number {
    return this.log![2 * i + 1];
  }

  /** The evictions so far: `times[i]` is the request index whose fault evicted `pages[i]`. */
  evictions(): {
    /** Request index of each eviction's fault, non-decreasing. */
    times: Int32Array;
    /** The evicted page of each eviction. */
    pages: Int32Array;
  } {
    const n = this.logLength >> 1;
    const times = new Int32Array(n);
    const pages = new Int32Array(n);
    const log = this.log;
    if (log) {
      for (let i = 0; i < n; i++) {
        times[i] = log[2 * i];
        pages[i] = log[2 * i + 1];
      }
    }
    return { times, pages };
  }

  /** Resident pages in increasing id order. */
  contents(): Int32Array {
    const out = new Int32Array(this.size);
    let j = 0;
    for (let p = 0; p < this.universe; p++) if (this.resident[p] === 1) out[j++] = p;
    return out;
  }
}

/** Throws {@link InputError} unless `k` is a positive safe integer. */
export function checkCacheSize(k: number): void {
  if (!Number.isSafeInteger(k) || k <= 0) throw new InputError(`cache size k must be a positive integer, got ${k}`);
}
