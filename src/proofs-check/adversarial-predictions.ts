import { compare, divide, subtract, add, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import { Rng } from "../paging/core/rng.ts";
import { simulate } from "../paging/core/simulate.ts";
import type { Predictions } from "../paging/core/policy.ts";
import type { Claim } from "./claim.ts";
import { checkClaim } from "./check.ts";
import { exactExpectationFor } from "./exact-expectations.ts";
import { frac } from "./exact.ts";
import { learningAugmentedClaims } from "./learning-augmented-bounds.ts";
import { robustClaims } from "./robust-bounds.ts";
import {
  WORST_PREDICTIONS_MAX_EVALUATIONS,
  WORST_PREDICTIONS_MAX_LENGTH,
  WORST_PREDICTIONS_MAX_PAGES,
  WORST_PREDICTIONS_MAX_WORK,
} from "./worst-predictions-limits.ts";
import { checkBudget, PredictionSpace, type PredictionBudget, type PredictionError } from "./prediction-space.ts";

export { PredictionSpace, type PredictionBudget, type PredictionError } from "./prediction-space.ts";

export {
  WORST_PREDICTIONS_MAX_EVALUATIONS,
  WORST_PREDICTIONS_MAX_LENGTH,
  WORST_PREDICTIONS_MAX_PAGES,
  WORST_PREDICTIONS_MAX_WORK,
} from "./worst-predictions-limits.ts";

/** Options of {@link worstPredictions}. */
export interface WorstPredictionsOptions {
  /** The algorithm: a registered name or expression that reads exactly one kind of prediction. */
  readonly algorithm: string;
  /** Cache size. */
  readonly k: number;
  /** One request sequence to search predictions for (dense ids); or give `sequences` or `length`. */
  readonly requests?: ArrayLike<number>;
  /** Several given sequences (generated ones, say; at most 1024), searched together. */
  readonly sequences?: readonly ArrayLike<number>[];
  /** The family: every sequence of this length over `pages` pages (up to renaming pages). */
  readonly length?: number;
  /** Pages of the family (default k + 1). */
  readonly pages?: number;
  /** Error budget: `eta0`/`eta1` for one-bit predictions, `eta` (ℓ1) for next arrivals. */
  readonly budget: { readonly eta0?: number; readonly eta1?: number; readonly eta?: number };
  /** `exhaustive` (default; refused over the evaluation limit) or `local` (seeded annealing). */
  readonly search?: "exhaustive" | "local";
  /** Seed of the local search (default 0). */
  readonly seed?: number;
  /** Iterations of the local search (default 4000). */
  readonly iterations?: number;
  /**
   * `ratio` (default): maximise ALG/OPT; `excess`: maximise ALG − the tightest registered
   * asserted bound (needs one; slower: the bound is evaluated at every candidate).
   */
  readonly objective?: "ratio" | "excess";
  /**
   * With the excess objective: the id of the registered claim to maximise ALG − bound against
   * (report-only ones included, to probe UNVERIFIED statements); default the tightest asserted.
   */
  readonly against?: string;
  /** Runs averaged for a randomized algorithm without an exact expectation (default 16). */
  readonly samples?: number;
}

/** A registered claim evaluated at the witness. */
export interface RegisteredBound {
  /** Claim id (`follow-discard-smooth`, …). */
  readonly claim: string;
  /** The claim in one line. */
  readonly statement: string;
  /** `asserted` (verified, tests assert it) or `report-only` (UNVERIFIED). */
  readonly status: Claim["status"];
  /** The bound's value at the witness (the claim's right side). */
  readonly value: Fraction;
  /** Hoeffding slack added for a sampled expectation (absent when ALG is exact). */
  readonly sampling?: Fraction;
  /** value (+ sampling) − ALG: negative means the witness beats the bound. */
  readonly slack: Fraction;
  /** Whether the claim holds at the witness. */
  readonly holds: boolean;
}

/** The worst predictions found: a lower-bound witness for the algorithm's constants. */
export interface WorstPredictions {
  /** The algorithm's canonical name. */
  readonly algorithm: string;
  /** Cache size. */
  readonly k: number;
  /** How it was found. */
  readonly search: "exhaustive" | "local";
  /** What was maximised. */
  readonly objective: "ratio" | "excess";
  /** The budget, with the truth the bits are measured against. */
  readonly budget: PredictionBudget;
  /** The family searched (null: the given sequences). */
  readonly family: { readonly length: number; readonly pages: number } | null;
  /** Candidates evaluated. */
  readonly evaluations: number;
  /** The witness sequence. */
  readonly requests: Int32Array;
  /** The witness predictions. */
  readonly predictions: Predictions;
  /** Their error (within the budget). */
  readonly error: PredictionError;
  /** ALG's cost: faults, the exact expectation, or the mean over fresh seeds (`exact` false). */
  readonly alg: Fraction;
  /** Whether `alg` is exact (deterministic, or an exact expectation). */
  readonly exact: boolean;
  /** OPT's faults on the witness. */
  readonly opt: number;
  /** ALG/OPT. */
  readonly ratio: Fraction;
  /** Every registered claim about the algorithm with a cost bound, evaluated at the witness. */
  readonly bounds: readonly RegisteredBound[];
  /** The tightest asserted one (least value), if any. */
  readonly bound?: RegisteredBound;
}

/**
 * Search the predictions within an error budget that make a learning-augmented algorithm (or a
 * combiner) pay most against OPT, on one sequence or on every sequence of a length over a
 * number of pages (up to renaming pages — exact for the registered policies, whose tie-breaks
 * use times, not ids). Exhaustive enumerates every candidate within the budget (bit flips, or
 * integer next arrivals; see {@link PredictionBudget}); local runs a seeded simulated
 * annealing over single-position moves (and, for a family, request changes), same seed same
 * result. ALG is exact for deterministic algorithms and for those with an exact expectation
 * (`exactExpectationFor`), else the mean over `samples` seeds — re-measured for the witness on
 * fresh seeds, so the search's selection does not bias the reported value.
 *
 * The witness is a *lower bound* on the algorithm's worst case under the budget; the
 * registered claims about the algorithm are evaluated at it (`checkClaim`, exact). A witness
 * beating an asserted bound would be a research finding about the claim (its constant or its
 * additive term), to be kept as a test, never absorbed by loosening the constant. Limits
 * ({@link WORST_PREDICTIONS_MAX_EVALUATIONS} and the others) are checked before the search
 * starts; bad input is an {@link InputError}.
 */
export function worstPredictions(options: WorstPredictionsOptions): WorstPredictions {
  const k = options.k;
  checkCacheSize(k);
  const info = policies.get(options.algorithm);
  const algorithm = info.name;
  if (info.offline) throw new InputError(`'${algorithm}' is offline; the search needs an online algorithm that reads predictions`);
  const budget = budgetFor(algorithm, info.needs, options.budget);
  const search = options.search ?? "exhaustive";
  if (search !== "exhaustive" && search !== "local") throw new InputError(`search must be exhaustive or local, got '${String(search)}'`);
  const objective = options.objective ?? "ratio";
  if (objective !== "ratio" && objective !== "excess") throw new InputError(`objective must be ratio or excess, got '${String(objective)}'`);
  const samples = options.samples ?? 16;
  if (!Number.isSafeInteger(samples) || samples < 1 || samples > 1024) throw new InputError(`samples must be an integer in [1, 1024], got ${samples}`);
  const family = familyOf(options, k);
  const fixed = family === null ? givenSequences(options) : null;
  const length = family?.length ?? Math.max(...fixed!.map((s) => s.requests.length));
  const claims = boundClaims(algorithm, budget);
  let targets = claims.filter((c) => c.status === "asserted");
  if (options.against !== undefined) {
    if (objective !== "excess") throw new InputError("a claim to search against needs the excess objective");
    targets = claims.filter((c) => c.id === options.against);
    if (targets.length === 0) {
      throw new InputError(`'${options.against}' is not a registered cost bound of '${algorithm}' (its claims: ${claims.map((c) => c.id).join(", ") || "none"})`);
    }
  }
  if (objective === "excess" && targets.length === 0) {
    throw new InputError(`no asserted registered bound on the cost of '${algorithm}'; use the ratio objective`);
  }
  const ev = new Evaluator(algorithm, k, budget, claims, targets, objective, samples);
  const seed = options.seed ?? 0;
  let best: Candidate | undefined;
  let evaluations = 0;
  if (search === "exhaustive") {
    const sequences = family === null ? fixed! : canonicalSequences(family.length, family.pages);
    let total = 0;
    for (const s of sequences) {
      total += new PredictionSpace(s.requests, k, s.universe, budget).count(WORST_PREDICTIONS_MAX_EVALUATIONS);
      if (total > WORST_PREDICTIONS_MAX_EVALUATIONS) {
        throw new InputError(
          `exhaustive search would evaluate more than ${WORST_PREDICTIONS_MAX_EVALUATIONS} candidates; ` +
            `use --search local, a shorter sequence, fewer pages or a smaller budget`,
        );
      }
    }
    for (const s of sequences) {
      const space = new PredictionSpace(s.requests, k, s.universe, budget);
      const opt = ev.opt(s.requests, s.universe);
      space.enumerate((c) => {
        evaluations++;
        const cand = ev.candidate(s.requests, s.universe, opt, c);
        if (best === undefined || ev.better(cand, best)) best = { ...cand, predictions: c.slice() };
      });
    }
  } else {
    const iterations = options.iterations ?? 4000;
    if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > WORST_PREDICTIONS_MAX_EVALUATIONS) {
      throw new InputError(`iterations must be an integer in [1, ${WORST_PREDICTIONS_MAX_EVALUATIONS}], got ${iterations}`);
    }
    if (iterations * length > WORST_PREDICTIONS_MAX_WORK) {
      throw new InputError(`a local search of ${iterations} iterations on ${length} requests is over the limit of ${WORST_PREDICTIONS_MAX_WORK} request-steps`);
    }
    const found = anneal(ev, k, budget, family, fixed, iterations, new Rng(seed));
    best = found.best;
    evaluations = found.evaluations;
  }
  return ev.report(best!, { search, objective, budget, family, evaluations });
}

