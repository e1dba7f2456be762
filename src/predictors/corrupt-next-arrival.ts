import { Rng } from "../paging/core/rng.ts";
import { beladyWindows, orderByKey, type BeladyWindows } from "./belady-windows.ts";
import { checkBudget, checkK, checkSeed } from "./checks.ts";
import type { NeverAgain } from "./never-again.ts";
import { perfectNextArrival, universeOf } from "./perfect-next-arrival.ts";

/** Options of {@link targetedNextArrival}. */
export interface NextArrivalCorruptionOptions {
  /** Cache size the corruption aims at (it decides where an eviction can be misdirected). */
  readonly k: number;
  /** ℓ1 budget: a non-negative integer, or `Infinity` for the strategy's whole capacity. */
  readonly budget: number;
  /** Never-again convention of the untouched entries (default `Infinity`). */
  readonly neverAgain?: NeverAgain | undefined;
  /** Dense universe size (default: max page + 1). */
  readonly universe?: number | undefined;
}

/** Options of {@link randomNextArrival}: as targeted, plus the seed choosing the positions. */
export interface RandomNextArrivalOptions extends NextArrivalCorruptionOptions {
  /** Seed of the random order of positions; same seed, same corruption. */
  readonly seed: number;
}

/** A corrupted copy of the perfect next-arrival predictions. */
export interface NextArrivalCorruption {
  /** The predictions: perfect except at the corrupted entries. */
  readonly predictions: Float64Array;
  /**
   * ℓ1 distance to the perfect predictions: exactly min(budget, capacity), an integer (only
   * entries with a real next request change, by integers, so the never-again convention does
   * not enter).
   */
  readonly spent: number;
  /** Entries moved all the way to their target (at most one more is moved part way). */
  readonly moved: number;
  /** Total cost of every move the strategy may make: the most it can spend. */
  readonly capacity: number;
}

/**
 * Targeted corruption of next-arrival predictions within an ℓ1 budget: it spends the budget
 * where a follower of the predictions (e.g. FollowPred / BlindOracle, which evicts the resident
 * page predicted furthest) is misled into an extra fault.
 *
 * Definitions (y_t = true next arrival, n = never; Belady = the project's MIN with cache k; a
 * *costly* eviction is one whose victim is requested again — Belady evicts never-again pages
 * first, so there none of them is left in its cache):
 * - the *move* at a request t with y_t < n raises its prediction to T_t = 1 + max{y_j < n :
 *   j ≤ g_t}, where g_t is the first costly Belady eviction after t, if that lies before y_t,
 *   else t. At g_t the page then looks later than the true next request of every page seen so
 *   far that recurs, so a follower with otherwise true predictions evicts it there instead of
 *   Belady's victim (never-again pages would still look later, hence "costly"). Cost
 *   c_t = T_t − y_t ≥ 1.
 * - *candidates*: requests with y_t < n that Belady keeps until y_t although it makes a costly
 *   eviction in (t, y_t) — misdirecting that eviction onto the page costs a fault at y_t that
 *   the optimum does not pay.
 * - candidates are taken cheapest first (ties: earlier t), each moved fully while the budget
 *   allows; the remainder r > 0 then raises the next candidate by r only, so that exactly
 *   min(budget, capacity) is spent, capacity = Σ c_t over candidates.
 *
 * Cheapest first maximizes the number of misdirected pages bought with the budget. That this
 * hurts at least as much as the same moves at random positions ({@link randomNextArrival}) is
 * a measured observation on BrightKite users with k = 10 (test/predictors; FollowPred and its
 * marking variant), not a theorem. O(n + universe) plus one Belady run.
 */
export function targetedNextArrival(requests: Int32Array, options: NextArrivalCorruptionOptions): NextArrivalCorruption {
  const budget = checkBudget("ℓ1 budget", options.budget);
  const { windows, target, predictions } = prepare(requests, options);
  const { next, evictedAt, nextCostly } = windows;
  const n = requests.length;
  let count = 0;
  for (let t = 0; t < n; t++) if (isCandidate(t, next, evictedAt, nextCostly, n)) count++;
  const candidates = new Int32Array(count);
  count = 0;
  for (let t = 0; t < n; t++) if (isCandidate(t, next, evictedAt, nextCostly, n)) candidates[count++] = t;
  const order = orderByKey(candidates, (t) => target[t] - next[t], n);
  return spend(predictions, next, target, order, budget);
}

/**
 * The control for {@link targetedNextArrival}: the same moves, at positions drawn uniformly at
 * random (a seeded random order of all requests with a real next request), spent the same way,
 * so exactly min(budget, capacity) is spent with capacity = Σ c_t over all such requests.
 */
export function randomNextArrival(requests: Int32Array, options: RandomNextArrivalOptions): NextArrivalCorruption {
  const budget = checkBudget("ℓ1 budget", options.budget);
  checkSeed(options.seed);
  const { windows, target, predictions } = prepare(requests, options);
  const { next } = windows;
  const n = requests.length;
  let count = 0;
  for (let t = 0; t < n; t++) if (next[t] < n) count++;
  const order = new Int32Array(count);
  count = 0;
  for (let t = 0; t < n; t++) if (next[t] < n) order[count++] = t;
  const rng = new Rng(options.seed);
  for (let j = order.length - 1; j > 0; j--) {
    const r = rng.int(j + 1);
    const x = order[j];
    order[j] = order[r];
    order[r] = x;
  }
  return spend(predictions, next, target, order, budget);
}

function isCandidate(t: number, next: Int32Array, evictedAt: Int32Array, nextCostly: Int32Array, n: number): boolean {
  return next[t] < n && evictedAt[t] < 0 && nextCostly[t] < next[t];
}

function prepare(
  requests: Int32Array,
  options: NextArrivalCorruptionOptions,
): { windows: BeladyWindows; target: Float64Array; predictions: Float64Array } {
  const k = checkK(options.k);
  const universe = options.universe ?? universeOf(requests);
  const predictions = perfectNextArrival(requests, { neverAgain: options.neverAgain, universe });
  const windows = beladyWindows(requests, universe, k);
  const { next, nextCostly } = windows;
  const n = requests.length;
  // latest[t] = max{ y_j < n : j ≤ t }: the latest real next request among pages seen by t.
  const latest = new Int32Array(n);
  let max = -1;
  for (let t = 0; t < n; t++) {
    if (next[t] < n && next[t] > max) max = next[t];
    latest[t] = max;
  }
  const target = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    if (next[t] >= n) continue;
    const g = nextCostly[t] < next[t] ? nextCostly[t] : t;
    target[t] = latest[g] + 1;
  }
  return { windows, target, predictions };
}

function spend(
  predictions: Float64Array,
  next: Int32Array,
  target: Float64Array,
  order: Int32Array,
  budget: number,
): NextArrivalCorruption {
  let capacity = 0;
  for (let j = 0; j < order.length; j++) capacity += target[order[j]] - next[order[j]];
  let spent = 0;
  let moved = 0;
  for (let j = 0; j < order.length && spent < budget; j++) {
    const t = order[j];
    const cost = target[t] - next[t];
    if (spent + cost <= budget) {
      predictions[t] = target[t];
      spent += cost;
      moved++;
    } else {
      predictions[t] = next[t] + (budget - spent);
      spent = budget;
    }
  }
  return { predictions, spent, moved, capacity };
}
