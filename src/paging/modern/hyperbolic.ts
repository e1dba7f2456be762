import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IndexSet } from "../structures/index-set.ts";
import { Rng } from "../core/rng.ts";
import { BucketWalk } from "../structures/bucket-walk.ts";
import { HeadSweep } from "../structures/head-sweep.ts";
import { KERNEL_RING_MAX, KernelRing } from "./hyperbolic-kernel.ts";
import { InputError } from "../../errors.ts";
import { numericParam } from "./param-check.ts";

/** log₂ of the initial bucket count: `cachesim` gives Hyperbolic hashpower max(12, max(24 − 8, 16) − 8). */
const INITIAL_POWER = 12;

/** How {@link Hyperbolic} draws its samples. */
export type HyperbolicSampling = "sweep" | "buckets" | "uniform";

/**
 * Hyperbolic caching (Blankstein, Sen & Freedman, "Hyperbolic Caching: Flexible Caching for
 * Web Applications", USENIX ATC 2017): a page's priority is n/a — its requests n since it
 * entered the cache over the time a it has been there — and the victim is the lowest priority
 * among `samples` sampled resident pages (64, as libCacheSim's `Hyperbolic.c`, commit aa0fc40).
 * As there, n restarts at 1 on each entry, a counts requests (a ≥ 1 at any eviction), and ties
 * keep the earliest sample.
 *
 * What libCacheSim samples is not the paper's uniform draw: a sample is the head of a non-empty
 * bucket of its chained hash table (2^12 buckets, doubled when the pages outnumber them, as
 * `cachesim` sizes Hyperbolic's table), drawn by the low bits of a 64-bit LCG that walk all
 * buckets in one fixed cycle — so pages below a chain's head are never sampled, and successive
 * evictions sweep the heads without repeats. On loop-dominated traces this moves the miss ratio
 * by up to 6 % against uniform sampling (LIRS multi2, k = 2000: 0.464 against 0.493; libCacheSim
 * 0.461). Three samplers, all drawing from `seed` (same seed, same run):
 * - `sweep` (default; `HeadSweep`, structures/head-sweep.ts): the same heads of the same table,
 *   swept in a seeded random order instead of the LCG's cycle. Within 0.8 % of libCacheSim's
 *   miss ratio on all 26 parity runs, as `buckets` is (libCacheSim seeds its LCG from the clock,
 *   so its own runs vary and are compared by ratio). An eviction's 64 heads are contiguous in
 *   memory and scanned by a WebAssembly kernel (`KernelRing`, hyperbolic-kernel.ts): about 2×
 *   the rate of `buckets`.
 * - `buckets` (`BucketWalk`, structures/bucket-walk.ts): libCacheSim's draws themselves — the
 *   heads met by its LCG's walk over the buckets, checked draw for draw against a model of its
 *   table and generator.
 * - `uniform`: the paper's sampling, `samples` residents drawn uniformly with replacement.
 *
 * No competitive bound is known; like LFU it can keep a once-popular page while its priority
 * decays, and sampling makes any bound probabilistic. Memory O(universe + k); per fault with a
 * full cache O(samples) (sweep, uniform) or O(samples + buckets walked / 32) (buckets: empty
 * buckets are skipped 32 at a time through an occupancy bitmap), O(1) per hit.
 */
export class Hyperbolic implements Policy {
  private sweep: HeadSweep | null = null;
  private ring: KernelRing | null = null;
  private resident!: IndexSet;
  private walk!: BucketWalk;
  /**
   * Per page (buckets, uniform): requests since it entered at 2·page, its entry time at
   * 2·page + 1 — doubles, so a sample's comparison needs no int-to-double conversions (all
   * values are integers < 2^53, exact), and one cache line per sample.
   */
  private pageData!: Float64Array;
  private rng!: Rng;
  private cache!: CacheState;