interface Sequence {
  readonly requests: Int32Array;
  readonly universe: number;
}

interface Candidate {
  readonly requests: Int32Array;
  readonly universe: number;
  readonly predictions: Uint8Array | Float64Array;
  readonly alg: Fraction;
  readonly opt: number;
  /** The objective exactly (ALG/OPT, or ALG − bound). */
  readonly score: Fraction;
  /** ALG/OPT (breaks ties of the excess objective). */
  readonly ratio: Fraction;
}

class Evaluator {
  private readonly randomized: boolean;
  private readonly exactFn: ReturnType<typeof exactExpectationFor>;

  constructor(
    readonly algorithm: string,
    readonly k: number,
    readonly budget: PredictionBudget,
    readonly claims: readonly Claim[],
    readonly targets: readonly Claim[],
    readonly objective: "ratio" | "excess",
    readonly samples: number,
  ) {
    this.randomized = policies.get(algorithm).randomized;
    this.exactFn = this.randomized ? exactExpectationFor(algorithm) : undefined;
  }

  get exact(): boolean {
    return !this.randomized || this.exactFn !== undefined;
  }

  opt(requests: Int32Array, universe: number): number {
    return simulate(policies.create("opt", this.k), requests, { universe }).faults;
  }

  cost(requests: Int32Array, universe: number, predictions: Predictions, firstSeed = 0): Fraction {
    if (!this.randomized) return frac(simulate(policies.create(this.algorithm, this.k), requests, { universe, predictions }).faults);
    if (this.exactFn !== undefined) return this.exactFn(requests, this.k, predictions);
    let total = 0;
    for (let s = 0; s < this.samples; s++) {
      total += simulate(policies.create(this.algorithm, this.k, { seed: firstSeed + s }), requests, { universe, predictions }).faults;
    }
    return frac(total, this.samples);
  }

