import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { PageMaxSet } from "../structures/page-max-set.ts";
import { CacheSlots } from "../structures/cache-slots.ts";
import { predictionAt, requireNextArrival } from "./next-arrival-input.ts";

/**
 * FollowPredMarking, the deterministic marking algorithm that follows the predictions — the
 * reference code's `FollowPredMarking` (github adampolak/mts-with-predictions; with perfect
 * predictions it is the study's "OPTMarking"). Requested pages are marked; on a fault with a
 * full, all-marked cache every page is unmarked (a new k-phase); the victim is always the
 * unmarked page with the largest prediction (the one attached to its latest request).
 *
 * **Tie-break** (the reference's `max((pred, slot))`): among equal predictions, the page in the
 * highest slot (`CacheSlots`).
 *
 * **Guarantees** [D, tested]:
 * - At most k faults per k-phase whatever the predictions (marking), so ALG ≤ k·OPT.
 * - With perfect predictions it faults only on clean pages: exactly Σ_i c_i, which no marking
 *   algorithm beats (each clean page faults once under any of them), and ≤ 2·OPT by (T3).
 *
 * Cost: the unmarked pages in a `PageMaxSet`, refilled in O(k) per phase — for k ≤ 32 an
 * array scanned at each fault (O(1) per hit, O(k) per fault), above it an indexed max-heap
 * (O(log k) per request). No allocation per request.
 */
export class FollowPredMarking implements Policy {
  private unmarked: PageMaxSet | null = null;
  private slots: CacheSlots | null = null;
  private lastPrediction!: Float64Array;
  private predictions!: Predictions;
  private cache!: CacheState;

  constructor(readonly k: number) {}

  reset(ctx: RunContext): void {
    this.predictions = requireNextArrival(ctx, "follow-pred-marking");
    this.cache = ctx.cache;
    const u = ctx.universe;
    const capacity = Math.min(this.k, u);
    if (this.unmarked === null || this.unmarked.universe < u || this.unmarked.capacity < capacity) {
      this.unmarked = new PageMaxSet(u, capacity);
      this.slots = new CacheSlots(u, capacity);
      this.lastPrediction = new Float64Array(u);
    } else {
      this.unmarked.clear();
      this.slots!.clear();
    }
  }

  onHit(page: number, t: number): void {
    this.lastPrediction[page] = predictionAt(this.predictions, t);
    if (this.unmarked!.has(page)) this.unmarked!.delete(page);
  }

  makeRoom(): void {
    const heap = this.unmarked!;
    if (heap.size === 0) {
      const slots = this.slots!;
      for (let s = 0; s < slots.size; s++) heap.push(slots.pageAt[s], this.lastPrediction[slots.pageAt[s]], s);
      heap.heapify();
    }
    const victim = heap.popMax();
    this.slots!.release(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.lastPrediction[page] = predictionAt(this.predictions, t);
    this.slots!.place(page);
  }
}

/** Registry entry of {@link FollowPredMarking}. */
export const followPredMarkingInfo: PolicyInfo = {
  name: "follow-pred-marking",
  family: "learning-augmented",
  summary: "deterministic marking, furthest-predicted unmarked victim (ACEPS FollowPredMarking; OPTMarking with perfect predictions)",
  offline: false,
  randomized: false,
  needs: ["nextArrival"],
  create: (k) => new FollowPredMarking(k),
};
