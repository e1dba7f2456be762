import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EVICT, KEEP, kPhases, policies, simulate, totalClean } from "../../src/paging/index.ts";
import { discardBitsFrom, perfectDiscardBits, perfectPhaseBits } from "../../src/predictors/index.ts";
import { show, succinctExpectedFaults } from "../../src/proofs-check/index.ts";
import { smallInstance, driftingInstance, showInstance } from "./arbitraries.ts";
import { faultFlagsFromLog, faultFlagsWithBits, faultsWithBits, opt } from "./succinct-helpers.ts";

const SEED_S1 = 1_729;
const SEED_S2 = 6_174;
const instances = fc.oneof(smallInstance(6, 60, 4), driftingInstance(8, 200));

describe("(S1) follow-discard with an algorithm's own discard labels (derived, paging-theory.md §2c)", () => {
  for (const b of ["opt", "lru", "fifo", "fwf"]) {
    it(`B = ${b}: every fault of follow-discard is a fault of B, so cost ≤ cost(B)${b === "opt" ? ", and = OPT exactly" : ""}; both never-again conventions (fast-check seed ${SEED_S1})`, () => {
      fc.assert(
        fc.property(instances, fc.boolean(), (inst, always) => {
          const run = simulate(policies.create(b, inst.k), inst.requests, { universe: inst.universe, recordEvictions: true });
          const labels = discardBitsFrom(inst.requests, run.evictions!, {
            universe: inst.universe,
            neverAgain: always ? "always-evict" : "keep-unless-evicted",
          });
          const bFlags = faultFlagsFromLog(inst.requests, run.evictions!);
          expect(bFlags.reduce((s, x) => s + x, 0)).toBe(run.faults);
          const algFlags = faultFlagsWithBits("follow-discard", inst, labels.bits);
          const where = `${showInstance(inst)} ${labels.neverAgain}`;
          algFlags.forEach((f, t) => {
            if (f === 1) expect(bFlags[t], `${where}: follow-discard faults at ${t}, ${b} hits`).toBe(1);
          });
          const alg = algFlags.reduce((s, x) => s + x, 0);
          expect(alg, where).toBeLessThanOrEqual(run.faults);
          if (b === "opt") expect(alg, where).toBe(run.faults);
        }),
        { seed: SEED_S1, numRuns: 300 },
      );
    });
  }

  it(`follow-discard-rand with Belady's labels costs exactly OPT for every seed (fast-check seed ${SEED_S1})`, () => {
    fc.assert(
      fc.property(instances, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.boolean(), (inst, seeds, always) => {
        const labels = perfectDiscardBits(inst.requests, inst.k, { universe: inst.universe, neverAgain: always ? "always-evict" : "keep-unless-evicted" });
        const o = opt(inst);
        for (const seed of seeds) expect(faultsWithBits("follow-discard-rand", inst, labels.bits, seed), showInstance(inst)).toBe(o);
      }),
      { seed: SEED_S1, numRuns: 300 },
    );
  });

  it("the marked variant (evict only unmarked EVICT pages) is not 1-consistent: k = 3, σ = 0 2 4 3 2 1 4 4 (§2b)", () => {
    // A control: the rule the policy deliberately does not follow would fail S1.
    const requests = Int32Array.from([0, 2, 4, 3, 2, 1, 4, 4]);
    const inst = { k: 3, universe: 5, requests };
    const bits = perfectDiscardBits(requests, 3).bits;
    expect(opt(inst)).toBe(5);
    expect(faultsWithBits("follow-discard", inst, bits)).toBe(5);
    expect(markedVariantFaults(requests, bits, 3)).toBe(6);
  });
});

/** The rejected variant, from its definition: EVICT pages count only while unmarked. */
function markedVariantFaults(requests: Int32Array, bits: Uint8Array, k: number): number {
  let cache: number[] = [];
  let marked = new Set<number>();
  const bit = new Map<number, number>();
  const last = new Map<number, number>();
  let faults = 0;
  requests.forEach((p, t) => {
    if (!cache.includes(p)) {
      faults++;
      if (cache.length === k) {
        if (cache.every((q) => marked.has(q))) marked = new Set();
        const unmarked = cache.filter((q) => !marked.has(q));
        const pool = unmarked.filter((q) => bit.get(q) === EVICT);
        const from = pool.length > 0 ? pool : unmarked;
        const victim = from.reduce((a, q) => (last.get(q)! < last.get(a)! ? q : a));
        cache = cache.filter((q) => q !== victim);
      }
      cache.push(p);
    }
    marked.add(p);
    bit.set(p, bits[t]);
    last.set(p, t);
  });
  return faults;
}

describe("(S2) mark-and-predict with perfect phase labels (derived, paging-theory.md §2c)", () => {
  it(`costs exactly Σ_i c_i for every seed, hence ≤ 2·OPT with no additive term (T3) (fast-check seed ${SEED_S2})`, () => {
    fc.assert(
      fc.property(instances, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (inst, seeds) => {
        const labels = perfectPhaseBits(inst.requests, inst.k, inst.universe);
        const clean = totalClean(kPhases(inst.requests, inst.k, inst.universe));
        const o = opt(inst);
        for (const seed of seeds) {
          const alg = faultsWithBits("mark-and-predict", inst, labels.bits, seed);
          expect(alg, `${showInstance(inst)} seed ${seed}`).toBe(clean);
          expect(alg).toBeLessThanOrEqual(2 * o);
        }
      }),
      { seed: SEED_S2, numRuns: 300 },
    );
  });

  it("labels on Cache-Coliseum's phase boundary break it: k = 2, σ = 0 1 0 2 1 0 2", () => {
    // Correct phases [0 1 0][2 1][0 2]: c = 2, 1, 1, so Σ c_i = 4 for every seed.
    const requests = Int32Array.from([0, 1, 0, 2, 1, 0, 2]);
    const inst = { k: 2, universe: 3, requests };
    expect(totalClean(kPhases(requests, 2))).toBe(4);
    const correct = perfectPhaseBits(requests, 2).bits;
    expect(Array.from(correct)).toEqual([EVICT, KEEP, EVICT, KEEP, EVICT, EVICT, EVICT]);
    // Coliseum's boundary cuts [0 1][0 2][1 0][2]: at t = 3 the unmarked pages are 0 (KEEP, as
    // "requested in [0 2]") and 1 (EVICT), so 1 goes and faults at once.
    const coliseum = Uint8Array.from([KEEP, EVICT, KEEP, EVICT, EVICT, EVICT, EVICT]);
    expect(show(succinctExpectedFaults("mark-and-predict", requests, correct, 2))).toBe("4");
    expect(show(succinctExpectedFaults("mark-and-predict", requests, coliseum, 2))).toBe("11/2");
    for (let seed = 0; seed < 20; seed++) {
      expect(faultsWithBits("mark-and-predict", inst, correct, seed)).toBe(4);
      expect(faultsWithBits("mark-and-predict", inst, coliseum, seed)).toBeGreaterThanOrEqual(5);
    }
  });
});
