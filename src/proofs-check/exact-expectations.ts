import type { Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import type { Predictions } from "../paging/core/policy.ts";
import { markerExpectedFaults } from "./marker-exact.ts";
import { succinctExpectedFaults } from "./succinct-exact.ts";

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
 * at most 16 distinct pages), by propagating the distribution over their states — written from
 * the definitions, not from the policies' code, so checks compare the two.
 */
export const exactExpectations: Readonly<Record<string, ExactExpectation>> = {
  marker: (requests, k) => markerExpectedFaults(requests, k),
  "follow-discard-rand": withBits("follow-discard-rand"),
  "mark-and-predict": withBits("mark-and-predict"),
};
