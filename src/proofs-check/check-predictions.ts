import { abs, add, multiply, subtract, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { simulate } from "../paging/core/simulate.ts";
import { perfectDiscardBits, discardBitsFrom } from "../predictors/discard-oracle.ts";
import { perfectPhaseBits } from "../predictors/phase-oracle.ts";
import { perfectNextArrival } from "../predictors/perfect-next-arrival.ts";
import { bitErrors } from "../predictors/prediction-error.ts";
import { totalClean } from "../paging/analysis/phases.ts";
import type { ClaimForm } from "./claim.ts";
import { cmp, frac, show, approx, exactDouble, sqrtBelow } from "./exact.ts";
import { verdict, type CaseVerdict, type Evaluator } from "./check-context.ts";

/**
 * The evaluators of the learning-augmented claim forms — `bits`, `eta`, `perfect`, `own-labels`:
 * they read (or make) the instance's predictions and measure their error exactly.
 */
export const predictionEvaluators: { readonly [K in "bits" | "eta" | "perfect" | "own-labels"]: Evaluator } = {
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

