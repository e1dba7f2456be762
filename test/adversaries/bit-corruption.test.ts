import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EVICT, KEEP } from "../../src/paging/index.ts";
import { randomBitFlips, targetedBitFlips } from "../../src/adversaries/index.ts";
import { bitErrors, perfectDiscardBits } from "../../src/predictors/index.ts";
import { InputError } from "../../src/errors.ts";
import { smallInstance } from "../proofs-check/arbitraries.ts";

const SEED = 8_128;

describe("bit corruption", () => {
  it(`targeted flips make exactly the capped numbers of false KEEPs and false EVICTs (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(smallInstance(5, 60, 4), fc.nat({ max: 30 }), fc.nat({ max: 30 }), (inst, fe, fk) => {
        const truth = perfectDiscardBits(inst.requests, inst.k, { universe: inst.universe }).bits;
        const out = targetedBitFlips(inst.requests, truth, { falseEvicts: fe, falseKeeps: fk });
        const evicts = truth.reduce((s, b) => s + b, 0);
        const eligible = Array.from(truth).filter((b, t) => {
          if (b !== KEEP) return false;
          const next = Array.from(inst.requests).indexOf(inst.requests[t], t + 1);
          return next >= t + 2;
        }).length;
        expect(bitErrors(out, truth)).toEqual({ eta0: Math.min(fk, evicts), eta1: Math.min(fe, eligible) });
        expect(targetedBitFlips(inst.requests, truth, { falseEvicts: fe, falseKeeps: fk })).toEqual(out);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("false EVICTs go to the pages needed soonest, false KEEPs to never-again pages first", () => {
    // σ = 0 1 2 1 0 3: KEEP candidates with a request in between: t=1 (page 1 back at 3) and t=0
    // (page 0 back at 4); the nearer return goes first.
    const requests = Int32Array.from([0, 1, 2, 1, 0, 3]);
    const truth = Uint8Array.from([KEEP, KEEP, EVICT, KEEP, EVICT, EVICT]);
    expect(Array.from(targetedBitFlips(requests, truth, { falseEvicts: 1, falseKeeps: 0 }))).toEqual([KEEP, EVICT, EVICT, KEEP, EVICT, EVICT]);
    // EVICT labels at 2, 4, 5 are all never-again: ties go to the earlier request.
    expect(Array.from(targetedBitFlips(requests, truth, { falseEvicts: 0, falseKeeps: 2 }))).toEqual([KEEP, KEEP, KEEP, KEEP, KEEP, EVICT]);
  });

  it("random flips: p = 0 changes nothing, p = 1 flips everything, a seed repeats", () => {
    const truth = Uint8Array.from({ length: 200 }, (_, t) => (t % 3 === 0 ? EVICT : KEEP));
    expect(randomBitFlips(truth, 0, 5)).toEqual(truth);
    expect(Array.from(randomBitFlips(truth, 1, 5))).toEqual(Array.from(truth, (b) => b ^ 1));
    expect(randomBitFlips(truth, 0.3, 5)).toEqual(randomBitFlips(truth, 0.3, 5));
    const flipped = bitErrors(randomBitFlips(truth, 0.3, 5), truth);
    expect(flipped.eta0 + flipped.eta1).toBeGreaterThan(30);
    expect(flipped.eta0 + flipped.eta1).toBeLessThan(90);
  });

  it("rejects bad arguments", () => {
    const truth = new Uint8Array(3);
    const requests = Int32Array.from([0, 1, 0]);
    expect(() => randomBitFlips(truth, 1.5, 0)).toThrow(InputError);
    expect(() => targetedBitFlips(requests, new Uint8Array(2), { falseEvicts: 0, falseKeeps: 0 })).toThrow(InputError);
    expect(() => targetedBitFlips(requests, truth, { falseEvicts: -1, falseKeeps: 0 })).toThrow(/non-negative/);
    expect(() => targetedBitFlips(requests, Uint8Array.from([0, 4, 0]), { falseEvicts: 0, falseKeeps: 0 })).toThrow(/label 1 is 4/);
  });
});