  candidate(requests: Int32Array, universe: number, opt: number, c: Uint8Array | Float64Array): Candidate {
    const predictions = c instanceof Uint8Array ? { bits: c } : { nextArrival: c };
    const alg = this.cost(requests, universe, predictions);
    const ratio = divide(alg, frac(opt)) as Fraction;
    let score = ratio;
    if (this.objective === "excess") {
      let least: Fraction | undefined;
      for (const b of this.bounds(requests, universe, predictions, [0], this.targets)) {
        if (least === undefined || sign(compare(b.value, least)) < 0) least = b.value;
      }
      score = subtract(alg, least!) as Fraction;
    }
    return { requests, universe, predictions: c, alg, opt, score, ratio };
  }

  better(a: Candidate, b: Candidate): boolean {
    const order = sign(compare(a.score, b.score));
    return order > 0 || (order === 0 && sign(compare(a.ratio, b.ratio)) > 0);
  }

  bounds(requests: Int32Array, universe: number, predictions: Predictions, seeds: readonly number[], claims = this.claims): RegisteredBound[] {
    return claims.map((claim) => {
      const verdict = checkClaim({ ...claim, policies: [this.algorithm] }, {
        k: this.k,
        requests,
        universe,
        predictions,
        seeds,
        exactExpectation: true,
      });
      const c = verdict.cases[0];
      const top = c.slack ? (add(c.rhs, c.slack) as Fraction) : c.rhs;
      return {
        claim: claim.id,
        statement: claim.statement,
        status: claim.status,
        value: c.rhs,
        ...(c.slack ? { sampling: c.slack } : {}),
        slack: subtract(top, c.lhs) as Fraction,
        holds: c.holds,
      };
    });
  }

