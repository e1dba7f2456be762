import { InputError } from "../errors.ts";
import type { Fraction } from "mathjs";
import { policies } from "../paging/catalog.ts";
import type { Policy } from "../paging/core/policy.ts";
import { simulate } from "../paging/core/simulate.ts";
import { OptFrontier } from "./brute-force-opt.ts";
import { frac } from "./exact.ts";

/** Options of {@link worstCaseRatio}. */
export interface WorstCaseOptions {
  /** Cache size of both ALG and OPT. */
  readonly k: number;
  /** Pages `0..universe-1` (default k+1, the lower-bound universe). At most 16. */
  readonly universe?: number;
  /** Every sequence of length 1..maxLength is examined. */
  readonly maxLength: number;
  /**
   * Enumerate only sequences in canonical form (each new page is the smallest unused id), one
   * per class of sequences equal up to renaming pages. Exact for policies whose decisions do not
   * depend on page ids — true of every registered policy (their tie-breaks use times, not ids);
   * default true. Cuts the work by about universe!.
   */
  readonly symmetry?: boolean;
  /** Seed passed to the policy factory (a randomized policy is deterministic for a fixed seed). */
  readonly seed?: number;
  /** Called for every sequence examined, with ALG's and OPT's faults on it. */
  readonly visit?: (requests: Int32Array, alg: number, opt: number) => void;
}

/** Result of {@link worstCaseRatio}. */
export interface WorstCase {
  /** max ALG/OPT over the sequences examined, exactly. */
  readonly ratio: Fraction;
  /** A shortest sequence attaining it (the first such in enumeration order). */
  readonly witness: Int32Array;
  /** ALG's faults on the witness. */
  readonly alg: number;
  /** OPT's faults on the witness. */
  readonly opt: number;
  /** Number of sequences examined (non-empty prefixes, each counted once). */
  readonly sequences: number;
}

/**
 * Exhaustive worst case of a deterministic online policy on small instances: the maximum of
 * ALG/OPT over every request sequence of length 1..maxLength over `universe` pages (up to
 * renaming pages, see {@link WorstCaseOptions.symmetry}), with its witness. OPT is exact (the
 * exhaustive search of {@link OptFrontier}, kept incrementally along a depth-first walk), ALG is
 * the batch engine on each prefix; ratios are compared as exact fractions.
 *
 * `policy` is a registry name or a factory `(k) => Policy`; one instance is made and reset for
 * every sequence (so its `reset` must drop all state, as the Policy contract says). The work is about
 * (#sequences of length maxLength) × maxLength steps: ~Σ_{j≤u} S(maxLength, j) canonical
 * sequences (Stirling numbers), e.g. 88k for u = 3 and length 12, 45k for u = 4 and length 10.
 */
export function worstCaseRatio(policy: string | ((k: number) => Policy), options: WorstCaseOptions): WorstCase {
  const { k, maxLength } = options;
  const universe = options.universe ?? k + 1;
  const symmetry = options.symmetry ?? true;
  if (!Number.isSafeInteger(maxLength) || maxLength < 1) throw new InputError(`maxLength must be a positive integer, got ${maxLength}`);
  const make =
    typeof policy === "string"
      ? (() => {
          const info = policies.get(policy);
          if (info.offline) throw new InputError(`worst-case search needs an online policy, '${policy}' is offline`);
          return (size: number) => policies.create(policy, size, { seed: options.seed ?? 0 });
        })()
      : policy;
  const frontier = new OptFrontier(k, universe);
  const seq = new Int32Array(maxLength);
  let bestAlg = 0;
  let bestOpt = 1;
  let bestLen = 0;
  let witness = new Int32Array(0);
  let sequences = 0;
  // Prefixes of length < fresh were examined at an earlier leaf; the DFS moves `fresh` down to
  // the depth where the current leaf branched off.
  let fresh = 1;

  // One instance, reset by every simulate call (a policy's reset drops all state and reseeds).
  const alg = make(k);
  if (alg.offline) throw new InputError("worst-case search needs an online policy");

  const examine = (): void => {
    for (let len = fresh; len <= maxLength; len++) {
      // The batch engine on the prefix: same costs as stepping (tested), far less allocation.
      const faults = simulate(alg, seq.subarray(0, len), { universe }).faults;
      const opt = frontier.optOfPrefix(len);
      sequences++;
      if (options.visit) options.visit(seq.slice(0, len), faults, opt);
      // faults/opt > best  ⇔  faults·bestOpt > bestAlg·opt (positive integers: exact).
      const order = faults * bestOpt - bestAlg * opt;
      if (order > 0 || (order === 0 && len < bestLen)) {
        bestAlg = faults;
        bestOpt = opt;
        bestLen = len;
        witness = seq.slice(0, len);
      }
    }
    fresh = maxLength + 1;
  };

  const walk = (depth: number, used: number): void => {
    if (depth === maxLength) {
      examine();
      return;
    }
    const choices = symmetry ? Math.min(universe, used + 1) : universe;
    for (let p = 0; p < choices; p++) {
      seq[depth] = p;
      frontier.push(p);
      walk(depth + 1, p === used ? used + 1 : used);
      frontier.pop();
      if (fresh > depth + 1) fresh = depth + 1;
    }
  };

  walk(0, 0);
  return { ratio: frac(bestAlg, bestOpt), witness, alg: bestAlg, opt: bestOpt, sequences };
}
