import type { Policy, RunContext } from "../core/policy.ts";
import { TrajectoryReplay, type TrajectoryIdentity } from "../core/trajectory.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { IndexSet } from "../structures/index-set.ts";
import { Rng } from "../core/rng.ts";

/**
 * Marker, the randomized marking algorithm (Fiat, Karp, Luby, McGeoch, Sleator, Young,
 * J. Algorithms 1991): like deterministic marking, but the victim is a uniformly random
 * unmarked page (seeded). Faults at most k times per k-phase for every seed (so ≤ k·OPT
 * surely), and E[faults in phase i] ≤ c_i(H_k − H_{c_i} + 1), giving E[Marker] ≤ 2H_k·OPT
 * (FKLMSY 1991; the tight ratio 2H_k − 1 is due to Achlioptas, Chrobak & Noga, TCS 2000).
 * O(1) per request.
 */
export class Marker implements Policy {
  private unmarked: IndexSet | null = null;
  private marked: IndexSet | null = null;
  private rng!: Rng;
  private cache!: CacheState;

  private identity: TrajectoryIdentity;
  private readonly replay = new TrajectoryReplay();
  /** True while a run recorded in the run's memo is replayed (no marks or draws then). */
  private replaying = false;
  private seedValue: number;

  constructor(
    readonly k: number,
    seed: number,
  ) {
    this.seedValue = seed;
    this.identity = markerIdentity(k, seed);
  }

  /** Its choices follow from the requests, k and the seed: a study may replay a finished run. */
  get trajectory(): TrajectoryIdentity {
    return this.identity;
  }

  /** Seed of the victim choices; every `reset` restarts from it, `reseed` changes it (and the memo key with it). */
  get seed(): number {
    return this.seedValue;
  }

  reseed(seed: number): void {
    this.seedValue = seed;
    this.identity = markerIdentity(this.k, seed);
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    // At most min(k, universe) pages are ever resident (a k beyond the universe must not
    // allocate k slots).
    const capacity = Math.min(this.k, ctx.universe);
    // A run over the same universe keeps the sets (allocating costs more than a short run's
    // work): cleared, they hand out positions as new ones, so the random choices repeat.
    if (this.unmarked !== null && this.unmarked.universe === ctx.universe && this.unmarked.capacity === capacity) {
      this.unmarked.clear();
      this.marked!.clear();
    } else {
      this.unmarked = new IndexSet(ctx.universe, capacity);
      this.marked = new IndexSet(ctx.universe, capacity);
    }
    this.rng = new Rng(this.seedValue);
    this.replaying = this.replay.begin(this, ctx);
  }

  onHit(page: number): void {
    if (this.replaying) return;
    const unmarked = this.unmarked!;
    if (unmarked.has(page)) {
      unmarked.delete(page);
      this.marked!.add(page);
    }
  }

  makeRoom(_page: number, t: number): void {
    if (this.replaying) {
      this.replay.evict(t);
      return;
    }
    if (this.unmarked!.size === 0) {
      const swap = this.unmarked;
      this.unmarked = this.marked;
      this.marked = swap;
    }
    const unmarked = this.unmarked!;
    const victim = unmarked.at(this.rng.int(unmarked.size));
    unmarked.delete(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number): void {
    if (this.replaying) return;
    this.marked!.add(page);
  }
}

/** Registry entry of {@link Marker}. */
export const markerInfo: PolicyInfo = {
  name: "marker",
  family: "classical",
  summary: "randomized marking: random unmarked victim, seeded (FKLMSY 1991; 2H_k-competitive)",
  offline: false,
  randomized: true,
  needs: [],
  create: (k, o) => new Marker(k, o.seed ?? 0),
};

function markerIdentity(k: number, seed: number): TrajectoryIdentity {
  return { key: `marker/${k}/${seed}`, readsNextArrival: false };
}
