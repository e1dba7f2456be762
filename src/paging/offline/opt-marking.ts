import { InputError } from "../../errors.ts";
import type { Policy, Predictions, RunContext } from "../core/policy.ts";
import type { PolicyInfo } from "../registry.ts";
import { FollowPredMarking } from "../learning-augmented/follow-pred-marking.ts";
import { nextUseTimes } from "./next-use.ts";

/**
 * OPTMarking, the offline baseline of the learning-augmented paging study (Antoniadis, Coester,
 * Eliáš, Polak & Simon, ICML 2020, code `OPTMarking`): the deterministic marking algorithm whose
 * victim is the unmarked page requested furthest in the future — {@link FollowPredMarking} fed
 * the exact next arrivals, computed here from the whole sequence (never-again pages rank above
 * all others and tie among themselves, broken by the highest cache slot as in the study).
 *
 * Guarantee [D, tested through FollowPredMarking]: it faults exactly on the clean pages,
 * Σ_i c_i — the least any marking algorithm can — hence ≤ 2·OPT (T3) and ≤ k faults per
 * k-phase. It measures what marking itself costs, whatever the predictions.
 * O(n + universe) preprocessing, then O(log k) per request.
 */
export class OptMarking implements Policy {
  readonly offline = true;
  private readonly inner: FollowPredMarking;

  constructor(readonly k: number) {
    this.inner = new FollowPredMarking(k);
  }

  reset(ctx: RunContext): void {
    if (ctx.requests === null) throw new InputError("opt-marking is offline: it needs the whole trace");
    const n = ctx.requests.length;
    const next = nextUseTimes(ctx.requests, ctx.universe);
    const nextArrival = new Float64Array(n);
    for (let t = 0; t < n; t++) nextArrival[t] = next[t] < n ? next[t] : Infinity;
    // Other predictions than the run's: the run's memo of finished runs does not apply inside.
    // Built as callers build theirs (empty, then the field): a `{ nextArrival }` literal has a
    // shape of its own, and the first run on a second trace generalized its field, which
    // deoptimized the compiled loops that read predictions (~20 in the BrightKite study).
    const predictions: Predictions = {};
    predictions.nextArrival = nextArrival;
    this.inner.reset({ ...ctx, predictions, memo: undefined });
  }

  onHit(page: number, t: number): void {
    this.inner.onHit(page, t);
  }

  makeRoom(): void {
    this.inner.makeRoom();
  }

  onInsert(page: number, t: number): void {
    this.inner.onInsert(page, t);
  }
}

/** Registry entry of {@link OptMarking}. */
export const optMarkingInfo: PolicyInfo = {
  name: "opt-marking",
  family: "offline",
  summary: "offline marking: evict the unmarked page requested furthest in the future (ACEPS OPTMarking; = Σ c_i)",
  offline: true,
  randomized: false,
  needs: [],
  create: (k) => new OptMarking(k),
};
