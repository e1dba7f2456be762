import { expect } from "vitest";
import type { Predictions } from "../../src/paging/index.ts";
import { generateRequests } from "../../src/adversaries/index.ts";
import { formatSummary, summarizeClaims, type Claim, type Instance } from "../../src/proofs-check/index.ts";
import {
  flipBits,
  perfectDiscardBits,
  perfectNextArrival,
  perfectPhaseBits,
  syntheticNextArrival,
  targetedBitErrors,
  targetedNextArrival,
} from "../../src/predictors/index.ts";

/** One way of predicting a sequence, named for failure messages. */
export interface PredictionVariant {
  /** Which next-arrival and bit predictions these are. */
  readonly kind: string;
  /** Both kinds, aligned with the sequence. */
  readonly predictions: Predictions;
}

/**
 * Predictions of every flavour the claims must survive on one sequence: perfect, lognormal, a
 * targeted ℓ1 corruption, reversed order; and bits that are perfect, randomly flipped or
 * targeted, from both the discard and the phase oracle. With `adversarial`, also the worst
 * ones: the targeted corruption with an unlimited budget, no information at all (every
 * prediction "never again"), and bits inverted or all-KEEP. The next-arrival arrays use
 * never-again = n, the value the claims' η uses by default. Next-arrival and bit variants are
 * paired cyclically, one instance per pair of the longer list.
 */
export function predictionVariants(requests: Int32Array, k: number, universe: number, seed: number, adversarial = false): PredictionVariant[] {
  const n = requests.length;
  const perfect = perfectNextArrival(requests, { neverAgain: n, universe });
  const nextArrivals: [string, Float64Array][] = [
    ["perfect", perfect],
    ["lognormal σ=1", syntheticNextArrival(requests, { sigma: 1, seed, neverAgain: n, universe })],
    ["lognormal σ=5", syntheticNextArrival(requests, { sigma: 5, seed: seed + 1, neverAgain: n, universe })],
    ["targeted ℓ1 = n", targetedNextArrival(requests, { k, budget: n, neverAgain: n, universe }).predictions],
    ["reversed", perfect.map((y) => n - y)],
  ];
  const discard = perfectDiscardBits(requests, k, { universe }).bits;
  const phase = perfectPhaseBits(requests, k, universe).bits;
  const bits: [string, Uint8Array][] = [
    ["discard", discard],
    ["phase", phase],
    ["discard flipped 0.1/0.3", flipBits(discard, { p01: 0.1, p10: 0.3, seed })],
    ["phase flipped 0.2", flipBits(phase, { p01: 0.2, p10: 0.2, seed: seed + 2 })],
    ["discard targeted", targetedBitErrors(requests, discard, { k, universe, falseKeeps: 5, falseEvicts: 5 }).bits],
    ["phase targeted", targetedBitErrors(requests, phase, { k, universe, falseKeeps: 5, falseEvicts: 5 }).bits],
  ];
  if (adversarial) {
    nextArrivals.push(
      ["targeted ℓ1 = ∞", targetedNextArrival(requests, { k, budget: Infinity, neverAgain: n, universe }).predictions],
      ["all never-again", new Float64Array(n).fill(n)],
      ["reversed, targeted ℓ1 = ∞ on top", targetedNextArrival(requests, { k, budget: Infinity, neverAgain: n, universe }).predictions.map((y) => n - y)],
    );
    bits.push(
      ["discard inverted", discard.map((b) => 1 - b)],
      ["discard targeted ∞", targetedBitErrors(requests, discard, { k, universe, falseKeeps: Infinity, falseEvicts: Infinity }).bits],
      ["all KEEP", new Uint8Array(n)],
    );
  }
  const out: PredictionVariant[] = [];
  for (let i = 0; i < Math.max(nextArrivals.length, bits.length); i++) {
    const [na, nextArrival] = nextArrivals[i % nextArrivals.length];
    const [b, bitArray] = bits[i % bits.length];
    out.push({ kind: `next arrival ${na}; bits ${b}`, predictions: { nextArrival, bits: bitArray } });
  }
  return out;
}

/** The seeds of the randomized policies in claim instances. */
export const CLAIM_SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

/** One claim instance per prediction variant of the sequence (exact expectations when asked). */
export function claimInstances(
  requests: Int32Array,
  k: number,
  universe: number,
  seed: number,
  options: { readonly exact: boolean; readonly adversarial?: boolean },
): Instance[] {
  return predictionVariants(requests, k, universe, seed, options.adversarial ?? false).map(({ predictions }) => ({
    k,
    requests,
    universe,
    predictions,
    seeds: CLAIM_SEEDS,
    exactExpectation: options.exact,
  }));
}

/** Working-set traces (k = 2, 5, 8; two seeds each), every prediction variant of each. */
export function workingSetInstances(adversarial = false): Instance[] {
  const instances: Instance[] = [];
  for (const k of [2, 5, 8]) {
    for (let seed = 0; seed < 2; seed++) {
      const requests = generateRequests("working-set", { n: 300, universe: 30, size: k + 1, phase: 50, shift: 2 }, seed);
      const universe = Math.max(...requests) + 1;
      instances.push(...claimInstances(requests, k, universe, seed, { exact: false, adversarial }));
    }
  }
  return instances;
}

/** Summarize `claims` over `instances`, print the summary, and assert no asserted claim failed. */
export function expectNoAssertedFailure(claims: readonly Claim[], instances: readonly Instance[]): void {
  const summaries = summarizeClaims(claims, instances);
  console.log(formatSummary(summaries));
  for (const s of summaries) {
    expect(s.cases, s.claim.id).toBeGreaterThanOrEqual(instances.length);
    if (s.claim.status === "asserted") expect(s.failures, s.claim.id).toBe(0);
  }
}
