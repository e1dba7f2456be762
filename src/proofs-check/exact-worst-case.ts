import type { Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import type { Policy } from "../paging/core/policy.ts";
import { frac } from "./exact.ts";
import { markerExpectedFaults } from "./marker-exact.ts";
import { worstCaseRatio } from "./worst-case.ts";
import { DEFAULT_MAX_SEQUENCES } from "./worst-case-limits.ts";
import { checkWorstCaseOptions, searchWorstCase, type ExactWorstCaseOptions } from "./worst-case-search.ts";

export { canonicalSequenceCount, EXACT_WORST_CASE_RANDOMIZED, type ExactWorstCaseOptions } from "./worst-case-search.ts";

/** Result of {@link exactWorstCase}. */
export interface ExactWorstCase {
  /** max over the sequences of ALG/OPT (E[ALG]/OPT for a randomized policy), exactly. */
  readonly ratio: Fraction;
  /** ALG's faults (expected faults) on the witness. */
  readonly alg: Fraction;
  /** OPT's faults on the witness (≥ 1: the first request is a cold miss for everyone). */
  readonly opt: number;
  /** A shortest sequence attaining the ratio, its pages named in order of first request (0, 1, …). */
  readonly witness: Int32Array;
  /** Sequences covered: those of length 1..maxLength up to renaming pages (see `canonicalSequenceCount`). */
  readonly sequences: number;
  /**
   * Distinct (ALG state, OPT frontier) pairs up to renaming kept by the state search, summed over
   * lengths; the sequences examined, for the fallback enumeration.
   */
  readonly states: number;
  /** `states`: dynamic programming over states; `sequences`: enumeration with re-simulation of prefixes. */
  readonly method: "states" | "sequences";
  /** True when ALG is a randomized policy's exact expectation. */
  readonly expectation: boolean;
  /**
   * The worst ratio over lengths 1..n, for n = 1..maxLength (state search only; the last entry
   * is `ratio`). Exact at every n: what the search drops at length n has a lower ratio than the
   * worst of shorter sequences.
   */
  readonly byLength?: readonly Fraction[];
}

/**
 * The exact worst case of an online paging policy over every request sequence of length
 * 1..maxLength on `pages` pages: max ALG/OPT with a shortest witness. Both count cold misses
 * (both caches start empty) and the ratio has no additive constant; OPT ≥ 1 on every non-empty
 * sequence, so the ratio is always defined. For a randomized policy ALG is its exact expected
 * number of faults (oblivious adversary); supported: {@link EXACT_WORST_CASE_RANDOMIZED}.
 *
 * Method. Rather than simulating every sequence, it runs a dynamic program over lengths whose
 * states are pairs (ALG's state, OPT's frontier — the pruned work function of
 * {@link WorkFunction}) up to renaming pages; runs reaching the same state are merged, keeping
 * per state the Pareto set of (ALG cost, OPT cost) pairs (more ALG, less OPT), because the
 * ratio is not additive: two runs with the same state have the same future costs, so a run
 * dominated in both costs can never give the larger final ratio. ALG's state comes from the
 * policy's `canonicalState` (see `CanonicalState`; LRU, FIFO, FWF, CLOCK, Marking, MRU) or, for
 * Marker and Random, from a distribution model written from their definitions. A policy with
 * neither falls back to {@link worstCaseRatio} (enumeration with re-simulation of prefixes),
 * refused beyond `maxSequences`.
 *
 * `policy` is a registry name or a factory `(k) => Policy` (taken to be deterministic). The
 * witness of a deterministic policy is re-simulated, and Marker's recomputed with
 * `markerExpectedFaults`, before returning; a mismatch is an internal error.
 */
export function exactWorstCase(policy: string | ((k: number) => Policy), options: ExactWorstCaseOptions): ExactWorstCase {
  const found = searchWorstCase(policy, options);
  if (found !== undefined) {
    const alg = frac(found.alg, found.denominator);
    // Marker's expectation is recomputed independently (the search used a model of its own).
    if (typeof policy === "string" && policy.trim().toLowerCase() === "marker" && !markerExpectedFaults(found.witness, options.k).equals(alg)) {
      throw new Error("worst-case search: Marker's expectation on the witness differs");
    }
    return {
      ratio: frac(found.alg, found.denominator * BigInt(found.opt)),
      alg,
      opt: found.opt,
      witness: found.witness,
      sequences: found.sequences,
      states: found.states,
      method: "states",
      expectation: found.expectation,
      byLength: found.byLength.map((b) => frac(b.alg, found.denominator * BigInt(b.opt))),
    };
  }
  const o = checkWorstCaseOptions(options);
  const cap = options.maxSequences ?? DEFAULT_MAX_SEQUENCES;
  if (o.sequences > cap) {
    throw new InputError(
      `${typeof policy === "string" ? `'${policy}'` : "this policy"} has no canonical state, so every one of the ${o.sequences} sequences would be simulated (limit ${cap}); lower the length or the pages`,
    );
  }
  const w = worstCaseRatio(policy, { k: o.k, maxLength: o.maxLength, universe: o.pages });
  return {
    ratio: w.ratio,
    alg: frac(w.alg),
    opt: w.opt,
    witness: w.witness,
    sequences: o.sequences,
    states: w.sequences,
    method: "sequences",
    expectation: false,
  };
}
