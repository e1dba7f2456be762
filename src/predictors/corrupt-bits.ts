import { InputError } from "../errors.ts";
import { EVICT, KEEP } from "../paging/core/policy.ts";
import { Rng } from "../paging/core/rng.ts";
import { beladyWindows, orderByKey } from "./belady-windows.ts";
import { checkBudget, checkK, checkSeed } from "./checks.ts";
import { universeOf } from "./perfect-next-arrival.ts";

/** Error budget of a bit corruption. */
export interface BitErrorBudget {
  /** η₀ to introduce: true EVICT bits turned KEEP (non-negative integer or `Infinity` = all). */
  readonly falseKeeps: number;
  /** η₁ to introduce: true KEEP bits turned EVICT (non-negative integer or `Infinity` = all). */
  readonly falseEvicts: number;
}

/** Options of {@link targetedBitErrors}. */
export interface TargetedBitErrorOptions extends BitErrorBudget {
  /** Cache size the corruption aims at (it decides which false evicts can cost a fault). */
  readonly k: number;
  /** Dense universe size (default: max page + 1). */
  readonly universe?: number | undefined;
}

/** Options of {@link randomBitErrors}. */
export interface RandomBitErrorOptions extends BitErrorBudget {
  /** Seed choosing the positions; same seed, same corruption. */
  readonly seed: number;
}

/** Corrupted bits and the errors they carry. */
export interface BitCorruption {
  /** The bits: the truth except at the flipped positions. */
  readonly bits: Uint8Array;
  /** η₀ of `bits` against the truth: exactly min(requested, #true EVICT bits). */
  readonly falseKeeps: number;
  /** η₁ of `bits` against the truth: exactly min(requested, #true KEEP bits). */
  readonly falseEvicts: number;
}

/**
 * Targeted corruption of one-bit predictions (discard or phase bits) within a budget of η₀
 * false keeps and η₁ false evicts, flipping the positions where a follower of the bits — which
 * evicts EVICT pages first and falls back on a robust rule — is hurt most. With y_t = next
 * request to `requests[t]` (n if never) and Belady = the project's MIN with cache k:
 * - false evicts (KEEP → EVICT) first, at the true KEEPs whose window (t, y_t) holds the most
 *   Belady evictions (each is a fault at which a follower may take the wrongly EVICT page,
 *   which then costs a fault at y_t); never-again pages last (an eviction of them costs
 *   nothing); ties by earlier t;
 * - then false keeps (EVICT → KEEP), at the true EVICTs with the least *slack*: the number of
 *   other EVICT-labelled pages (after the false evicts) Belady holds when it evicts this page.
 *   With slack 0 a follower finds no EVICT page there and its fallback evicts a page that is
 *   needed. Ties: the page last requested most recently before that eviction first (a
 *   recency-based fallback would not pick it), then earlier t. True EVICTs that Belady does
 *   not evict (possible when the truth is not the discard labels) come last.
 *
 * Exactly min(requested, available) of each kind is flipped, so η₀/η₁ of the result are
 * exact. That this hurts at least as much as {@link randomBitErrors} with the same counts is a
 * measured observation on BrightKite users with k = 10 and discard labels (test/predictors;
 * follow-the-bits with an LRU or a random-marking fallback), not a theorem. The harm model
 * assumes the truth is Belady's discard labels; for phase bits it is only a heuristic.
 * O(n + universe) plus one Belady run. A bit other than KEEP/EVICT or a length other than the
 * trace's is an {@link InputError}.
 */