  report(
    best: Candidate,
    meta: Pick<WorstPredictions, "search" | "objective" | "budget" | "family" | "evaluations">,
  ): WorstPredictions {
    const predictions: Predictions = best.predictions instanceof Uint8Array ? { bits: best.predictions } : { nextArrival: best.predictions };
    // Fresh seeds for a sampled ALG: the search picked the witness on seeds 0..S−1.
    const seeds = Array.from({ length: this.samples }, (_, i) => this.samples + i);
    const alg = this.exact ? best.alg : this.cost(best.requests, best.universe, predictions, this.samples);
    const bounds = this.bounds(best.requests, best.universe, predictions, seeds);
    const bound = tightest(bounds);
    const space = new PredictionSpace(best.requests, this.k, best.universe, meta.budget);
    return {
      algorithm: this.algorithm,
      k: this.k,
      ...meta,
      requests: best.requests,
      predictions,
      error: space.error(best.predictions),
      alg,
      exact: this.exact,
      opt: best.opt,
      ratio: divide(alg, frac(best.opt)) as Fraction,
      bounds,
      ...(bound ? { bound } : {}),
    };
  }
}

function tightest(bounds: readonly RegisteredBound[]): RegisteredBound | undefined {
  let best: RegisteredBound | undefined;
  for (const b of bounds) if (b.status === "asserted" && (best === undefined || sign(compare(b.value, best.value)) < 0)) best = b;
  return best;
}

function sign(x: unknown): number {
  return Math.sign(Number((x as Fraction).valueOf()));
}

