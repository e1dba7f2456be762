import { predictionAt, requireNextArrival } from "../learning-augmented/next-arrival-input.ts";
import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { Rng } from "../core/rng.ts";
import { IndexSet } from "../structures/index-set.ts";
import { ScoreHeap } from "../structures/score-heap.ts";

/**
 * Guard over BlindOracle (Chen, Zhao, Zhang, Tang, Wang & Deng, "Robustifying Learning-Augmented
 * Caching Efficiently without Compromising 1-Consistency", NeurIPS 2025, arXiv 2507.16242):
 * follow the predictions — evict the unguarded page with the largest predicted next arrival —
 * until a prediction is caught wrong, then guard.
 *
 * Claims [P abstract]: 1-consistent, robustness 2H_{k−1} + 2 (v1 of the abstract: 2H_k + 2),
 * O(1) extra work per request; it applies to "a broad class" of prediction-following
 * algorithms (a third-party summary calls them relaxed-Belady-following). The rule below is
 * reconstructed from the authors' code [C: OptiSys-ZJU/Cache-Coliseum cache/evict/algorithms.py,
 * class `Guard`, with `relax_times = relax_prob = 0` and `follow_if_guarded = False`, its
 * defaults], not from the paper's pseudocode, which could not be read:
 *
 * - A phase starts at a fault with a full cache once every page cached at the previous phase
 *   start has been requested or evicted; its "old unvisited" pages are then the whole cache, and
 *   all guards are lifted.
 * - On a fault on p: if p was evicted earlier in this phase (a caught misprediction), evict a
 *   uniformly random old page not yet requested in the phase, and guard p for the rest of the
 *   phase; otherwise evict the unguarded page with the largest predicted next arrival (of its
 *   latest request; ties → least recently requested).
 *
 * With perfect predictions it never guards (a page Belady evicts returns only after every other
 * cached page was requested, which ends the phase), so it is Belady: cost = OPT (tested
 * exactly). O(log k) per request (heap of unguarded pages), amortized O(1) per phase start.
 */
export class Guard implements Policy {
  private cache!: CacheState;
  private predictions!: Predictions;
  private rng!: Rng;
  private score!: Float64Array;
  private lastRequest!: Int32Array;
  private unguarded!: ScoreHeap;
  private residents!: IndexSet;
  private oldUnvisited!: IndexSet;
  private guarded!: Int32Array;
  private guardedCount = 0;
  private evictedInPhase!: Int32Array;
  private phase = 0;
  private guardNext = false;
  private guardCount = 0;

  constructor(
    readonly k: number,
    /** Seed of the random evictions of guarded faults; every reset restarts from it, `reseed` changes it. */
    public seed: number,
  ) {}

  /** Faults at which a misprediction was caught (and the page guarded), in the current run. */
  get guards(): number {
    return this.guardCount;
  }

  reseed(seed: number): void {
    this.seed = seed;
  }

  reset(ctx: RunContext): void {
    this.predictions = requireNextArrival(ctx, "guard");
    this.cache = ctx.cache;
    this.rng = new Rng(this.seed);
    const u = ctx.universe;
    const capacity = Math.min(this.k, u);
    this.score = new Float64Array(u);
    this.lastRequest = new Int32Array(u);
    this.unguarded = new ScoreHeap(this.score, this.lastRequest, u, capacity);
    this.residents = new IndexSet(u, capacity);
    this.oldUnvisited = new IndexSet(u, capacity);
    this.guarded = new Int32Array(capacity);
    this.guardedCount = 0;
    this.evictedInPhase = new Int32Array(u);
    this.phase = 0;
    this.guardNext = false;
    this.guardCount = 0;
  }

  onHit(page: number, t: number): void {
    this.score[page] = predictionAt(this.predictions, t);
    this.lastRequest[page] = t;
    if (this.unguarded.has(page)) this.unguarded.update(page);
    if (this.oldUnvisited.has(page)) this.oldUnvisited.delete(page);
  }

  makeRoom(page: number): void {
    if (this.oldUnvisited.size === 0) this.startPhase();
    let victim: number;
    if (this.evictedInPhase[page] === this.phase) {
      // Caught: the prediction-following choice evicted a page this phase still needed.
      victim = this.oldUnvisited.at(this.rng.int(this.oldUnvisited.size));
      this.guardNext = true;
      this.guardCount++;
    } else {
      victim = this.unguarded.max();
    }
    this.evictedInPhase[victim] = this.phase;
    if (this.unguarded.has(victim)) this.unguarded.delete(victim);
    if (this.oldUnvisited.has(victim)) this.oldUnvisited.delete(victim);
    this.residents.delete(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.score[page] = predictionAt(this.predictions, t);
    this.lastRequest[page] = t;
    this.residents.add(page);
    if (this.guardNext) {
      this.guardNext = false;
      this.guarded[this.guardedCount++] = page;
    } else {
      this.unguarded.add(page);
    }
  }

  private startPhase(): void {
    this.phase++;
    for (let i = 0; i < this.guardedCount; i++) {
      // A guarded page stays cached until the phase ends: only unguarded pages are evicted.
      this.unguarded.add(this.guarded[i]);
    }
    this.guardedCount = 0;
    const old = this.oldUnvisited;
    while (old.size > 0) old.delete(old.at(old.size - 1));
    for (let i = 0; i < this.residents.size; i++) old.add(this.residents.at(i));
  }
}

/** Registry entry of {@link Guard}. */
export const guardInfo: PolicyInfo = {
  name: "guard",
  family: "learning-augmented",
  summary: "BlindOracle until a page evicted this phase returns, then random old-page eviction and a guard (Chen et al., NeurIPS 2025)",
  offline: false,
  randomized: true,
  needs: ["nextArrival"],
  create: (k, o) => new Guard(k, o.seed ?? 0),
};
