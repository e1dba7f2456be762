import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IndexSet } from "../structures/index-set.ts";
import { Rng } from "../core/rng.ts";
import { numericParam } from "./param-check.ts";

/**
 * Hyperbolic caching (Blankstein, Sen & Freedman, "Hyperbolic Caching: Flexible Caching for
 * Web Applications", USENIX ATC 2017): a page's priority is n/a — its requests n since it
 * entered the cache over the time a it has been there — and the victim is the lowest priority
 * among `samples` resident pages drawn uniformly at random (with replacement; the paper's
 * sampled eviction, 64 samples as libCacheSim's `Hyperbolic.c`, commit aa0fc40). As there, n
 * restarts at 1 on each entry, a counts requests (a ≥ 1 at any eviction), and ties keep the
 * earliest sample. libCacheSim draws through its hash table's random-bucket walk; here the
 * draw is exactly uniform from the project's seeded {@link Rng}, so a run is reproducible but
 * not libCacheSim's own stream.
 *
 * No competitive bound is known; like LFU it can keep a once-popular page while its priority
 * decays, and sampling makes any bound probabilistic. Memory O(universe); O(samples) per fault
 * with a full cache, O(1) per hit.
 */
export class Hyperbolic implements Policy {
  private resident!: IndexSet;
  private count!: Int32Array;
  private entered!: Int32Array;
  private rng!: Rng;
  private cache!: CacheState;

  /**
   * @param k cache size
   * @param seed seed of the samples
   * @param samples pages sampled per eviction (64)
   */
  constructor(
    readonly k: number,
    /** Seed of the samples; every `reset` restarts from it. */
    readonly seed: number,
    /** Pages sampled per eviction. */
    readonly samples = 64,
  ) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.resident = new IndexSet(ctx.universe, Math.min(this.k, ctx.universe));
    this.count = new Int32Array(ctx.universe);
    this.entered = new Int32Array(ctx.universe);
    this.rng = new Rng(this.seed);
  }

  onHit(page: number): void {
    this.count[page]++;
  }

  makeRoom(_page: number, t: number): void {
    const resident = this.resident;
    const n = resident.size;
    const rng = this.rng;
    const count = this.count;
    const entered = this.entered;
    const scale = n * 2.3283064365386963e-10;
    // Priority count/age compared as count·bestAge < bestCount·age (exact in doubles: both
    // products stay below 2^53), which saves a division per sample.
    let victim = -1;
    let bestCount = 1;
    let bestAge = 0;
    for (let i = 0; i < this.samples; i++) {
      // ⌊u·n⌋ for a uniform 32-bit u: bias below n/2^32, far under the sampling noise.
      const p = resident.at((rng.nextU32() * scale) | 0);
      const c = count[p];
      const age = t - entered[p];
      if (c * bestAge < bestCount * age || victim === -1) {
        bestCount = c;
        bestAge = age;
        victim = p;
      }
    }
    resident.delete(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.resident.add(page);
    this.count[page] = 1;
    this.entered[page] = t;
  }
}

/** Registry entry of {@link Hyperbolic}. */
export const hyperbolicInfo: PolicyInfo = {
  name: "hyperbolic",
  family: "modern",
  summary: "evict the lowest requests/time-in-cache among sampled pages, seeded (Blankstein et al., ATC'17; as libCacheSim) [samples=64]",
  offline: false,
  randomized: true,
  needs: [],
  params: { samples: "pages sampled per eviction, with replacement (default 64)" },
  create: (k, o) => new Hyperbolic(k, o.seed ?? 0, numericParam("hyperbolic", o, "samples", 64, { min: 1, max: 2 ** 20, integer: true })),
};
