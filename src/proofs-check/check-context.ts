import { add, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { simulate } from "../paging/core/simulate.ts";
import type { Policy, Predictions } from "../paging/core/policy.ts";
import type { PredictionKind } from "../paging/registry.ts";
import { perfectDiscardBits } from "../predictors/discard-oracle.ts";
import { perfectPhaseBits } from "../predictors/phase-oracle.ts";
import { perfectNextArrival } from "../predictors/perfect-next-arrival.ts";
import { kPhases, type PhasePartition } from "../paging/analysis/phases.ts";
import type { Claim } from "./claim.ts";
import { cmp, frac } from "./exact.ts";
import { hoeffdingSlack } from "./hoeffding.ts";
import { exactExpectationFor, type ExactExpectation } from "./exact-expectations.ts";

/**
 * Where a check gets the policies it names: the registry by default, or (for
 * `checkCompetitive`) a caller's own policy factory under a label.
 */
export interface PolicySource {
  /** Whether the policy is randomized and which predictions it reads. */
  describe(name: string): { readonly randomized: boolean; readonly needs: readonly PredictionKind[] };
  /** A fresh instance with cache k and the given seed. */
  create(name: string, k: number, seed: number): Policy;
  /** Its exact expectation, when the project can compute one (registered policies only). */
  exact(name: string): ExactExpectation | undefined;
}

/** The registry as a {@link PolicySource}: what `checkClaim` uses. */
export const registrySource: PolicySource = {
  describe: (name) => policies.get(name),
  create: (name, k, seed) => policies.create(name, k, { seed }),
  exact: exactExpectationFor,
};

/** What a claim is checked on. */
export interface Instance {
  /** ALG's cache size. */
  readonly k: number;
  /** OPT's cache size for resource-augmentation claims (1 ≤ h ≤ k; default k). */
  readonly h?: number;
  /** The request sequence σ (every form but `cruel`). */
  readonly requests?: Int32Array;
  /** Length of the adversarial sequence for the `cruel` form (default `requests.length`). */
  readonly n?: number;
  /** Universe of σ (default max + 1). */
  readonly universe?: number;
  /**
   * Seeds of randomized policies: for deterministic claims every seed is its own case ("for
   * every seed"); for expectation claims they are the sample. Default `[0]`.
   */
  readonly seeds?: readonly number[];
  /** False-alarm probability δ of an expectation check (default 1e−9; see {@link checkClaim}). */
  readonly confidence?: number;
  /**
   * Compute E[ALG] exactly where `exactExpectationFor` has the policy (Marker, the succinct
   * algorithms, Guard, combine-rand over deterministic parts; small instances) instead of
   * averaging the seeds: the expectation check then has no slack and no false alarms.
   */
  readonly exactExpectation?: boolean;
  /** OPT with cache `size` on `requests`; default Belady (`opt` in the registry). */
  readonly optimum?: (requests: Int32Array, size: number) => number;
  /**
   * Predictions fed to every policy that reads them (aligned with `requests`); the `bits` and
   * `eta` forms measure their error. A policy that needs a kind the instance lacks is an
   * {@link InputError} (the `perfect` and `own-labels` forms make their own).
   */
  readonly predictions?: Predictions;
  /** Never-again time of next-arrival predictions for η, on both sides (default n = |σ|). */
  readonly neverAgain?: number;
}

/** The verdict of one policy (and, for per-seed checks, one seed) on one instance. */
export interface CaseVerdict {
  /** Registry name of the policy evaluated. */
  readonly policy: string;
  /** The seed of a per-seed case of a randomized policy. */
  readonly seed?: number;
  /** Whether `lhs relation rhs (+ slack)` holds. */
  readonly holds: boolean;
  /** The two sides, exactly: `lhs relation rhs` (plus `slack` for expectation checks) must hold. */
  readonly lhs: Fraction;
  /** The claimed relation of the sides. */
  readonly relation: "≤" | "≥";
  /** The right side (the bound), exactly. */
  readonly rhs: Fraction;
  /** Hoeffding slack added to the right side of an expectation check. */
  readonly slack?: Fraction;
  /** The named quantities behind the sides (ALG, OPT_h, m, Σc_i, worst phase, …). */
  readonly values: Readonly<Record<string, string>>;
  /** The sequence evaluated (the generated one for the cruel form). */
  readonly requests: Int32Array;
}

/**
 * Lazily computed facts about the instance, shared by the cases of one check and by every
 * evaluator family (classical, predictions, combinations).
 */
export class Context {
  readonly seeds: readonly number[];
  private partitionMemo: PhasePartition | undefined;
  private readonly optMemo = new Map<number, number>();

  constructor(
    readonly claim: Claim,
    readonly instance: Instance,
    readonly k: number,
    readonly h: number,
    readonly source: PolicySource = registrySource,
  ) {
    this.seeds = instance.seeds ?? [0];
    if (this.seeds.length === 0) throw new InputError(`claim ${claim.id}: the seed list is empty`);
  }

  get requests(): Int32Array {
    const r = this.instance.requests;
    if (r === undefined) throw new InputError(`claim ${this.claim.id} needs a request sequence`);
    return r;
  }

  get universe(): number {
    if (this.instance.universe !== undefined) return this.instance.universe;
    let max = -1;
    for (const p of this.requests) if (p > max) max = p;
    return max + 1;
  }

  get partition(): PhasePartition {
    this.partitionMemo ??= kPhases(this.requests, this.k, this.universe);
    return this.partitionMemo;
  }

  opt(size: number): number {
    let v = this.optMemo.get(size);
    if (v === undefined) {
      v = optimum(this.instance, this.requests, size, this.universe);
      this.optMemo.set(size, v);
    }
    return v;
  }

  /** ALG's faults on σ for each seed, fed `predictions` (default: the instance's). */
  faults(policy: string, seeds: readonly number[], predictions = this.predictionsFor(policy)): number[] {
    return seeds.map(
      (seed) => simulate(this.source.create(policy, this.k, seed), this.requests, { universe: this.universe, predictions }).faults,
    );
  }

  /** The instance's predictions, checked to hold every kind `policy` reads. */
  predictionsFor(policy: string): Predictions {
    const predictions = this.instance.predictions ?? {};
    for (const kind of this.source.describe(policy).needs) {
      const has = kind === "nextArrival" ? predictions.nextArrival !== undefined : predictions.bits !== undefined;
      if (!has) throw new InputError(`claim ${this.claim.id}: ${policy} needs ${kindName(kind)} predictions; give them in the instance`);
    }
    return predictions;
  }

  /** Perfect predictions of every kind `policy` reads (discard and phase bits cannot both be read). */
  perfectFor(policy: string): Predictions {
    const needs = this.source.describe(policy).needs;
    const out: Predictions = {};
    if (needs.includes("nextArrival")) out.nextArrival = perfectNextArrival(this.requests, { universe: this.universe });
    if (needs.includes("discardBit")) out.bits = perfectDiscardBits(this.requests, this.k, { universe: this.universe }).bits;
    if (needs.includes("phaseBit")) out.bits = perfectPhaseBits(this.requests, this.k, this.universe).bits;
    return out;
  }

  /**
   * The left side of a ratio-type check: ALG's faults (one run), or for an expectation claim on
   * a randomized policy the exact E[ALG] (when asked and available) or the mean over the seeds
   * with its Hoeffding slack.
   */
  algSide(
    policy: string,
    seeds: readonly number[],
    predictions = this.predictionsFor(policy),
  ): { value: Fraction; label: string; slack?: Fraction } {
    const randomized = this.source.describe(policy).randomized;
    if (this.claim.guarantee !== "expectation" || !randomized) {
      const [faults] = this.faults(policy, seeds.slice(0, 1), predictions);
      return { value: frac(faults), label: `${policy}_${this.k}` };
    }
    const exact = this.source.exact(policy);
    if (this.instance.exactExpectation && exact !== undefined) {
      return { value: exact(this.requests, this.k, predictions), label: `exact E[${policy}_${this.k}]` };
    }
    const runs = this.faults(policy, seeds, predictions);
    const distinct = distinctCount(this.requests, this.universe);
    const slack = hoeffdingSlack(this.requests.length - distinct, runs.length, this.instance.confidence ?? 1e-9);
    const total = runs.reduce((a, b) => a + b, 0);
    return { value: frac(total, runs.length), label: `mean ${policy}_${this.k} over ${runs.length} seeds`, slack };
  }
}

function kindName(kind: PredictionKind): string {
  return kind === "nextArrival" ? "next-arrival" : kind === "discardBit" ? "discard-bit" : "phase-bit";
}

export function optimum(instance: Instance, requests: Int32Array, size: number, universe: number): number {
  if (instance.optimum) return instance.optimum(requests, size);
  return simulate(policies.create("opt", size), requests, { universe }).faults;
}

export function distinctCount(requests: Int32Array, universe: number): number {
  const seen = new Uint8Array(universe);
  let d = 0;
  for (const p of requests) if (seen[p] === 0) (seen[p] = 1), d++;
  return d;
}

/** Evaluates one policy (and seed list) of a claim on the context's instance. */
export type Evaluator = (ctx: Context, policy: string, seeds: readonly number[]) => CaseVerdict;

/** A case verdict: `lhs relation rhs (+ slack)`, holding only if `extra` too. */
export function verdict(
  policy: string,
  lhs: Fraction,
  relation: "≤" | "≥",
  rhs: Fraction,
  values: Record<string, string>,
  requests: Int32Array,
  slack?: Fraction,
  extra = true,
): CaseVerdict {
  const bound = slack ? (relation === "≤" ? (add(rhs, slack) as Fraction) : rhs) : rhs;
  const order = cmp(lhs, bound);
  const holds = extra && (relation === "≤" ? order <= 0 : order >= 0);
  return { policy, holds, lhs, relation, rhs, ...(slack ? { slack } : {}), values, requests };
}

