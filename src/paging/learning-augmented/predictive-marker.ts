import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { Rng } from "../core/rng.ts";
import { PredictedPhase } from "./predicted-phase.ts";
import { predictionAt, requireNextArrival } from "./next-arrival-input.ts";

/**
 * PredictiveMarker (Lykouris & Vassilvitskii, "Competitive caching with machine learned
 * advice", ICML 2018; JACM 68(4), 2021; arXiv 1802.05399), as the reference code implements it
 * (github adampolak/mts-with-predictions `PredMarker`; same rule in OptiSys-ZJU/Cache-Coliseum
 * `PredictiveMarker`, which however never resets its chains between phases — not followed).
 *
 * A marking algorithm. Requested pages are marked. On a fault with a full cache whose pages are
 * all marked, a phase starts: the stale set S := the cache, every page is unmarked and the chains
 * are dropped. Then, on a fault on page p:
 * - p ∉ S (clean): evict the unmarked page with the largest prediction and start a new chain of
 *   length 1 whose representative is the victim;
 * - p ∈ S (stale; p is then the representative of exactly one chain): that chain's length ℓ
 *   grows by one; if ℓ ≤ H_k evict the unmarked page with the largest prediction, else a
 *   uniformly random unmarked page (seeded); the victim becomes the chain's representative.
 *
 * A page's prediction is the one attached to its latest request. **Tie-break** (the reference
 * code's `max((pred, slot))`): among equal predictions, the page in the highest slot
 * (`CacheSlots`). H_k is summed in floating point as the reference does; ℓ ≤ H_k is
 * ℓ ≤ ⌊H_k⌋ (H_k is not an integer for k ≥ 2).
 *
 * **Guarantees.**
 * - At most k faults per k-phase for every seed (a marking algorithm), hence ALG ≤ k·OPT
 *   [paging-theory.md (T2), tested].
 * - With perfect predictions (never-again pages above every finite arrival) it never faults on
 *   a stale page, so it costs exactly Σ_i c_i, the number of clean pages — hence ≤ 2·OPT by
 *   (T3) [D, tested exactly].
 * - E[ALG] ≤ min(2 + 2√(5η/OPT), 4H_k)·OPT, η = Σ_t |h_t − y_t| (JACM / arXiv version,
 *   Thm 3.3) [2nd, paging-theory.md §3]; in O-form O(1 + min(√(η/OPT), log k)) [P, quoted in
 *   Rohatgi's abstract]. So O(log k)-robust.
 *
 * O(log k) per request (an indexed max-heap of the unmarked pages; a phase start rebuilds it in
 * O(k), once per ≥ k requests); no allocation per request.
 */
export class PredictiveMarker implements Policy {
  private phase: PredictedPhase | null = null;
  /** `repIn[p] === phase.epoch` iff p represents chain `chainOf[p]` in the current phase. */
  private repIn!: Int32Array;
  private chainOf!: Int32Array;
  private chainLength!: Int32Array;
  private chains = 0;
  private threshold = -1;
  private rng!: Rng;
  private predictions!: Predictions;
  private cache!: CacheState;

  constructor(
    readonly k: number,
    /** Seed of the random evictions; every `reset` restarts from it, `reseed` changes it. */
    public seed: number,
  ) {}

  reseed(seed: number): void {
    this.seed = seed;
  }

  reset(ctx: RunContext): void {
    this.predictions = requireNextArrival(ctx, "predictive-marker");
    this.cache = ctx.cache;
    this.rng = new Rng(this.seed);
    const u = ctx.universe;
    const capacity = Math.min(this.k, u);
    const previous = this.phase;
    this.phase = PredictedPhase.fit(previous, u, capacity);
    if (this.phase !== previous) {
      this.repIn = new Int32Array(u);
      this.chainOf = new Int32Array(u);
      this.chainLength = new Int32Array(capacity + 1);
    }
    if (this.phase.nextEpoch()) this.repIn.fill(0);
  }

  onHit(page: number, t: number): void {
    this.phase!.hit(page, predictionAt(this.predictions, t));
  }

  makeRoom(page: number): void {
    const phase = this.phase!;
    const heap = phase.unmarked;
    if (heap.size === 0) this.startPhase();
    const epoch = phase.epoch;
    let victim: number;
    let chain: number;
    if (!phase.isStale(page)) {
      victim = heap.max();
      chain = this.chains++;
      this.chainLength[chain] = 1;
    } else {
      if (this.repIn[page] !== epoch) throw new Error(`predictive-marker: stale page ${page} represents no chain`);
      chain = this.chainOf[page];
      this.repIn[page] = 0;
      const length = ++this.chainLength[chain];
      victim = length <= this.threshold ? heap.max() : heap.at(this.rng.int(heap.size));
    }
    this.repIn[victim] = epoch;
    this.chainOf[victim] = chain;
    phase.remove(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.phase!.insert(page, predictionAt(this.predictions, t));
  }

  /** All pages are marked and a page faults: S := cache, unmark all, drop the chains. */
  private startPhase(): void {
    if (this.threshold < 0) this.threshold = Math.floor(harmonicAsReference(this.k));
    if (this.phase!.startPhase()) this.repIn.fill(0);
    this.chains = 0;
  }
}

/** H_k summed as the reference code does (1 + 1/2 + … + 1/k in floating point). */
export function harmonicAsReference(k: number): number {
  let h = 1;
  for (let i = 2; i <= k; i++) h += 1 / i;
  return h;
}

/** Registry entry of {@link PredictiveMarker}. */
export const predictiveMarkerInfo: PolicyInfo = {
  name: "predictive-marker",
  family: "learning-augmented",
  summary: "marking with furthest-predicted victims, random after chains longer than H_k (Lykouris & Vassilvitskii 2018; O(log k)-robust)",
  offline: false,
  randomized: true,
  needs: ["nextArrival"],
  create: (k, o) => new PredictiveMarker(k, o.seed ?? 0),
};