export function targetedBitErrors(requests: Int32Array, truth: Uint8Array, options: TargetedBitErrorOptions): BitCorruption {
  const { keeps, evicts } = split(truth, requests.length, options);
  const k = checkK(options.k);
  const n = requests.length;
  const { next, evictedAt, evictionsBefore } = beladyWindows(requests, options.universe ?? universeOf(requests), k);
  // False evicts: most Belady evictions inside the window first; never-again pages last.
  const keepOrder = orderByKey(
    keeps.positions,
    (t) => n - (next[t] < n ? evictionsBefore[next[t]] - evictionsBefore[t + 1] : 0),
    n,
  );
  const bits = truth.slice();
  for (let j = 0; j < keeps.take; j++) bits[keepOrder[j]] = EVICT;
  // False keeps, given the false evicts: slack = the other EVICT-labelled pages Belady holds
  // when it evicts this one (0: a follower of the bits has no EVICT page to take instead).
  const cover = new Int32Array(n + 2);
  for (let t = 0; t < n; t++) {
    if (bits[t] !== EVICT) continue;
    const until = evictedAt[t] >= 0 ? evictedAt[t] : next[t] - 1;
    if (until <= t) continue;
    cover[t + 1]++;
    cover[until + 1]--;
  }
  for (let t = 1; t <= n; t++) cover[t] += cover[t - 1];
  const byAge = orderByKey(evicts.positions, (t) => (evictedAt[t] >= 0 ? evictedAt[t] - t : n), n);
  const evictOrder = orderByKey(byAge, (t) => (evictedAt[t] >= 0 ? Math.min(k, cover[evictedAt[t]] - 1) : k), k);
  for (let j = 0; j < evicts.take; j++) bits[evictOrder[j]] = KEEP;
  return { bits, falseKeeps: evicts.take, falseEvicts: keeps.take };
}

/**
 * The control for {@link targetedBitErrors}: exactly min(requested, available) false keeps at
 * positions drawn uniformly without replacement among the true EVICT bits, and likewise false
 * evicts among the true KEEP bits (seeded partial Fisher–Yates; η₀ positions drawn first).
 * O(n).
 */
export function randomBitErrors(truth: Uint8Array, options: RandomBitErrorOptions): BitCorruption {
  const { keeps, evicts } = split(truth, truth.length, options);
  checkSeed(options.seed);
  const rng = new Rng(options.seed);
  const bits = truth.slice();
  for (const [group, to] of [[evicts, KEEP], [keeps, EVICT]] as const) {
    const positions = group.positions;
    for (let j = 0; j < group.take; j++) {
      const r = j + rng.int(positions.length - j);
      const x = positions[r];
      positions[r] = positions[j];
      positions[j] = x;
      bits[x] = to;
    }
  }
  return { bits, falseKeeps: evicts.take, falseEvicts: keeps.take };
}

interface Group {
  /** Positions holding this true bit, ascending. */
  readonly positions: Int32Array;
  /** How many of them to flip. */
  readonly take: number;
}

function split(truth: Uint8Array, n: number, budget: BitErrorBudget): { keeps: Group; evicts: Group } {
  if (truth.length !== n) throw new InputError(`bit corruption: ${truth.length} true bits for ${n} requests; expected one per request`);
  const falseKeeps = checkBudget("false-keep budget η₀", budget.falseKeeps);
  const falseEvicts = checkBudget("false-evict budget η₁", budget.falseEvicts);
  let evictCount = 0;
  for (let t = 0; t < truth.length; t++) {
    const b = truth[t];
    if (b === EVICT) evictCount++;
    else if (b !== KEEP) throw new InputError(`bit corruption: true bit ${t} is ${b}; expected ${KEEP} (KEEP) or ${EVICT} (EVICT)`);
  }
  const keepPositions = new Int32Array(truth.length - evictCount);
  const evictPositions = new Int32Array(evictCount);
  let a = 0;
  let b = 0;
  for (let t = 0; t < truth.length; t++) {
    if (truth[t] === EVICT) evictPositions[b++] = t;
    else keepPositions[a++] = t;
  }
  return {
    keeps: { positions: keepPositions, take: Math.min(falseEvicts, keepPositions.length) },
    evicts: { positions: evictPositions, take: Math.min(falseKeeps, evictPositions.length) },
  };
}
