import { add, divide, multiply, subtract, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { partSeed } from "../paging/registry.ts";
import type { ClaimForm, CombinationInputs } from "./claim.ts";
import { combinationOf } from "./combination.ts";
import { approx, cmp, frac, show } from "./exact.ts";
import { hoeffdingSlack } from "./hoeffding.ts";
import { distinctCount, verdict, type Evaluator } from "./check-context.ts";

type CombinationForm = Extract<ClaimForm, { kind: "combination" }>;

/**
 * The evaluator of the `combination` form: the combiner's cost against a bound computed from
 * its parts' standalone costs (each part run alone on σ with the instance's predictions and the
 * seed the combiner gives it), or — with `robust` — from a proven bound on one part.
 *
 * Expectation claims: with deterministic parts (or a `robust` bound) the right side is one
 * number and the left side is the exact E[ALG] or the mean over the seeds with its Hoeffding
 * slack, as for any ratio claim. With randomized parts the claim is E[ALG − bound(c*)] ≤ 0 over
 * the joint randomness; each seed gives one sample of ALG − bound(c*_seed), which lies in an
 * interval of width (n − d) + bound(n) − bound(d) (every cost is in [d, n], d = distinct pages;
 * the bound is nondecreasing), and that width sets the slack.
 */
export const combinationEvaluators: { readonly combination: Evaluator } = {
  combination(ctx, policy, seeds) {
    const form = ctx.claim.form as CombinationForm;
    const combo = combinationOf(policy);
    if (!form.bound.combiners.includes(combo.head)) {
      throw new InputError(`claim ${ctx.claim.id} bounds ${form.bound.combiners.join(", ")}, not '${policy}'`);
    }
    const predictions = ctx.predictionsFor(policy);
    const m = combo.parts.length;
    const inputs = (cheapest: Fraction): CombinationInputs => ({ cheapest, parts: m, k: ctx.k, params: combo.params });
    const partCosts = (seed: number) => combo.parts.map((p, i) => ctx.faults(p, [partSeed(seed, i)], predictions)[0]);
    const first = partCosts(seeds[0]);
    const values: Record<string, string> = {
      [`parts' costs${seeds.length > 1 ? ` (seed ${seeds[0]})` : ""}`]: combo.parts.map((p, i) => `${p} ${first[i]}`).join(", "),
    };

    if (form.robust !== undefined) {
      const g = form.robust;
      const part = combo.parts.find((p) => g.parts.includes(p));
      if (part === undefined) throw new InputError(`claim ${ctx.claim.id}: '${policy}' has none of the parts ${g.parts.join(", ")}`);
      const opt = ctx.opt(ctx.k);
      const cheapest = add(multiply(g.c.value(ctx.k, ctx.k), frac(opt)), g.b.value(ctx.k, ctx.k)) as Fraction;
      const { value: alg, label, slack } = ctx.algSide(policy, seeds, predictions);
      const rhs = form.bound.value(inputs(cheapest));
      Object.assign(values, {
        [label]: show(alg),
        [`OPT_${ctx.k}`]: String(opt),
        [`c* ≤ ${part}_${ctx.k} ≤ ${g.c.text}·OPT + ${g.b.text} (${g.claim})`]: show(cheapest),
        bound: form.bound.text,
        ...form.bound.explain(inputs(cheapest)),
      });
      return verdict(policy, alg, "≤", rhs, values, ctx.requests, slack);
    }

    const randomizedParts = combo.parts.some((p) => policies.get(p).randomized);
    if (ctx.claim.guarantee !== "expectation" || !randomizedParts) {
      const cheapest = frac(Math.min(...first));
      const { value: alg, label, slack } = ctx.algSide(policy, seeds, predictions);
      Object.assign(values, { [label]: show(alg), "c*": show(cheapest), bound: form.bound.text, ...form.bound.explain(inputs(cheapest)) });
      return verdict(policy, alg, "≤", form.bound.value(inputs(cheapest)), values, ctx.requests, slack);
    }

    // Randomized parts in an expectation claim: mean of ALG against the mean of bound(c*) per seed.
    const runs = ctx.faults(policy, seeds, predictions);
    let algTotal = frac(0);
    let boundTotal = frac(0);
    const cheapestPerSeed: number[] = [];
    seeds.forEach((seed, s) => {
      const cheapest = Math.min(...(s === 0 ? first : partCosts(seed)));
      cheapestPerSeed.push(cheapest);
      algTotal = add(algTotal, frac(runs[s])) as Fraction;
      boundTotal = add(boundTotal, form.bound.value(inputs(frac(cheapest)))) as Fraction;
    });
    const n = ctx.requests.length;
    const d = distinctCount(ctx.requests, ctx.universe);
    const spread = subtract(form.bound.value(inputs(frac(n))), form.bound.value(inputs(frac(d)))) as Fraction;
    const width = n - d + Math.ceil(Number(spread.valueOf()));
    const slack = hoeffdingSlack(width, seeds.length, ctx.instance.confidence ?? 1e-9);
    const alg = divide(algTotal, frac(seeds.length)) as Fraction;
    const rhs = divide(boundTotal, frac(seeds.length)) as Fraction;
    Object.assign(values, {
      [`mean ${policy}_${ctx.k} over ${seeds.length} seeds`]: show(alg),
      "c* per seed": cheapestPerSeed.join(","),
      [`mean of ${form.bound.text}`]: approx(rhs),
      ...form.bound.explain(inputs(frac(cheapestPerSeed[0]))),
    });
    if (cmp(spread, frac(0)) < 0) throw new Error(`claim ${ctx.claim.id}: the bound decreases in c*`);
    return verdict(policy, alg, "≤", rhs, values, ctx.requests, slack);
  },
};
