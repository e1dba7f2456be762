import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo, PolicyOptions } from "../registry.ts";
import { Rng } from "../core/rng.ts";
import { IndexSet } from "../structures/index-set.ts";
import { IntList } from "../structures/int-list.ts";
import { ShadowRun } from "./shadow.ts";
import { OptTracker } from "./opt-tracker.ts";

/**
 * F&R, "Follower and Robust" (Abdel Sadek & Eliáš, "Algorithms for Caching and MTS with reduced
 * number of predictions", ICLR 2024, arXiv 2404.06280) with action predictions: the predicted
 * cache after each request is the cache of the part (by default `blind-oracle`, whose cache is
 * what Cache-Coliseum's state predictor feeds F&R [C]). Claims [P abstract]: 1-consistent and
 * robust; "O(log k)-robust" [2nd: a summary of Chen et al. 2025]. The paper's body could not be
 * read; this is a reconstruction from the authors' description and Cache-Coliseum's
 * `FollowerRobust` [C: OptiSys-ZJU/Cache-Coliseum cache/evict/algorithms.py], with predictions
 * available at every request (the paper's point — using few of them — does not arise here):
 *
 * - Follower: the cache follows the predicted cache lazily, while its faults since the follower
 *   started do not exceed OPT's cost on the same stretch. The code compares with a Belady run;
 *   here OPT's cost on the requests so far is exact and online ({@link OptTracker}).
 * - When the follower exceeds it, Robust runs one marking phase on a virtual cache started from
 *   the k most recently requested pages other than the current one (as the code does); it ends
 *   after k distinct pages have been requested in it, and the follower restarts. On a virtual
 *   fault on p: if p is the phase's first request to p and p is new to the phase or was in the
 *   predicted cache just before, evict a uniformly random virtual page the predicted cache lacks
 *   (the code's "clean arrival" and "reload" cases); otherwise evict a uniformly random unmarked
 *   virtual page. Requests mark pages (the code marks only faulting ones); the code's
 *   prediction-query windows are not modelled.
 * - The real cache follows the current target (predicted or virtual cache) lazily, evicting the
 *   least recently requested page the target lacks.
 *
 * Guarantee [D] of this reconstruction, every run: cost ≤ OPT + (3k + 1)·(robust phases) —
 * a follower stretch costs at most its OPT increase + 1, a robust phase at most its virtual
 * cache's loads (≤ 2k) plus the k pages the real cache may lack when it starts. With perfect
 * predictions it never leaves the follower, so cost = OPT (tested exactly). O(1) per request
 * plus the part's work, the lazy eviction's scan (O(k) worst case) and O(k) per robust phase.
 */
export class FollowerRobust implements Policy {
  /** True when the part is offline. */
  readonly offline: boolean;
  private readonly shadows: ShadowRun;
  private cache!: CacheState;
  private rng!: Rng;
  private own!: IntList;
  private recent!: IntList;
  private opt!: OptTracker;
  // The robust phase's virtual cache R.
  private inR!: Uint8Array;
  private r!: IndexSet;
  private rUnmarked!: IndexSet;
  private markedIn!: Int32Array; // phase id of the page's last mark
  private oldIn!: Int32Array; // phase id for which the page was in R's starting set
  private scratch!: Int32Array;
  private phase = 0;
  private robust = false;
  private targetIsR = false;
  private arrivals = 0;
  private followerCost = 0;
  private optAtStart = 0;
  private advancedAt = -1;
  private robustCount = 0;

  /**
   * @param k cache size
   * @param part the algorithm whose cache is the predicted cache, built for k
   * @param seed seed of the robust phase's random evictions
   */
  constructor(
    readonly k: number,
    part: Policy,
    /** Seed of the robust phase's choices; every reset restarts from it, `reseed` changes it. */
    public seed: number,
  ) {
    this.shadows = new ShadowRun(k, [part]);
    this.offline = this.shadows.offline;
  }

  /** Robust phases started in the current run. */
  get robustPhases(): number {
    return this.robustCount;
  }

  /** OPT's cost on the requests served so far in the current run. */
  get optSoFar(): number {
    return this.opt.cost;
  }

  /** The combiner's own choices only: its part is reseeded by the registry's `reseedPolicy`. */
  reseed(seed: number): void {
    this.seed = seed;
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.shadows.reset(ctx);
    const u = ctx.universe;
    const capacity = Math.min(this.k, u);
    this.rng = new Rng(this.seed);
    this.own = new IntList(u);
    this.recent = new IntList(u);
    this.opt = new OptTracker(this.k, u);
    this.inR = new Uint8Array(u);
    this.r = new IndexSet(u, capacity);
    this.rUnmarked = new IndexSet(u, capacity);
    this.markedIn = new Int32Array(u);
    this.oldIn = new Int32Array(u);
    this.scratch = new Int32Array(capacity);
    this.phase = 0;
    this.robust = false;
    this.targetIsR = false;
    this.arrivals = 0;
    this.followerCost = 0;
    this.optAtStart = 0;
    this.advancedAt = -1;
    this.robustCount = 0;
  }