  /**
   * @param k cache size
   * @param seed seed of the samples
   * @param samples pages sampled per eviction (64)
   * @param sampling `sweep` (default), `buckets` (libCacheSim's walk) or `uniform` (the paper)
   * @param power log₂ of the initial bucket count (libCacheSim's `cachesim`: 12)
   */
  constructor(
    readonly k: number,
    /** Seed of the samples; every `reset` restarts from it. */
    readonly seed: number,
    /** Pages sampled per eviction. */
    readonly samples = 64,
    /** How the samples are drawn. */
    readonly sampling: HyperbolicSampling = "sweep",
    /** log₂ of the initial bucket count. */
    readonly power = INITIAL_POWER,
  ) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.rng = new Rng(this.seed);
    if (this.sampling === "sweep") {
      const capacity = Math.max(1, Math.min(this.k, ctx.universe));
      if (capacity > KERNEL_RING_MAX) throw new InputError(`hyperbolic: sampling=sweep holds at most 2^27 pages (k = ${this.k}); use sampling=buckets`);
      // A study resets one policy many times: the WebAssembly memory is kept when large enough.
      if (this.ring === null || this.ring.capacity < capacity) this.ring = new KernelRing(capacity);
      this.sweep = new HeadSweep(ctx.universe, this.power, capacity, this.ring.pairs, this.rng);
      return;
    }
    this.pageData = new Float64Array(2 * ctx.universe);
    if (this.sampling === "uniform") this.resident = new IndexSet(ctx.universe, Math.min(this.k, ctx.universe));
    else this.walk = new BucketWalk(ctx.universe, this.power, this.rng.nextU32());
  }

  onHit(page: number): void {
    if (this.sweep !== null) this.sweep.increment(page);
    else this.pageData[2 * page]++;
  }

  makeRoom(_page: number, t: number): void {
    let victim: number;
    if (this.sweep !== null) {
      victim = this.sampleSweep(this.sweep, t);
      this.sweep.delete(victim);
    } else if (this.sampling === "uniform") {
      victim = this.sampleUniform(t);
      this.resident.delete(victim);
    } else {
      victim = this.sampleBuckets(t);
      this.walk.delete(victim);
    }
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    if (this.sweep !== null) {
      this.sweep.addWith(page, 1, t);
      return;
    }
    if (this.sampling === "uniform") this.resident.add(page);
    else this.walk.add(page);
    this.pageData[2 * page] = 1;
    this.pageData[2 * page + 1] = t;
  }

  private sampleSweep(sweep: HeadSweep, t: number): number {
    const n = sweep.headCount;
    const m = this.samples < n ? this.samples : n;
    const from = sweep.cursor;
    const best = this.ring!.argmin(t, from, m, n);
    const end = from + m;
    sweep.cursor = end >= n ? end - n : end;
    return sweep.ringPages[best];
  }

  // Priority count/age compared as count·bestAge < bestCount·age (exact in doubles: both
  // products stay below 2^53), which saves a division per sample. The first sample always
  // wins against (1, 0), as every resident page has age ≥ 1.

  private sampleBuckets(t: number): number {
    const walk = this.walk;
    const heads = walk.heads;
    const size = walk.size;
    const mask = size - 1;
    const data = this.pageData;
    let r = walk.cursor;
    let draws = 0;
    let remaining = this.samples;
    let victim = -1;
    let bestCount = 1;
    let bestAge = 0;
    // With fewer non-empty buckets than samples, the draws sweep the whole cycle: every head is
    // seen in the first sweep, and further whole sweeps only revisit them (ties keep the first).
    const sweeps = Math.floor((remaining - 1) / walk.nonEmpty);
    if (sweeps > 0) {
      const start = r;
      for (let i = walk.nonEmpty; i > 0; i--) {
        r = walk.nextOccupied(r);
        const p = heads[r];
        const c = data[2 * p];
        const age = t - data[2 * p + 1];
        if (c * bestAge < bestCount * age) {
          bestCount = c;
          bestAge = age;
          victim = p;
        }
      }
      r = start;
      draws = sweeps * size;
      remaining -= sweeps * walk.nonEmpty;
    }
    // The remaining (1 … non-empty) draws stay within one cycle: scan the occupancy bitmap from
    // the bucket after r, word by word, lowest set bit first.
    const occupied = walk.occupied;
    const lastWord = occupied.length - 1;
    const start = r;
    const first = (r + 1) & mask;
    let word = first >>> 5;
    let bits = occupied[word] & (-1 << (first & 31));
    for (;;) {
      while (bits === 0) {
        word = word === lastWord ? 0 : word + 1;
        bits = occupied[word];
      }
      const low = bits & -bits;
      bits ^= low;
      r = (word << 5) | (31 - Math.clz32(low));
      const p = heads[r];
      const c = data[2 * p];
      const age = t - data[2 * p + 1];
      if (c * bestAge < bestCount * age) {
        bestCount = c;
        bestAge = age;
        victim = p;
      }
      if (--remaining === 0) break;
    }
    draws += ((r - start - 1) & mask) + 1;
    walk.cursor = r;
    walk.advance(draws);
    return victim;
  }

  private sampleUniform(t: number): number {
    const resident = this.resident;
    const rng = this.rng;
    const data = this.pageData;
    const scale = resident.size * 2.3283064365386963e-10;
    let victim = -1;
    let bestCount = 1;
    let bestAge = 0;
    for (let i = 0; i < this.samples; i++) {
      // ⌊u·n⌋ for a uniform 32-bit u: bias below n/2^32, far under the sampling noise.
      const p = resident.at((rng.nextU32() * scale) | 0);
      const c = data[2 * p];
      const age = t - data[2 * p + 1];
      if (c * bestAge < bestCount * age) {
        bestCount = c;
        bestAge = age;
        victim = p;
      }
    }
    return victim;
  }
}

/** Registry entry of {@link Hyperbolic}. */
export const hyperbolicInfo: PolicyInfo = {
  name: "hyperbolic",
  family: "modern",
  summary:
    "evict the lowest requests/time-in-cache among sampled pages, seeded (Blankstein et al., ATC'17; sampled as libCacheSim) [samples=64,sampling=sweep]",
  offline: false,
  randomized: true,
  needs: [],
  params: {
    samples: "pages sampled per eviction (default 64)",
    sampling:
      "sweep (default: libCacheSim's hash-bucket heads, swept in a seeded random order), buckets (libCacheSim's own LCG walk over those heads, draw for draw) or uniform (the paper: uniform, with replacement)",
  },
  create: (k, o) =>
    new Hyperbolic(k, o.seed ?? 0, numericParam("hyperbolic", o, "samples", 64, { min: 1, max: 2 ** 20, integer: true }), samplingParam(o.params?.sampling)),
};

function samplingParam(value: number | string | undefined): HyperbolicSampling {
  if (value === undefined) return "sweep";
  if (value === "sweep" || value === "buckets" || value === "uniform") return value;
  throw new InputError(`hyperbolic: sampling must be 'sweep', 'buckets' or 'uniform', got '${String(value)}'`);
}
