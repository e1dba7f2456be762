import fc from "fast-check";
import { Stepper, policies, simulate } from "../../src/paging/index.ts";
import { flipBits, targetedBitErrors } from "../../src/predictors/index.ts";
import type { SmallInstance } from "./arbitraries.ts";

/** Faults of registered policy `name` with one-bit predictions `bits`. */
export function faultsWithBits(name: string, inst: SmallInstance, bits: Uint8Array, seed = 0): number {
  return simulate(policies.create(name, inst.k, { seed }), inst.requests, { universe: inst.universe, predictions: { bits } }).faults;
}

/** OPT (Belady) on the instance. */
export function opt(inst: SmallInstance): number {
  return simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
}

/** `flags[t] = 1` iff request t faults for online `name` fed `bits`, through the Stepper. */
export function faultFlagsWithBits(name: string, inst: SmallInstance, bits: Uint8Array, seed = 0): Uint8Array {
  const stepper = new Stepper(policies.create(name, inst.k, { seed }), inst.universe);
  return Uint8Array.from(inst.requests, (p, t) => (stepper.request(p, { bit: bits[t] }).hit ? 0 : 1));
}

/**
 * Fault flags of any run, replayed from its eviction log alone with a plain set (independent
 * of the label code under test): request t faults iff its page is not resident.
 */
export function faultFlagsFromLog(requests: Int32Array, evictions: { times: Int32Array; pages: Int32Array }): Uint8Array {
  const resident = new Set<number>();
  const flags = new Uint8Array(requests.length);
  let e = 0;
  for (let t = 0; t < requests.length; t++) {
    for (; e < evictions.times.length && evictions.times[e] === t; e++) resident.delete(evictions.pages[e]);
    flags[t] = resident.has(requests[t]) ? 0 : 1;
    resident.add(requests[t]);
  }
  return flags;
}

/** How the predicted bits are derived from the truth in a smoothness test. */
export type Corruption =
  | { readonly kind: "random"; readonly p: number; readonly seed: number }
  | { readonly kind: "targeted"; readonly falseEvicts: number; readonly falseKeeps: number }
  | { readonly kind: "subset"; readonly flips: readonly boolean[] };

/** Random flips (any rate), targeted flips (any budgets) and arbitrary flip subsets. */
export const corruptions: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant("random" as const), p: fc.constantFrom(0, 0.05, 0.1, 0.3, 0.5, 1), seed: fc.nat() }),
  fc.record({ kind: fc.constant("targeted" as const), falseEvicts: fc.nat({ max: 40 }), falseKeeps: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant("subset" as const), flips: fc.array(fc.boolean(), { maxLength: 300 }) }),
);

/** Apply a corruption to ground-truth labels. */
export function corrupt(inst: SmallInstance, truth: Uint8Array, c: Corruption): Uint8Array {
  switch (c.kind) {
    case "random":
      return flipBits(truth, { p01: c.p, p10: c.p, seed: c.seed });
    case "targeted":
      return targetedBitErrors(inst.requests, truth, { k: inst.k, universe: inst.universe, falseEvicts: c.falseEvicts, falseKeeps: c.falseKeeps }).bits;
    case "subset":
      return truth.map((b, t) => (c.flips[t] ? b ^ 1 : b));
  }
}

/** Every bit vector of length n (n ≤ 12), for exhaustive checks on tiny instances. */
export function* allBitVectors(n: number): Generator<Uint8Array> {
  if (n > 12) throw new Error(`allBitVectors: n = ${n} is too large`);
  for (let m = 0; m < 1 << n; m++) yield Uint8Array.from({ length: n }, (_, i) => (m >> i) & 1);
}