function anneal(
  ev: Evaluator,
  k: number,
  budget: PredictionBudget,
  family: { length: number; pages: number } | null,
  fixed: readonly Sequence[] | null,
  iterations: number,
  rng: Rng,
): { best: Candidate; evaluations: number } {
  // A family: 4 restarts (the cyclic sequence, then random ones); given sequences: one restart
  // each (at least 4 in all), the iterations split evenly.
  const restarts = Math.max(1, Math.min(fixed === null ? 4 : Math.max(4, fixed.length), Math.floor(iterations / 50)));
  const per = Math.ceil(iterations / restarts);
  let best: Candidate | undefined;
  let evaluations = 0;
  // Temperatures in objective units: a ratio moves by about 1/OPT per fault, an excess by 1.
  const [hot, cold] = ev.objective === "ratio" ? [0.3, 0.003] : [2, 0.02];
  for (let r = 0; r < restarts && evaluations < iterations; r++) {
    let seq = fixed !== null ? fixed[r % fixed.length] : startSequence(family!, r, rng);
    let space = new PredictionSpace(seq.requests, k, seq.universe, budget);
    let opt = ev.opt(seq.requests, seq.universe);
    let current = ev.candidate(seq.requests, seq.universe, opt, space.perfect());
    evaluations++;
    if (best === undefined || ev.better(current, best)) best = current;
    for (let i = 1; i < per && evaluations < iterations; i++) {
      const temperature = hot * Math.pow(cold / hot, i / per);
      let next: Candidate;
      if (family !== null && rng.int(5) === 0) {
        // Change one request, then bring the predictions back within the budget of the new truth.
        const requests = seq.requests.slice();
        requests[rng.int(requests.length)] = rng.int(family.pages);
        const s2 = new PredictionSpace(requests, k, family.pages, budget);
        const o2 = ev.opt(requests, family.pages);
        next = ev.candidate(requests, family.pages, o2, s2.repair(current.predictions, rng));
      } else {
        next = ev.candidate(seq.requests, seq.universe, opt, space.neighbour(current.predictions, rng));
      }
      evaluations++;
      const delta = Number((subtract(next.score, current.score) as Fraction).valueOf());
      if (delta >= 0 || rng.next() < Math.exp(delta / temperature)) {
        if (next.requests !== seq.requests) {
          seq = { requests: next.requests, universe: next.universe };
          space = new PredictionSpace(seq.requests, k, seq.universe, budget);
          opt = next.opt;
        }
        current = next;
        if (ev.better(current, best)) best = current;
      }
    }
  }
  return { best: best!, evaluations };
}

/** Restart r of a family search: the cyclic sequence 0 1 … P−1 0 1 … first, then random ones. */
function startSequence(family: { length: number; pages: number }, r: number, rng: Rng): Sequence {
  const requests = new Int32Array(family.length);
  for (let t = 0; t < family.length; t++) requests[t] = r === 0 ? t % family.pages : rng.int(family.pages);
  return { requests, universe: family.pages };
}

function budgetFor(algorithm: string, needs: readonly string[], b: WorstPredictionsOptions["budget"]): PredictionBudget {
  if (needs.length === 0) throw new InputError(`'${algorithm}' reads no predictions; choose a learning-augmented algorithm or a combiner with one`);
  if (needs.length > 1) throw new InputError(`'${algorithm}' reads ${needs.join(" and ")} predictions; the search handles one kind at a time`);
  let budget: PredictionBudget;
  if (needs[0] === "nextArrival") {
    if (b.eta0 !== undefined || b.eta1 !== undefined) throw new InputError(`'${algorithm}' reads next-arrival predictions: give the ℓ1 budget eta, not eta0/eta1`);
    if (b.eta === undefined) throw new InputError(`'${algorithm}' reads next-arrival predictions: give the ℓ1 error budget eta`);
    budget = { kind: "nextArrival", eta: b.eta };
  } else {
    if (b.eta !== undefined) throw new InputError(`'${algorithm}' reads one-bit predictions: give eta0/eta1, not eta`);
    if (b.eta0 === undefined && b.eta1 === undefined) throw new InputError(`'${algorithm}' reads one-bit predictions: give the budgets eta0 and eta1`);
    budget = { kind: "bits", truth: needs[0] === "phaseBit" ? "phase" : "discard", eta0: b.eta0 ?? 0, eta1: b.eta1 ?? 0 };
  }
  checkBudget(budget);
  return budget;
}

/** The registered claims bounding the algorithm's cost that apply to this kind of prediction. */
function boundClaims(algorithm: string, budget: PredictionBudget): Claim[] {
  const canonical = (name: string) => {
    try {
      return policies.get(name).name;
    } catch {
      return undefined;
    }
  };
  return [...learningAugmentedClaims, ...robustClaims].filter((claim) => {
    if (!claim.policies.some((p) => canonical(p) === algorithm)) return false;
    const f = claim.form;
    if (f.kind === "bits") return budget.kind === "bits" && f.truth === budget.truth;
    if (f.kind === "eta") return budget.kind === "nextArrival";
    return f.kind === "ratio" || f.kind === "combination";
  });
}

