import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IndexSet } from "../structures/index-set.ts";
import { Rng } from "../core/rng.ts";

/**
 * Random: evicts a uniformly random resident page (seeded). k-competitive in expectation
 * against an adaptive-online adversary (Raghavan & Snir 1989); memoryless. O(1) per request.
 */
export class RandomEviction implements Policy {
  private resident: IndexSet | null = null;
  private rng!: Rng;
  private cache!: CacheState;

  constructor(
    readonly k: number,
    /** Seed of the victim choices; every `reset` restarts from it, `reseed` changes it. */
    public seed: number,
  ) {}

  reseed(seed: number): void {
    this.seed = seed;
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    // At most min(k, universe) pages are ever resident: a k beyond the universe (a cache larger
    // than the trace) must not allocate k slots.
    const capacity = Math.min(this.k, ctx.universe);
    // A run over the same universe keeps the set (cleared, it hands out positions as a new one).
    if (this.resident !== null && this.resident.universe === ctx.universe && this.resident.capacity === capacity) this.resident.clear();
    else this.resident = new IndexSet(ctx.universe, capacity);
    this.rng = new Rng(this.seed);
  }

  onHit(): void {}

  makeRoom(): void {
    const resident = this.resident!;
    const victim = resident.at(this.rng.int(resident.size));
    resident.delete(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number): void {
    this.resident!.add(page);
  }
}

/** Registry entry of {@link RandomEviction}. */
export const randomInfo: PolicyInfo = {
  name: "random",
  aliases: ["rand"],
  family: "classical",
  summary: "evict a uniformly random page, seeded (Raghavan–Snir 1989)",
  offline: false,
  randomized: true,
  needs: [],
  create: (k, o) => new RandomEviction(k, o.seed ?? 0),
};
