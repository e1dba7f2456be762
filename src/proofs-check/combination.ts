import { add, divide, multiply, subtract, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { formatExpression, parseExpression } from "../paging/expression.ts";
import type { CombinationBound, CombinationInputs } from "./claim.ts";
import { approx, cmp, frac, show } from "./exact.ts";
import { decimalFraction, lnBracket } from "./exact-real.ts";

/** A combiner's expression resolved into its head, its parts and its written parameters. */
export interface Combination {
  /** Registry name of the combiner (`combine-det`, `blind-oracle-lru`, …). */
  readonly head: string;
  /** Canonical expressions of its parts, in order (the entry's defaults when none are written). */
  readonly parts: readonly string[];
  /** Parameters written in the expression (`combine-det[gamma=1](…)`); defaults are not filled in. */
  readonly params: Readonly<Record<string, number | string>>;
}

/**
 * The parts of combiner expression `policy`, as the registry builds them: the written parts, or
 * the entry's default parts (`combine-det` alone is `combine-det(blind-oracle,marker)`;
 * `blind-oracle-lru` is `blind-oracle` and `lru`). Part i runs with seed `partSeed(seed, i)`.
 * An {@link InputError} if `policy` is not a combiner.
 */
export function combinationOf(policy: string): Combination {
  const e = parseExpression(policy);
  const info = policies.get(e.name);
  const spec = info.parts;
  if (spec === undefined) throw new InputError(`'${policy}' is not a combination (it has no parts)`);
  const parts = e.parts.length > 0 ? e.parts.map(formatExpression) : spec.defaults.map((d) => formatExpression(parseExpression(d)));
  return { head: e.name, parts, params: e.params };
}

function numberParam(params: Readonly<Record<string, number | string>>, key: string, name: string): number | undefined {
  const v = params[key];
  if (v === undefined) return undefined;
  if (typeof v !== "number") throw new InputError(`${name}: ${key} must be a number, got '${v}'`);
  return v;
}

/**
 * r = 1 + γ/(m−1) of `combine-det` exactly, γ as written (decimal; default 0.01). An
 * {@link InputError} for m < 2 or γ ≤ 0.
 */
export function combineDetRatio(m: number, params: Readonly<Record<string, number | string>>): Fraction {
  if (!Number.isSafeInteger(m) || m < 2) throw new InputError(`combine-det needs at least two parts, got ${m}`);
  const gamma = decimalFraction(numberParam(params, "gamma", "combine-det") ?? 0.01);
  if (cmp(gamma, frac(0)) <= 0) throw new InputError(`combine-det: gamma must be positive, got ${show(gamma)}`);
  return add(frac(1), divide(gamma, frac(m - 1))) as Fraction;
}

/**
 * β of `combine-rand` exactly, as its factory reads the parameters: `eps` gives β = 1 − ε/2,
 * `beta` gives β, neither gives 3/4 (ACEPS). An {@link InputError} for both, or a value outside
 * the factory's ranges.
 */
export function combineRandBeta(params: Readonly<Record<string, number | string>>): Fraction {
  const eps = numberParam(params, "eps", "combine-rand");
  const beta = numberParam(params, "beta", "combine-rand");
  if (eps !== undefined && beta !== undefined) throw new InputError("combine-rand: give eps or beta, not both");
  if (eps !== undefined) {
    if (!(eps > 0 && eps < 2)) throw new InputError(`combine-rand: eps must be in (0, 2), got ${eps}`);
    return subtract(frac(1), divide(decimalFraction(eps), frac(2))) as Fraction;
  }
  if (beta !== undefined) {
    if (!(beta > 0 && beta < 1)) throw new InputError(`combine-rand: beta must be in (0, 1), got ${beta}`);
    return decimalFraction(beta);
  }
  return frac(3, 4);
}

/** Past this many switches the exact powers of r get too long to be worth computing. */
const MAX_SWITCH_BOUND = 200_000;

/**
 * #{e ≥ 0 : r^e < c} — for c > 1 the exact ⌈log_r c⌉ — found by a floating-point estimate and
 * settled by exact integer comparisons a^e·q < p·b^e (r = a/b > 1, c = p/q).
 */
export function powersBelow(r: Fraction, c: Fraction): number {
  if (cmp(r, frac(1)) <= 0) throw new RangeError("powersBelow needs r > 1");
  if (cmp(c, frac(1)) <= 0) return 0;
  const [a, b, p, q] = [r.n, r.d, c.n, c.d];
  const below = (e: number) => a ** BigInt(e) * q < p * b ** BigInt(e);
  const estimate = Math.log(Number(p) / Number(q)) / Math.log(Number(a) / Number(b));
  if (!(estimate < MAX_SWITCH_BOUND)) throw new InputError(`the switching bound needs about ${Math.round(estimate)} powers of r = ${show(r)}: too many to evaluate exactly`);
  let e = Math.max(0, Math.ceil(estimate));
  while (e > 0 && !below(e - 1)) e--;
  while (below(e)) e++;
  return e;
}

function detSwitches(i: CombinationInputs): { r: Fraction; logs: number; switches: number } {
  const r = combineDetRatio(i.parts, i.params);
  const logs = powersBelow(r, i.cheapest);
  return { r, logs, switches: i.parts - 1 + logs };
}

/**
 * `combine-det`'s derived switching bound in c* alone [D]: ALG ≤ ⌊Σ_{s=0..S*} r^s⌋ + k·S* with
 * r = 1 + γ/(m−1) and S* = m − 1 + #{e ≥ 0 : r^e < c*} (= m − 1 + ⌈log_r c*⌉ for c* ≥ 1). The
 * floor is exact for integer costs; Σ r^s = (a^{S*+1} − b^{S*+1})/(b^{S*}(a − b)) for r = a/b
 * in integers, so there is no rounding anywhere. Nondecreasing in c*.
 */
export const COMBINE_DET_SWITCHING: CombinationBound = {
  text: "⌊Σ_{s=0..S*} r^s⌋ + k·S*, r = 1 + γ/(m−1), S* = m − 1 + ⌈log_r c*⌉",
  combiners: ["combine-det", "blind-oracle-lru"],
  value(i) {
    const { r, switches } = detSwitches(i);
    const S = BigInt(switches);
    const [a, b] = [r.n, r.d];
    const geometric = (a ** (S + 1n) - b ** (S + 1n)) / (b ** S * (a - b));
    return frac(geometric + BigInt(i.k) * S);
  },
  explain(i) {
    const { r, logs, switches } = detSwitches(i);
    return { r: show(r), "⌈log_r c*⌉": String(logs), "S* (most switches)": String(switches) };
  },
};

/** Brackets of ln(1/β) and ln m and the bound's exact pieces. */
function hedge(i: CombinationInputs): { beta: Fraction; delta: Fraction; factor: Fraction; lnInv: Fraction; lnM: Fraction; leniency: Fraction; exact: Fraction } {
  const beta = combineRandBeta(i.params);
  const delta = subtract(frac(1), beta) as Fraction;
  const factor = add(frac(1), divide(multiply(frac(i.k), delta), beta)) as Fraction; // 1 + kδ/β
  const inv = lnBracket(divide(frac(1), beta) as Fraction);
  const lnM = lnBracket(frac(i.parts));
  const outer = divide(factor, delta) as Fraction;
  const exact = multiply(outer, add(multiply(i.cheapest, inv.above), lnM.above)) as Fraction;
  // How much the upper brackets can exceed the true logarithms, carried through the formula.
  const widths = add(multiply(i.cheapest, subtract(inv.above, inv.below)), subtract(lnM.above, lnM.below));
  return { beta, delta, factor, lnInv: inv.above, lnM: lnM.above, leniency: multiply(outer, widths) as Fraction, exact };
}

const NANO = 1_000_000_000n;

/**
 * `combine-rand`'s derived Blum–Burch bound [D]: E[ALG] ≤ (1 + kδ/β)·(c*·ln(1/β) + ln m)/δ with
 * δ = 1 − β. The logarithms are replaced by rational upper brackets ({@link lnBracket}, width
 * ≤ (⌊log₂ x⌋ + 1)·2^−64) and the result rounded up to a multiple of 10^−9, so the value is at
 * least the true bound and exceeds it by at most the leniency `explain` states (that times
 * (1 + kδ/β)/δ, plus 10^−9): a check can only be that much more lenient, never stricter.
 * Affine and increasing in c*.
 */
export const COMBINE_RAND_HEDGE: CombinationBound = {
  text: "(1 + kδ/β)·(c*·ln(1/β) + ln m)/δ, δ = 1 − β",
  combiners: ["combine-rand"],
  value(i) {
    const { exact } = hedge(i);
    const scaled = exact.n * NANO;
    return frac((scaled + exact.d - 1n) / exact.d, NANO);
  },
  explain(i) {
    const h = hedge(i);
    return {
      β: show(h.beta),
      "1 + kδ/β": show(h.factor),
      "ln(1/β) ≤": approx(h.lnInv, 15),
      "ln m ≤": approx(h.lnM, 15),
      "leniency ≤": `${Number(add(h.leniency, frac(1n, NANO)).valueOf()).toExponential(2)} (ln brackets and rounding up)`,
    };
  },
};
