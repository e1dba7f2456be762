import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo, PolicyOptions } from "../registry.ts";
import { IntQueues } from "../structures/int-queues.ts";
import { choiceParam, numberParam, VARIANTS, type Variant } from "./params.ts";

/** Most segments (libCacheSim's `SLRU_MAX_N_SEG`). */
export const SLRU_MAX_SEGMENTS = 16;

/**
 * Segmented LRU (Karedla, Love & Wherry, "Caching Strategies to Improve Disk System
 * Performance", IEEE Computer 27(3), 1994), in libCacheSim's n-segment form: segments
 * 0 … n−1 are LRU lists with capacities c_i; a hit in segment i < n−1 moves the page to the MRU
 * end of segment i+1, and when that overflows its LRU page drops to the MRU end of segment i
 * (cascading down while a segment overflows); a hit in the top segment moves it to that
 * segment's MRU end. The victim is the LRU page of the lowest non-empty segment.
 *
 * Defaults are libCacheSim's `SLRU.c`: n = 4 segments (`n-seg`), each of capacity ⌊k/n⌋, or
 * `seg-size=a:b:…` for c_i = ⌊a_i/Σa·k⌋; a missed page enters the lowest segment with room
 * (so while the cache fills, new pages land in higher segments), else segment 0. Exact
 * (tested miss for miss on the shared traces) whenever Σc_i = k — e.g. n divides k.
 * Departure: when Σc_i < k, libCacheSim lets segment 0 run over c_0 and then, on a *hit*
 * that cascades into it, evicts pages — not demand paging; here segment 0 may hold its
 * overflow and a hit never evicts.
 *
 * `variant=paper` is the paper's rule: segments 1 … n−1 (the protected ones; n = 2 is the
 * paper's SLRU) keep their capacities, segment 0 (probationary) takes whatever room is left,
 * and every missed page enters segment 0.
 *
 * Competitiveness: no competitive bound for SLRU is known to us, and none is claimed here
 * (UNVERIFIED). O(1) per request (O(n) for the insertion scan).
 */
export class Slru implements Policy {
  /** Capacity of each segment (segment 0 is unbounded in the paper variant). */
  readonly capacities: Float64Array;
  private queues!: IntQueues;
  private cache!: CacheState;
  private readonly top: number;

  /**
   * @param k cache size
   * @param capacities capacity of each segment, 1 to {@link SLRU_MAX_SEGMENTS} of them, lowest first
   * @param variant `libcachesim` (new pages enter the lowest segment with room) or `paper`
   *   (they always enter segment 0, whose capacity is then unbounded)
   */
  constructor(
    readonly k: number,
    capacities: ArrayLike<number>,
    readonly variant: Variant = "libcachesim",
  ) {
    const n = capacities.length;
    if (n < 1 || n > SLRU_MAX_SEGMENTS) throw new InputError(`slru: 1 to ${SLRU_MAX_SEGMENTS} segments, got ${n}`);
    this.capacities = Float64Array.from(capacities);
    if (variant === "paper") this.capacities[0] = Infinity;
    this.top = n - 1;
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.queues = new IntQueues(ctx.universe, this.capacities.length);
  }

  onHit(page: number): void {
    const q = this.queues;
    const seg = q.queueOf(page);
    if (seg === this.top) {
      q.moveToBack(page, seg);
      return;
    }
    q.moveToBack(page, seg + 1);
    const caps = this.capacities;
    for (let j = seg + 1; j >= 1 && q.length(j) > caps[j]; j--) q.moveToBack(q.front(j), j - 1);
  }

  makeRoom(): void {
    const q = this.queues;
    let seg = 0;
    while (q.length(seg) === 0) seg++;
    this.cache.evict(q.popFront(seg));
  }

  onInsert(page: number): void {
    const q = this.queues;
    const caps = this.capacities;
    let seg = 0;
    while (seg <= this.top && q.length(seg) + 1 > caps[seg]) seg++;
    q.pushBack(page, seg > this.top ? 0 : seg);
  }
}

/** Segment capacities from `n-seg` / `seg-size`, as libCacheSim computes them. */
function capacitiesFrom(k: number, o: PolicyOptions): number[] {
  const sizes = o.params?.["seg-size"];
  if (sizes === undefined) {
    const n = numberParam("slru", o.params, "n-seg", 4, { min: 1, max: SLRU_MAX_SEGMENTS, integer: true });
    return Array.from({ length: n }, () => Math.floor(k / n));
  }
  const parts = String(sizes).split(":");
  const weights = parts.map((s) => Number(s));
  if (parts.length > SLRU_MAX_SEGMENTS || weights.some((w, i) => parts[i].trim() === "" || !Number.isInteger(w) || w <= 0)) {
    throw new InputError(`slru: parameter seg-size must be 1 to ${SLRU_MAX_SEGMENTS} positive integers joined by ':', got '${sizes}'`);
  }
  const n = o.params?.["n-seg"];
  if (n !== undefined && Number(n) !== weights.length) {
    throw new InputError(`slru: n-seg=${n} disagrees with seg-size '${sizes}' (${weights.length} segments)`);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor((w / sum) * k));
}

/** Registry entry of {@link Slru}. */
export const slruInfo: PolicyInfo = {
  name: "slru",
  family: "modern",
  summary: "segmented LRU, hits promote one segment (Karedla, Love & Wherry 1994; no known bound); libCacheSim-exact when n-seg divides k",
  offline: false,
  randomized: false,
  needs: [],
  params: {
    "n-seg": "number of segments, 1 to 16 (default 4, libCacheSim's), each ⌊k/n⌋ pages",
    "seg-size": "segment shares lowest first, e.g. 1:3 (capacities ⌊a_i/Σa·k⌋; sets n-seg)",
    variant: "libcachesim (default: new pages enter the lowest segment with room) or paper (always segment 0, which takes the rest)",
  },
  create: (k, o) => new Slru(k, capacitiesFrom(k, o), choiceParam("slru", o.params, "variant", "libcachesim", VARIANTS)),
};