function familyOf(options: WorstPredictionsOptions, k: number): { length: number; pages: number } | null {
  if (options.requests !== undefined || options.sequences !== undefined) {
    if (options.requests !== undefined && options.sequences !== undefined) throw new InputError("give a request sequence or a list of them, not both");
    if (options.length !== undefined || options.pages !== undefined) throw new InputError("give either request sequences or a family (length, pages), not both");
    return null;
  }
  const length = options.length;
  if (length === undefined) throw new InputError("give a request sequence or the family's length");
  if (!Number.isSafeInteger(length) || length < 1 || length > WORST_PREDICTIONS_MAX_LENGTH) {
    throw new InputError(`length must be an integer in [1, ${WORST_PREDICTIONS_MAX_LENGTH}], got ${length}`);
  }
  const pages = options.pages ?? k + 1;
  if (!Number.isSafeInteger(pages) || pages < 1 || pages > WORST_PREDICTIONS_MAX_PAGES) {
    throw new InputError(`pages must be an integer in [1, ${WORST_PREDICTIONS_MAX_PAGES}], got ${pages}`);
  }
  return { length, pages };
}

function givenSequences(options: WorstPredictionsOptions): Sequence[] {
  const list = options.sequences ?? [options.requests!];
  if (list.length < 1 || list.length > 1024) throw new InputError(`give 1 to 1024 request sequences, got ${list.length}`);
  return list.map((raw, i) => {
    const s = fixedSequence(raw);
    if (s.requests.length < 1) throw new InputError(list.length === 1 ? "the request sequence is empty" : `request sequence ${i} is empty`);
    return s;
  });
}

function fixedSequence(raw: ArrayLike<number>): Sequence {
  if (raw.length > WORST_PREDICTIONS_MAX_LENGTH) throw new InputError(`the sequence has ${raw.length} requests, over the limit of ${WORST_PREDICTIONS_MAX_LENGTH}`);
  const requests = new Int32Array(raw.length);
  let max = -1;
  for (let t = 0; t < raw.length; t++) {
    const p = raw[t];
    if (!Number.isSafeInteger(p) || p < 0 || p >= WORST_PREDICTIONS_MAX_PAGES) {
      throw new InputError(`request ${t}: page ${p} is not an integer in [0, ${WORST_PREDICTIONS_MAX_PAGES})`);
    }
    requests[t] = p;
    if (p > max) max = p;
  }
  return { requests, universe: max + 1 };
}

/**
 * Every sequence of `length` requests over at most `pages` pages in canonical form (each new
 * page the smallest unused id). Refused before listing them when there are more than the
 * evaluation limit.
 */
function canonicalSequences(length: number, pages: number): Sequence[] {
  // Σ_{j≤pages} S(length, j), the number of restricted growth strings, by the Stirling recurrence.
  let row = [1];
  for (let n = 1; n <= length; n++) {
    const next = new Array<number>(Math.min(n, pages) + 1).fill(0);
    for (let j = 1; j < next.length; j++) next[j] = j * (row[j] ?? 0) + (row[j - 1] ?? 0);
    row = next;
  }
  const count = row.reduce((a, b) => a + b, 0);
  if (count > WORST_PREDICTIONS_MAX_EVALUATIONS) {
    throw new InputError(
      `every sequence of length ${length} over ${pages} pages is ${count} sequences, over the limit of ${WORST_PREDICTIONS_MAX_EVALUATIONS}; use --search local`,
    );
  }
  const out: Sequence[] = [];
  const seq = new Int32Array(length);
  const walk = (t: number, used: number): void => {
    if (t === length) {
      out.push({ requests: seq.slice(), universe: pages });
      return;
    }
    for (let p = 0; p < Math.min(pages, used + 1); p++) {
      seq[t] = p;
      walk(t + 1, p === used ? used + 1 : used);
    }
  };
  walk(0, 0);
  return out;
}
