import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EVICT, KEEP, policies, simulate } from "../../src/paging/index.ts";
import { discardBitsFrom, perfectDiscardBits } from "../../src/predictors/index.ts";
import { InputError } from "../../src/errors.ts";
import { smallInstance, showInstance } from "../proofs-check/arbitraries.ts";

const SEED = 31_337;

/** The definition, by brute force: is r_t evicted by B in (t, next request of r_t)? */
function labelsByDefinition(requests: Int32Array, times: Int32Array, pages: Int32Array, alwaysEvict: boolean): number[] {
  const n = requests.length;
  return Array.from(requests, (p, t) => {
    let next = n;
    for (let s = t + 1; s < n; s++) if (requests[s] === p) { next = s; break; }
    for (let e = 0; e < pages.length; e++) if (pages[e] === p && times[e] > t && times[e] <= next) return EVICT;
    return next === n && alwaysEvict ? EVICT : KEEP;
  });
}

describe("discard labels", () => {
  it("by hand: k = 2, σ = 0 1 2 0 1 (Belady evicts 1 at t=2, then 2 at t=4: never-again tie → older last request)", () => {
    const requests = Int32Array.from([0, 1, 2, 0, 1]);
    const lazy = perfectDiscardBits(requests, 2);
    expect(Array.from(lazy.bits)).toEqual([KEEP, EVICT, EVICT, KEEP, KEEP]);
    expect(lazy.neverAgain).toBe("keep-unless-evicted");
    const always = perfectDiscardBits(requests, 2, { neverAgain: "always-evict" });
    expect(Array.from(always.bits)).toEqual([KEEP, EVICT, EVICT, EVICT, EVICT]);
    expect(always.neverAgain).toBe("always-evict");
  });

  it(`match the definition for B ∈ {opt, lru, fifo, fwf, marker} and both conventions (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(smallInstance(5, 40, 4), fc.constantFrom("opt", "lru", "fifo", "fwf", "marker"), fc.boolean(), (inst, b, always) => {
        const run = simulate(policies.create(b, inst.k, { seed: 3 }), inst.requests, { universe: inst.universe, recordEvictions: true });
        const { times, pages } = run.evictions!;
        const neverAgain = always ? "always-evict" : "keep-unless-evicted";
        const labels = discardBitsFrom(inst.requests, run.evictions!, { universe: inst.universe, neverAgain });
        expect(Array.from(labels.bits), `${b} ${showInstance(inst)}`).toEqual(labelsByDefinition(inst.requests, times, pages, always));
        if (!always) expect(labels.bits.reduce((s, x) => s + x, 0)).toBe(pages.length);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("perfectDiscardBits uses the same Belady run as the registry's opt", () => {
    fc.assert(
      fc.property(smallInstance(5, 40, 4), (inst) => {
        const run = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe, recordEvictions: true });
        const own = discardBitsFrom(inst.requests, run.evictions!, { universe: inst.universe });
        expect(perfectDiscardBits(inst.requests, inst.k, { universe: inst.universe }).bits).toEqual(own.bits);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("reject an eviction log that is not a run on the sequence, with a one-line reason", () => {
    const requests = Int32Array.from([0, 1, 2, 0]);
    const log = (times: number[], pages: number[]) => ({ times: Int32Array.from(times), pages: Int32Array.from(pages) });
    const cases: [ReturnType<typeof log>, RegExp][] = [
      [log([2, 1], [0, 1]), /out of order/],
      [log([1], [2]), /before any request/],
      [log([2, 3], [1, 1]), /again at time 3/],
      [log([3], [0]), /which requests it/],
      [log([4], [0]), /beyond the 4 requests/],
      [log([2], [9]), /outside the universe/],
      [{ times: Int32Array.from([2]), pages: new Int32Array(0) }, /1 times but 0 pages/],
    ];
    for (const [evictions, message] of cases) {
      expect(() => discardBitsFrom(requests, evictions)).toThrow(InputError);
      expect(() => discardBitsFrom(requests, evictions)).toThrow(message);
    }
    expect(() => discardBitsFrom(requests, log([], []), { neverAgain: "sometimes" as never })).toThrow(/unknown never-again convention/);
    expect(() => perfectDiscardBits(requests, 0)).toThrow(InputError);
  });

  it("an empty sequence has no labels", () => {
    expect(perfectDiscardBits(new Int32Array(0), 3).bits.length).toBe(0);
  });
});
