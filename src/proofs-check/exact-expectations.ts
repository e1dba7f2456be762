import type { Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import type { Predictions } from "../paging/core/policy.ts";
import { partSeed } from "../paging/registry.ts";
import { markerExpectedFaults } from "./marker-exact.ts";
import { succinctExpectedFaults } from "./succinct-exact.ts";
import { guardExpectedFaults } from "./guard-exact.ts";
import { combineRandExpectations, densePages, partTimeline } from "./combine-rand-exact.ts";
import { combinationOf, combineRandBeta } from "./combination.ts";

/** Exact E[faults] of one randomized policy on σ with cache k and the given predictions. */
export type ExactExpectation = (requests: Int32Array, k: number, predictions: Predictions) => Fraction;

function withBits(rule: "follow-discard-rand" | "mark-and-predict"): ExactExpectation {
  return (requests, k, predictions) => {
    if (predictions.bits === undefined) throw new InputError(`exact E[${rule}] needs one-bit predictions`);
    return succinctExpectedFaults(rule, requests, predictions.bits, k);
  };
}

/**
 * The randomized policies whose expected faults this module computes exactly (small instances:
 * a dozen or so distinct pages), by propagating the distribution over their states — written
 * from the definitions, not from the policies' code, so checks compare the two. Combinations are
 * in {@link exactExpectationFor}.
 */
export const exactExpectations: Readonly<Record<string, ExactExpectation>> = {
  marker: (requests, k) => markerExpectedFaults(requests, k),
  "follow-discard-rand": withBits("follow-discard-rand"),
  "mark-and-predict": withBits("mark-and-predict"),
  guard: (requests, k, predictions) => {
    if (predictions.nextArrival === undefined) throw new InputError("exact E[guard] needs next-arrival predictions");
    return guardExpectedFaults(requests, k, predictions.nextArrival);
  },
};

/**
 * The exact expectation of policy `policy` (a name or an algorithm expression), if this module
 * has one: the policies of {@link exactExpectations}, and `combine-rand` over deterministic parts
 * with the `lru` lazy rule (its only randomness is its own; the parts are run alone with the
 * predictions and followed through {@link combineRandExpectations}). Undefined otherwise.
 */
export function exactExpectationFor(policy: string): ExactExpectation | undefined {
  const direct = exactExpectations[policy];
  if (direct !== undefined) return direct;
  if (!policy.trim().toLowerCase().startsWith("combine-rand")) return undefined;
  const combo = combinationOf(policy);
  if (combo.head !== "combine-rand" || (combo.params.lazy ?? "lru") !== "lru") return undefined;
  if (combo.parts.some((p) => policies.get(p).randomized)) return undefined;
  const beta = combineRandBeta(combo.params);
  return (requests, k, predictions) => {
    const { dense, ids } = densePages(requests);
    const universe = requests.reduce((a, p) => Math.max(a, p + 1), 0);
    const timelines = combo.parts.map((p, i) =>
      partTimeline(policies.create(p, k, { seed: partSeed(0, i) }), requests, ids, { universe, predictions }),
    );
    return combineRandExpectations(dense, k, timelines, beta).faults;
  };
}
