import { add, divide, multiply, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { simulate } from "../paging/core/simulate.ts";
import { totalClean } from "../paging/analysis/phases.ts";
import { cruelSequence } from "../adversaries/cruel.ts";
import type { Claim, ClaimForm } from "./claim.ts";
import { cruelRatio, markerPhaseBound } from "./bounds.ts";
import { frac, show, approx } from "./exact.ts";
import { faultFlags, faultsPerPhase } from "./fault-profile.ts";
import { Context, optimum, registrySource, verdict, type CaseVerdict, type Evaluator, type Instance, type PolicySource } from "./check-context.ts";
import { predictionEvaluators } from "./check-predictions.ts";
import { combinationEvaluators } from "./check-combination.ts";

export type { Instance, CaseVerdict } from "./check-context.ts";

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
 * `instance.exactExpectation`, E[ALG] is computed exactly where possible (`exactExpectationFor`:
 * Marker, the succinct algorithms, Guard, combine-rand over deterministic parts) and compared
 * with no slack. Deterministic policies in an expectation claim are a single run. Combination
 * claims also run each part alone (see `combinationEvaluators`); their policies are algorithm
 * expressions.
 *
 * The verdict carries both sides and the quantities behind them; {@link formatVerdict} prints
 * them with the instance, so a failing test shows LHS, RHS and σ. Throws `InputError` for an
 * unusable instance (k ≤ 0, h outside [1, k], missing σ).
 */
export function checkClaim(claim: Claim, instance: Instance): ClaimVerdict {
  return checkClaimWith(claim, instance, registrySource);
}

/** {@link checkClaim} with the policies taken from `source` (the registry, or a caller's factory). */
export function checkClaimWith(claim: Claim, instance: Instance, source: PolicySource): ClaimVerdict {
  const k = instance.k;
  if (!Number.isSafeInteger(k) || k < 1) throw new InputError(`claim ${claim.id}: k must be a positive integer, got ${k}`);
  // Only (T1) and the augmented ratio forms compare against an optimum with a smaller cache.
  const usesH = claim.form.kind === "opt-phases" || (claim.form.kind === "ratio" && !claim.form.sameCache);
  const h = usesH ? (instance.h ?? k) : k;
  if (!Number.isSafeInteger(h) || h < 1 || h > k) throw new InputError(`claim ${claim.id}: h must be an integer in [1, k], got ${h}`);
  const ctx = new Context(claim, instance, k, h, source);
  const cases: CaseVerdict[] = [];
  for (const name of claim.policies) {
    const info = source.describe(name);
    if (claim.guarantee === "expectation" && info.randomized) cases.push(evaluators[claim.form.kind](ctx, name, ctx.seeds));
    else if (info.randomized) for (const seed of ctx.seeds) cases.push({ ...evaluators[claim.form.kind](ctx, name, [seed]), seed });
    else cases.push(evaluators[claim.form.kind](ctx, name, [0]));
  }
  return { claim, k, h, holds: cases.every((c) => c.holds), cases };
}

const evaluators: { readonly [K in ClaimForm["kind"]]: Evaluator } = {
  ...predictionEvaluators,
  ...combinationEvaluators,

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
    const flags = faultFlags(ctx.source.create(policy, ctx.k, seeds[0]), ctx.requests, ctx.universe, ctx.predictionsFor(policy));
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
    const sigma = cruelSequence(ctx.source.create(policy, ctx.k, seeds[0]), n);
    const alg = simulate(ctx.source.create(policy, ctx.k, seeds[0]), sigma, { universe: ctx.k + 1 }).faults;
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
};

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
