import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EVICT, followDiscardEager, policies, simulate } from "../../../src/paging/index.ts";
import { perfectDiscardBits } from "../../../src/predictors/index.ts";
import { succinctExpectedFaults, show } from "../../../src/proofs-check/index.ts";
import { smallInstance, showInstance } from "../../proofs-check/arbitraries.ts";

const SEED = 50_505;

describe("lazy vs eager follow-the-discard-bits (paging-theory.md §2-addendum)", () => {
  it("one page requested 50 times, every bit EVICT: lazy 1 fault, eager 50, OPT 1", () => {
    const requests = new Int32Array(50);
    const bits = new Uint8Array(50).fill(EVICT);
    for (const k of [1, 2, 5]) {
      for (const name of ["follow-discard", "follow-discard-rand"]) {
        expect(simulate(policies.create(name, k, { seed: 1 }), requests, { predictions: { bits } }).faults).toBe(1);
      }
      expect(followDiscardEager(requests, bits, k).faults).toBe(50);
      expect(simulate(policies.create("opt", k), requests).faults).toBe(1);
      // Exactly, not only for the sampled seed.
      expect(show(succinctExpectedFaults("follow-discard-eager", requests, bits, k))).toBe("50");
      expect(show(succinctExpectedFaults("follow-discard-rand", requests, bits, k))).toBe("1");
    }
  });

  it(`with perfect Belady labels both cost exactly OPT, for every seed and both never-again conventions (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(smallInstance(5, 60, 4), fc.nat(), fc.boolean(), (inst, seed, always) => {
        const labels = perfectDiscardBits(inst.requests, inst.k, { universe: inst.universe, neverAgain: always ? "always-evict" : "keep-unless-evicted" });
        const opt = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
        const eager = followDiscardEager(inst.requests, labels.bits, inst.k, { seed, universe: inst.universe });
        expect(eager.faults, showInstance(inst)).toBe(opt);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
