import { InputError } from "../errors.ts";

/**
 * A learned next-arrival predictor that runs online: it sees the requests one at a time and
 * predicts, for the request just seen, when its page will be requested next. The prediction
 * for request t depends on requests 0..t only, so it can feed a step-by-step run (an adaptive
 * adversary's `Stepper`) as well as a whole-trace one.
 */
export interface OnlineNextArrivalPredictor {
  /** Registry name (`pleco`, `popu`, `lru`). */
  readonly name: string;
  /** Forget every request seen; the next one is time 0. */
  reset(): void;
  /**
   * See the next request (time t = number seen so far) to dense page `page` and return the
   * predicted time of the page's next request, in the predictor's own scale (only the order
   * of predictions matters to the algorithms).
   */
  next(page: number): number;
}

/**
 * Predictions of `predictor` for every request of `requests`, after a reset: entry t is what it
 * predicts on seeing request t — the same values a step-by-step run gets. O(n) calls.
 */
export function predictAll(predictor: OnlineNextArrivalPredictor, requests: Int32Array): Float64Array {
  predictor.reset();
  const out = new Float64Array(requests.length);
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (!(p >= 0)) throw new InputError(`request ${t}: page ${p} is negative; expected dense ids ≥ 0`);
    out[t] = predictor.next(p);
  }
  return out;
}
