import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { policies, simulate } from "../../../src/paging/index.ts";
import { OptTracker } from "../../../src/paging/combiners/opt-tracker.ts";
import { driftingInstance, showInstance, smallInstance } from "../../proofs-check/arbitraries.ts";

const SEED = 3_302_511;

describe("OptTracker: OPT of every prefix, online", () => {
  it(`equals Belady's MIN on every prefix (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.oneof(smallInstance(6, 60, 6), driftingInstance(8, 160)), (inst) => {
        const tracker = new OptTracker(inst.k, inst.universe);
        const online: number[] = [];
        for (const p of inst.requests) {
          tracker.request(p);
          online.push(tracker.cost);
        }
        const offline = Array.from({ length: inst.requests.length }, (_, t) =>
          simulate(policies.create("opt", inst.k), inst.requests.subarray(0, t + 1), { universe: inst.universe }).faults,
        );
        expect(online, showInstance(inst)).toEqual(offline);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("rebuilds its node ids on long runs without changing the counts", () => {
    const requests = Int32Array.from({ length: 20_000 }, (_, t) => ((t * 7919) % 13) + ((t >> 6) % 5));
    for (const k of [1, 3, 8]) {
      const tracker = new OptTracker(k, 18);
      for (const p of requests) tracker.request(p);
      expect(tracker.cost, `k=${k}`).toBe(simulate(policies.create("opt", k), requests, { universe: 18 }).faults);
    }
  });
});
