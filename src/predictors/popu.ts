import type { OnlineNextArrivalPredictor } from "./online-predictor.ts";

/**
 * POPU, the popularity predictor of Antoniadis et al. (ICML 2020; adampolak/mts-with-predictions
 * `PredPopularity`): a page requested c times among the first s requests is predicted back
 * after s/c more, i.e. the request at 1-based time s = t + 1 predicts s + s/c_s(p) (current
 * request counted). These are the reference's numbers exactly; in the 0-based time of the
 * oracle they are one step late (t + 1 + (t+1)/c rather than t + (t+1)/c), a constant shift
 * that changes no algorithm's choice. Every prediction is > t. O(1) per request.
 */
export class Popu implements OnlineNextArrivalPredictor {
  readonly name = "popu";
  private seen = 0;
  private counts = new Int32Array(64);

  reset(): void {
    this.seen = 0;
    this.counts.fill(0);
  }

  next(page: number): number {
    const s = ++this.seen;
    if (page >= this.counts.length) {
      const bigger = new Int32Array(Math.max(page + 1, this.counts.length * 2));
      bigger.set(this.counts);
      this.counts = bigger;
    }
    const c = ++this.counts[page];
    return s + s / c;
  }
}
