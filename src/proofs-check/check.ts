import { abs, add, divide, multiply, subtract, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { simulate } from "../paging/core/simulate.ts";
import type { Predictions } from "../paging/core/policy.ts";
import type { PredictionKind } from "../paging/registry.ts";
import { perfectDiscardBits, discardBitsFrom } from "../predictors/discard-oracle.ts";
import { perfectPhaseBits } from "../predictors/phase-oracle.ts";
import { perfectNextArrival } from "../predictors/perfect-next-arrival.ts";
import { bitErrors } from "../predictors/prediction-error.ts";
import { kPhases, totalClean, type PhasePartition } from "../paging/analysis/phases.ts";
import { cruelSequence } from "../adversaries/cruel.ts";
import type { Claim, ClaimForm } from "./claim.ts";
import { cruelRatio, markerPhaseBound } from "./bounds.ts";
import { cmp, frac, show, approx, exactDouble, sqrtBelow } from "./exact.ts";
import { faultFlags, faultsPerPhase } from "./fault-profile.ts";
import { hoeffdingSlack } from "./hoeffding.ts";
import { exactExpectations } from "./exact-expectations.ts";

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
   * Compute E[ALG] exactly where `exactExpectations` has the policy (Marker, small instances)
   * instead of averaging the seeds: the expectation check then has no slack and no false alarms.
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

/** The verdict of a claim on an instance: all cases, and whether every one holds. */
export interface ClaimVerdict {
  /** The claim checked. */
  readonly claim: Claim;
  /** ALG's cache size. */
  readonly k: number;
  /** OPT's cache size (k unless the claim is about resource augmentation). */
  readonly h: number;
  /** True iff every case holds. */
  readonly holds: boolean;
  /** One case per policy, and per seed for per-seed checks of randomized policies. */
  readonly cases: readonly CaseVerdict[];
}

/**
 * Evaluate `claim` on `instance`, exactly: faults are counted by the engine, OPT by Belady (or
 * `instance.optimum`), the phases by `kPhases`, and both sides are compared as mathjs
 * fractions — never floating point.
 *
 * Deterministic claims are checked per policy and, for a randomized policy, per seed. An
 * expectation claim compares the empirical mean of ALG over the seeds with the bound plus the
 * Hoeffding slack for S = |seeds| runs, each of which lies in [distinct pages, n] (every run
 * faults on each distinct page and at most on every request): if the bound truly holds for
 * E[ALG], a case fails with probability at most δ = `instance.confidence`. With
 * `instance.exactExpectation`, E[ALG] is computed exactly where possible (Marker) and compared
 * with no slack. Deterministic policies in an expectation claim are a single run.
 *
 * The verdict carries both sides and the quantities behind them; {@link formatVerdict} prints
 * them with the instance, so a failing test shows LHS, RHS and σ. Throws `InputError` for an
 * unusable instance (k ≤ 0, h outside [1, k], missing σ).
 */
export function checkClaim(claim: Claim, instance: Instance): ClaimVerdict {
  const k = instance.k;
  if (!Number.isSafeInteger(k) || k < 1) throw new InputError(`claim ${claim.id}: k must be a positive integer, got ${k}`);
  // Only (T1) and the augmented ratio forms compare against an optimum with a smaller cache.
  const usesH = claim.form.kind === "opt-phases" || (claim.form.kind === "ratio" && !claim.form.sameCache);
  const h = usesH ? (instance.h ?? k) : k;
  if (!Number.isSafeInteger(h) || h < 1 || h > k) throw new InputError(`claim ${claim.id}: h must be an integer in [1, k], got ${h}`);
  const ctx = new Context(claim, instance, k, h);
  const cases: CaseVerdict[] = [];
  for (const name of claim.policies) {
    const info = policies.get(name);
    if (claim.guarantee === "expectation" && info.randomized) cases.push(evaluators[claim.form.kind](ctx, name, ctx.seeds));
    else if (info.randomized) for (const seed of ctx.seeds) cases.push({ ...evaluators[claim.form.kind](ctx, name, [seed]), seed });
    else cases.push(evaluators[claim.form.kind](ctx, name, [0]));
  }
  return { claim, k, h, holds: cases.every((c) => c.holds), cases };
}

/** Lazily computed facts about the instance, shared by the cases of one check. */
class Context {
  readonly seeds: readonly number[];
  private partitionMemo: PhasePartition | undefined;
  private readonly optMemo = new Map<number, number>();

  constructor(
    readonly claim: Claim,
    readonly instance: Instance,
    readonly k: number,
    readonly h: number,
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
      (seed) => simulate(policies.create(policy, this.k, { seed }), this.requests, { universe: this.universe, predictions }).faults,
    );
  }

  /** The instance's predictions, checked to hold every kind `policy` reads. */
  predictionsFor(policy: string): Predictions {
    const predictions = this.instance.predictions ?? {};
    for (const kind of policies.get(policy).needs) {
      const has = kind === "nextArrival" ? predictions.nextArrival !== undefined : predictions.bits !== undefined;
      if (!has) throw new InputError(`claim ${this.claim.id}: ${policy} needs ${kindName(kind)} predictions; give them in the instance`);
    }
    return predictions;
  }

  /** Perfect predictions of every kind `policy` reads (discard and phase bits cannot both be read). */
  perfectFor(policy: string): Predictions {
    const needs = policies.get(policy).needs;
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
    const randomized = policies.get(policy).randomized;
    if (this.claim.guarantee !== "expectation" || !randomized) {
      const [faults] = this.faults(policy, seeds.slice(0, 1), predictions);
      return { value: frac(faults), label: `${policy}_${this.k}` };
    }
    const exact = exactExpectations[policy];
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

function optimum(instance: Instance, requests: Int32Array, size: number, universe: number): number {
  if (instance.optimum) return instance.optimum(requests, size);
  return simulate(policies.create("opt", size), requests, { universe }).faults;
}

function distinctCount(requests: Int32Array, universe: number): number {
  const seen = new Uint8Array(universe);
  let d = 0;
  for (const p of requests) if (seen[p] === 0) (seen[p] = 1), d++;
  return d;
}

type Evaluator = (ctx: Context, policy: string, seeds: readonly number[]) => CaseVerdict;

function verdict(
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

const evaluators: { readonly [K in ClaimForm["kind"]]: Evaluator } = {
  ratio(ctx, policy, seeds) {
    const form = ctx.claim.form as Extract<ClaimForm, { kind: "ratio" }>;
    const { value: mean, label, slack } = ctx.algSide(policy, seeds);
    const opt = ctx.opt(ctx.h);
    const c = form.c.value(ctx.k, ctx.h);
    const b = form.b.value(ctx.k, ctx.h);
    const rhs = add(multiply(c, frac(opt)), b) as Fraction;
    const values = {
      [label]: show(mean),
      [`OPT_${ctx.h}`]: String(opt),
      [`c = ${form.c.text}`]: show(c),
      [`b = ${form.b.text}`]: show(b),
    };
    return verdict(policy, mean, "≤", rhs, values, ctx.requests, slack);
  },

  "phase-faults"(ctx, policy, seeds) {
    const form = ctx.claim.form as Extract<ClaimForm, { kind: "phase-faults" }>;
    const partition = ctx.partition;
    const flags = faultFlags(policies.create(policy, ctx.k, { seed: seeds[0] }), ctx.requests, ctx.universe, ctx.predictionsFor(policy));
    const perPhase = faultsPerPhase(flags, partition);
    let worst = 0;
    for (let i = 1; i < perPhase.length; i++) if (perPhase[i] > perPhase[worst]) worst = i;
    const max = perPhase.length === 0 ? 0 : perPhase[worst];
    const end = worst + 1 < partition.count ? partition.starts[worst + 1] : ctx.requests.length;
    const values = {
      phases: String(partition.count),
      "worst phase": perPhase.length === 0 ? "none" : `${worst} (requests ${partition.starts[worst]}..${end - 1})`,
      "faults per phase": Array.from(perPhase).join(","),
    };
    return verdict(policy, frac(max), "≤", form.bound.value(ctx.k, ctx.h), values, ctx.requests);
  },

  "opt-phases"(ctx, policy) {
    const m = ctx.partition.count;
    const opt = ctx.opt(ctx.h);
    const rhs = m === 0 ? frac(0) : frac(1 + (m - 1) * (ctx.k - ctx.h + 1));
    return verdict(policy, frac(opt), "≥", rhs, { m: String(m), [`OPT_${ctx.h}`]: String(opt) }, ctx.requests);
  },

  "opt-clean"(ctx, policy) {
    const form = ctx.claim.form as Extract<ClaimForm, { kind: "opt-clean" }>;
    const sum = totalClean(ctx.partition);
    const opt = ctx.opt(ctx.k);
    const rhs = multiply(form.c.value(ctx.k, ctx.h), frac(sum)) as Fraction;
    const values = { "Σ c_i": String(sum), "c_i": Array.from(ctx.partition.clean).join(","), [`OPT_${ctx.k}`]: String(opt) };
    return verdict(policy, frac(opt), "≥", rhs, values, ctx.requests);
  },

  "opt-warm"(ctx, policy) {
    const m = ctx.partition.count;
    const opt = ctx.opt(ctx.k);
    // For m ≤ 1 the claim says nothing; OPT ≥ 0 keeps the case vacuous but visible.
    const rhs = m >= 2 ? frac(ctx.k + m - 1) : frac(0);
    return verdict(policy, frac(opt), "≥", rhs, { m: String(m), [`OPT_${ctx.k}`]: String(opt) }, ctx.requests);
  },

  cruel(ctx, policy, seeds) {
    const n = ctx.instance.n ?? ctx.instance.requests?.length;
    if (n === undefined || !Number.isSafeInteger(n) || n < 1) {
      throw new InputError(`claim ${ctx.claim.id} needs the adversarial length n ≥ 1`);
    }
    const sigma = cruelSequence(policies.create(policy, ctx.k, { seed: seeds[0] }), n);
    const alg = simulate(policies.create(policy, ctx.k, { seed: seeds[0] }), sigma, { universe: ctx.k + 1 }).faults;
    const opt = optimum(ctx.instance, sigma, ctx.k, ctx.k + 1);
    const lhs = divide(frac(alg), frac(opt)) as Fraction;
    const values = { n: String(n), ALG: String(alg), OPT: String(opt), "ALG/OPT ≈": approx(lhs) };
    return verdict(policy, lhs, "≥", cruelRatio(n, ctx.k), values, sigma, undefined, alg === n);
  },

  "phase-sum"(ctx, policy, seeds) {
    const { value: mean, label, slack } = ctx.algSide(policy, seeds);
    const rhs = markerPhaseBound(ctx.k, ctx.partition.clean);
    const values = {
      [label]: show(mean),
      "c_i": Array.from(ctx.partition.clean).join(","),
      "Σ c_i(H_k − H_{c_i} + 1) ≈": approx(rhs),
    };
    return verdict(policy, mean, "≤", rhs, values, ctx.requests, slack);
  },

  bits(ctx, policy, seeds) {
    const form = ctx.claim.form as Extract<ClaimForm, { kind: "bits" }>;
    const predictions = ctx.predictionsFor(policy);
    const predicted = predictions.bits;
    if (predicted === undefined) throw new InputError(`claim ${ctx.claim.id} needs one-bit predictions in the instance`);
    const truth =
      form.truth === "discard"
        ? perfectDiscardBits(ctx.requests, ctx.k, { universe: ctx.universe }).bits
        : perfectPhaseBits(ctx.requests, ctx.k, ctx.universe).bits;
    const { eta0, eta1 } = bitErrors(predicted.subarray(0, ctx.requests.length), truth);
    const { value: mean, label, slack } = ctx.algSide(policy, seeds, predictions);
    const opt = ctx.opt(ctx.k);
    const [alpha, beta, gamma, b] = [form.alpha, form.beta, form.gamma, form.b].map((c) => c.value(ctx.k, ctx.k));
    const rhs = add(add(multiply(alpha, frac(opt)), multiply(beta, frac(eta0))), add(multiply(gamma, frac(eta1)), b)) as Fraction;
    const values = {
      [label]: show(mean),
      [`OPT_${ctx.k}`]: String(opt),
      "η₀ (false KEEP)": String(eta0),
      "η₁ (false EVICT)": String(eta1),
      [`(α, β, γ, b) = (${form.alpha.text}, ${form.beta.text}, ${form.gamma.text}, ${form.b.text})`]: [alpha, beta, gamma, b].map(show).join(", "),
    };
    return verdict(policy, mean, "≤", rhs, values, ctx.requests, slack);
  },

  eta(ctx, policy, seeds) {
    const form = ctx.claim.form as Extract<ClaimForm, { kind: "eta" }>;
    const predictions = ctx.predictionsFor(policy);
    const h = predictions.nextArrival;
    if (h === undefined) throw new InputError(`claim ${ctx.claim.id} needs next-arrival predictions in the instance`);
    const n = ctx.requests.length;
    const never = ctx.instance.neverAgain ?? n;
    const eta = l1Error(h, perfectNextArrival(ctx.requests, { universe: ctx.universe, neverAgain: never }), never, n);
    const { value: mean, label, slack } = ctx.algSide(policy, seeds, predictions);
    const opt = frac(ctx.opt(ctx.k));
    // ALG ≤ α·OPT + β·η + √(ρ·η·OPT) holds iff L = ALG − α·OPT − β·η ≤ 0 or L² ≤ ρ·η·OPT: exact.
    // An expectation check compares the mean minus its Hoeffding slack.
    const alg = slack ? (subtract(mean, slack) as Fraction) : mean;
    let best: { rhs: Fraction; holds: boolean; text: string } | undefined;
    for (const term of form.terms) {
      const [alpha, beta, rho] = [term.alpha, term.beta, term.root].map((c) => c.value(ctx.k, ctx.k));
      const linear = add(multiply(alpha, opt), multiply(beta, eta)) as Fraction;
      const under = multiply(multiply(rho, eta), opt) as Fraction;
      const excess = subtract(alg, linear) as Fraction;
      const holds = cmp(excess, frac(0)) <= 0 || cmp(multiply(excess, excess) as Fraction, under) <= 0;
      const rhs = add(linear, sqrtBelow(under)) as Fraction;
      const text = `${term.alpha.text}·OPT + ${term.beta.text}·η${term.root.text === "0" ? "" : ` + √(${term.root.text}·η·OPT)`}`;
      if (best === undefined || (holds && !best.holds) || (holds === best.holds && cmp(rhs, best.rhs) < 0)) best = { rhs, holds, text };
    }
    if (best === undefined) throw new Error(`claim ${ctx.claim.id} has no terms`);
    const values = { [label]: show(mean), [`OPT_${ctx.k}`]: show(opt), η: show(eta), "η ≈": approx(eta, 2), "least term": best.text };
    const v = verdict(policy, mean, "≤", best.rhs, values, ctx.requests, slack);
    return { ...v, holds: best.holds };
  },

  perfect(ctx, policy, seeds) {
    const form = ctx.claim.form as Extract<ClaimForm, { kind: "perfect" }>;
    const { value: alg, label } = ctx.algSide(policy, seeds, ctx.perfectFor(policy));
    const target = form.target === "opt" ? ctx.opt(ctx.k) : totalClean(ctx.partition);
    const name = form.target === "opt" ? `OPT_${ctx.k}` : "Σ c_i";
    const values = { [`${label} with perfect predictions`]: show(alg), [name]: String(target) };
    const v = verdict(policy, alg, "≤", frac(target), values, ctx.requests);
    return { ...v, holds: cmp(alg, frac(target)) === 0 };
  },

  "own-labels"(ctx, policy, seeds) {
    const form = ctx.claim.form as Extract<ClaimForm, { kind: "own-labels" }>;
    let worst: CaseVerdict | undefined;
    for (const reference of form.references) {
      const run = simulate(policies.create(reference, ctx.k), ctx.requests, { universe: ctx.universe, recordEvictions: true });
      const bits = discardBitsFrom(ctx.requests, run.evictions!, { universe: ctx.universe }).bits;
      const [alg] = ctx.faults(policy, seeds.slice(0, 1), { bits });
      const values = { [`${policy}_${ctx.k} on ${reference}'s labels`]: String(alg), [`${reference}_${ctx.k}`]: String(run.faults) };
      const v = verdict(policy, frac(alg), "≤", frac(run.faults), values, ctx.requests);
      if (worst === undefined || !v.holds) worst = v;
      if (!v.holds) break;
    }
    if (worst === undefined) throw new Error(`claim ${ctx.claim.id} names no reference algorithm`);
    return worst;
  },
};

/** η = Σ_t |h_t − y_t| exactly, with ∞ on either side replaced by the never-again time. */
function l1Error(h: Float64Array, y: Float64Array, never: number, n: number): Fraction {
  if (h.length < n) throw new InputError(`next-arrival predictions cover ${h.length} of ${n} requests`);
  let eta = frac(0);
  for (let t = 0; t < n; t++) {
    const a = h[t] === Infinity ? never : h[t];
    const b = y[t] === Infinity ? never : y[t];
    if (!Number.isFinite(a)) throw new InputError(`next-arrival prediction of request ${t} is ${a}`);
    if (a !== b) eta = add(eta, abs(subtract(exactDouble(a), exactDouble(b)) as Fraction)) as Fraction;
  }
  return eta;
}

/**
 * A readable report of a verdict: one line per case with LHS, relation, RHS (exact and ≈), the
 * quantities behind them, and the instance (k, h, σ — at most `maxRequests` requests shown).
 */
export function formatVerdict(v: ClaimVerdict, maxRequests = 200): string {
  const lines = [`${v.holds ? "holds" : "FAILS"}: [${v.claim.id}] ${v.claim.statement} (k = ${v.k}, h = ${v.h})`];
  for (const c of v.cases) {
    const who = c.seed === undefined ? c.policy : `${c.policy} seed ${c.seed}`;
    const slack = c.slack ? ` + slack ${show(c.slack)}` : "";
    const sides = `${show(c.lhs)} ${c.relation} ${show(c.rhs)}${slack}  (≈ ${approx(c.lhs)} ${c.relation} ${approx(c.rhs)})`;
    const values = Object.entries(c.values)
      .map(([key, value]) => `${key} = ${value}`)
      .join("; ");
    lines.push(`  ${c.holds ? "ok  " : "FAIL"} ${who}: ${sides}; ${values}`);
    if (!c.holds) lines.push(`       σ = ${formatRequests(c.requests, maxRequests)}`);
  }
  return lines.join("\n");
}

function formatRequests(requests: Int32Array, max: number): string {
  const shown = Array.from(requests.subarray(0, max)).join(" ");
  return requests.length > max ? `${shown} … (${requests.length} requests)` : `[${shown}] (${requests.length} requests)`;
}
