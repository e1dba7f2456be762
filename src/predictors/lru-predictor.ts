import type { OnlineNextArrivalPredictor } from "./online-predictor.ts";

/**
 * The LRU "predictor" of ACEPS (adampolak/mts-with-predictions `PredLRU`): request t predicts
 * −t. It is no arrival time — only its order is meant: the page whose last request is oldest
 * looks furthest, so following these predictions (evict the largest) is exactly LRU. The
 * values are negative, so an ℓ1 error against them is meaningless and the prediction file
 * format (non-negative times) does not hold them. O(1) per request.
 */
export class LruPredictor implements OnlineNextArrivalPredictor {
  readonly name = "lru";
  private seen = 0;

  reset(): void {
    this.seen = 0;
  }

  next(_page: number): number {
    return -this.seen++;
  }
}
