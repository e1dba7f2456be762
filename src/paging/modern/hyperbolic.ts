import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IndexSet } from "../structures/index-set.ts";
import { Rng } from "../core/rng.ts";
import { BucketWalk } from "../structures/bucket-walk.ts";
import { InputError } from "../../errors.ts";
import { numericParam } from "./param-check.ts";

/** log₂ of the initial bucket count: `cachesim` gives Hyperbolic hashpower max(12, max(24 − 8, 16) − 8). */
const INITIAL_POWER = 12;

/**
 * Hyperbolic caching (Blankstein, Sen & Freedman, "Hyperbolic Caching: Flexible Caching for
 * Web Applications", USENIX ATC 2017): a page's priority is n/a — its requests n since it
 * entered the cache over the time a it has been there — and the victim is the lowest priority
 * among `samples` sampled resident pages (64, as libCacheSim's `Hyperbolic.c`, commit aa0fc40).
 * As there, n restarts at 1 on each entry, a counts requests (a ≥ 1 at any eviction), and ties
 * keep the earliest sample.
 *
 * Sampling follows libCacheSim by default (`sampling=buckets`, `BucketWalk` in structures/bucket-walk.ts): a sample is
 * the head of a non-empty bucket of a chained hash table (2^12 buckets, doubled when the pages
 * outnumber them, as `cachesim` sizes Hyperbolic's table), the buckets drawn by the low bits of
 * a 64-bit LCG, which walk all buckets in one fixed cycle — so successive evictions sweep the
 * table without repeats, and pages below a chain's head are not sampled. On loop-dominated
 * traces this moves the miss ratio by up to 6 % against uniform sampling (LIRS multi2,
 * k = 2000: 0.464 against 0.493; libCacheSim 0.461). `sampling=uniform` is the paper's sampling: `samples` residents drawn uniformly
 * with replacement. Either way the draws come from `seed`: same seed, same run; libCacheSim
 * seeds its LCG from the clock, so its runs vary and ours are compared to one of them by ratio.
 *
 * No competitive bound is known; like LFU it can keep a once-popular page while its priority
 * decays, and sampling makes any bound probabilistic. Memory O(universe + k); per fault with a
 * full cache O(samples) (uniform) or O(samples + buckets walked / 32) (buckets: empty buckets
 * are skipped 32 at a time through an occupancy bitmap), O(1) per hit.
 */
export class Hyperbolic implements Policy {
  private resident!: IndexSet;
  private walk!: BucketWalk;
  /**
   * Per page: requests since it entered at 2·page, its entry time at 2·page + 1 — doubles, so a
   * sample's comparison needs no int-to-double conversions (all values are integers < 2^53,
   * exact), and one cache line per sample.
   */
  private pageData!: Float64Array;
  private rng!: Rng;
  private cache!: CacheState;

  /**
   * @param k cache size
   * @param seed seed of the samples
   * @param samples pages sampled per eviction (64)
   * @param uniform the paper's uniform sampling instead of libCacheSim's bucket walk
   * @param power log₂ of the initial bucket count (libCacheSim's `cachesim`: 12)
   */
  constructor(
    readonly k: number,
    /** Seed of the samples; every `reset` restarts from it. */
    readonly seed: number,
    /** Pages sampled per eviction. */
    readonly samples = 64,
    /** Uniform sampling with replacement (the paper) instead of the bucket walk (libCacheSim). */
    readonly uniform = false,
    /** log₂ of the initial bucket count. */
    readonly power = INITIAL_POWER,
  ) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.pageData = new Float64Array(2 * ctx.universe);
    this.rng = new Rng(this.seed);
    if (this.uniform) this.resident = new IndexSet(ctx.universe, Math.min(this.k, ctx.universe));
    else this.walk = new BucketWalk(ctx.universe, this.power, this.rng.nextU32());
  }

  onHit(page: number): void {
    this.pageData[2 * page]++;
  }

  makeRoom(_page: number, t: number): void {
    const victim = this.uniform ? this.sampleUniform(t) : this.sampleBuckets(t);
    if (this.uniform) this.resident.delete(victim);
    else this.walk.delete(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    if (this.uniform) this.resident.add(page);
    else this.walk.add(page);
    this.pageData[2 * page] = 1;
    this.pageData[2 * page + 1] = t;
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
    "evict the lowest requests/time-in-cache among sampled pages, seeded (Blankstein et al., ATC'17; sampled as libCacheSim) [samples=64,sampling=buckets]",
  offline: false,
  randomized: true,
  needs: [],
  params: {
    samples: "pages sampled per eviction (default 64)",
    sampling: "buckets (default: libCacheSim's walk over hash-bucket heads) or uniform (the paper: uniform, with replacement)",
  },
  create: (k, o) =>
    new Hyperbolic(k, o.seed ?? 0, numericParam("hyperbolic", o, "samples", 64, { min: 1, max: 2 ** 20, integer: true }), samplingParam(o.params?.sampling)),
};

function samplingParam(value: number | string | undefined): boolean {
  if (value === undefined || value === "buckets") return false;
  if (value === "uniform") return true;
  throw new InputError(`hyperbolic: sampling must be 'buckets' or 'uniform', got '${String(value)}'`);
}
