import { InputError } from "../errors.ts";
import { EVICT, KEEP } from "../paging/core/policy.ts";
import { Rng } from "../paging/core/rng.ts";
import { nextUseTimes } from "../paging/offline/next-use.ts";

/** How many labels {@link targetedBitFlips} turns wrong, of each kind. */
export interface BitFlipBudget {
  /** KEEP → EVICT flips (each adds 1 to η₁). */
  readonly falseEvicts: number;
  /** EVICT → KEEP flips (each adds 1 to η₀). */
  readonly falseKeeps: number;
}

/**
 * Targeted corruption of one-bit labels (discard or phase) for smoothness tests: the flips a
 * follow-the-bits algorithm should find most harmful, chosen from the sequence alone (oblivious
 * to the algorithm's random choices):
 *
 * - false EVICTs go on truth-KEEP requests whose page comes back soonest with at least one other
 *   request in between (an algorithm that trusts the bit drops a page it is about to need; a
 *   page re-requested at once would be a hit whatever the bit);
 * - false KEEPs go on truth-EVICT requests whose page comes back latest, never-again pages first
 *   (the algorithm then holds a useless page and evicts a useful one instead).
 *
 * Ties go to the earlier request. Budgets larger than the candidates available are capped, so
 * the result has η₀ = min(falseKeeps, #EVICT labels) and η₁ = min(falseEvicts, #eligible KEEP
 * labels) against `truth`. Deterministic; O(n log n).
 */
export function targetedBitFlips(requests: Int32Array, truth: Uint8Array, budget: BitFlipBudget): Uint8Array {
  const n = requests.length;
  if (truth.length !== n) throw new InputError(`targeted bit flips: ${truth.length} labels for ${n} requests`);
  checkBudget(budget.falseEvicts, "falseEvicts");
  checkBudget(budget.falseKeeps, "falseKeeps");
  let universe = 0;
  for (let t = 0; t < n; t++) if (requests[t] >= universe) universe = requests[t] + 1;
  const next = nextUseTimes(requests, universe);
  const keeps: number[] = [];
  const evicts: number[] = [];
  for (let t = 0; t < n; t++) {
    if (truth[t] === KEEP) {
      if (next[t] - t >= 2 && next[t] < n) keeps.push(t);
    } else if (truth[t] === EVICT) evicts.push(t);
    else throw new InputError(`targeted bit flips: label ${t} is ${truth[t]}, not 0 (KEEP) or 1 (EVICT)`);
  }
  keeps.sort((a, b) => next[a] - a - (next[b] - b) || a - b);
  evicts.sort((a, b) => next[b] - b - (next[a] - a) || a - b);
  const out = truth.slice();
  for (let i = 0; i < Math.min(budget.falseEvicts, keeps.length); i++) out[keeps[i]] = EVICT;
  for (let i = 0; i < Math.min(budget.falseKeeps, evicts.length); i++) out[evicts[i]] = KEEP;
  return out;
}

/**
 * Independent random flips: each label is inverted with probability p (Cache-Coliseum's "bin"
 * noise), from a seeded stream — same seed, same result. O(n).
 */
export function randomBitFlips(truth: Uint8Array, p: number, seed: number): Uint8Array {
  if (!(p >= 0 && p <= 1)) throw new InputError(`random bit flips: probability must lie in [0, 1], got ${p}`);
  const rng = new Rng(seed);
  const out = truth.slice();
  for (let t = 0; t < out.length; t++) if (rng.next() < p) out[t] ^= 1;
  return out;
}

function checkBudget(m: number, name: string): void {
  if (!Number.isSafeInteger(m) || m < 0) throw new InputError(`targeted bit flips: ${name} must be a non-negative integer, got ${m}`);
}