  onHit(page: number, t: number): void {
    this.advance(page, t, false);
    this.own.moveToBack(page);
  }

  makeRoom(page: number, t: number): void {
    this.advance(page, t, true);
    const target = this.targetIsR ? this.inR : this.shadows.caches[0].resident;
    let victim = this.own.front();
    while (target[victim] === 1) victim = this.own.after(victim);
    this.own.remove(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.advance(page, t, true);
    this.own.pushBack(page);
  }

  private advance(p: number, t: number, fault: boolean): void {
    if (this.advancedAt === t) return;
    this.advancedAt = t;
    const predicted = this.shadows.caches[0].resident[p] === 1;
    this.shadows.step(p, t);
    this.opt.request(p);
    if (!this.robust && fault) {
      this.followerCost++;
      if (this.followerCost > this.opt.cost - this.optAtStart) this.startRobust(p);
    }
    this.targetIsR = this.robust;
    if (this.robust) {
      this.robustRequest(p, predicted);
      if (this.arrivals >= this.k) {
        this.robust = false;
        this.followerCost = 0;
        this.optAtStart = this.opt.cost;
      }
    }
    if (this.recent.has(p)) this.recent.moveToBack(p);
    else this.recent.pushBack(p);
  }

  private startRobust(p: number): void {
    this.robust = true;
    this.robustCount++;
    this.phase++;
    this.arrivals = 0;
    while (this.r.size > 0) {
      const q = this.r.at(this.r.size - 1);
      this.r.delete(q);
      this.inR[q] = 0;
    }
    while (this.rUnmarked.size > 0) this.rUnmarked.delete(this.rUnmarked.at(this.rUnmarked.size - 1));
    // The k most recently requested pages other than p (the code's starting set).
    for (let q = this.recent.size > 0 ? this.recent.back() : -1; q >= 0 && this.r.size < this.k; q = this.recent.before(q)) {
      if (q === p) continue;
      this.r.add(q);
      this.inR[q] = 1;
      this.oldIn[q] = this.phase;
      this.rUnmarked.add(q);
    }
  }

  private robustRequest(p: number, predicted: boolean): void {
    const arrival = this.markedIn[p] !== this.phase;
    if (arrival) {
      this.markedIn[p] = this.phase;
      this.arrivals++;
      if (this.rUnmarked.has(p)) this.rUnmarked.delete(p);
    }
    if (this.inR[p] === 1) return;
    if (this.r.size >= Math.min(this.k, this.inR.length)) {
      const followPrediction = arrival && (this.oldIn[p] !== this.phase || predicted);
      const victim = followPrediction ? this.outsidePrediction() : this.rUnmarked.at(this.rng.int(this.rUnmarked.size));
      this.r.delete(victim);
      this.inR[victim] = 0;
      if (this.rUnmarked.has(victim)) this.rUnmarked.delete(victim);
    }
    this.r.add(p);
    this.inR[p] = 1;
  }

  // A uniformly random page of R that the predicted cache lacks (one exists: the predicted
  // cache holds the requested page, R does not, and both hold at most k pages).
  private outsidePrediction(): number {
    const predicted = this.shadows.caches[0].resident;
    let n = 0;
    for (let i = 0; i < this.r.size; i++) {
      const q = this.r.at(i);
      if (predicted[q] === 0) this.scratch[n++] = q;
    }
    if (n === 0) throw new Error("follower-robust: every virtual page is predicted");
    return this.scratch[this.rng.int(n)];
  }
}

/** Builds {@link FollowerRobust} from registry options. */
export function createFollowerRobust(k: number, o: PolicyOptions): FollowerRobust {
  const parts = o.parts ?? [];
  if (parts.length !== 1) throw new InputError(`follower-robust needs exactly one part (the predictor), got ${parts.length}`);
  return new FollowerRobust(k, parts[0], o.seed ?? 0);
}

/** Registry entry of {@link FollowerRobust}; its part gives the predicted caches (default blind-oracle). */
export const followerRobustInfo: PolicyInfo = {
  name: "follower-robust",
  family: "combiner",
  summary: "F&R: follow the predicted cache while within OPT's cost so far, else a marking phase (Sadek–Eliáš 2024); default part blind-oracle",
  offline: false,
  randomized: true,
  needs: ["nextArrival"],
  parts: { min: 1, max: 1, defaults: ["blind-oracle"], randomized: true },
  create: createFollowerRobust,
};
