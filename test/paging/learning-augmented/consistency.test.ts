import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kPhases, nextUseTimes, policies, simulate, totalClean } from "../../../src/paging/index.ts";
import { readTrace } from "../../../src/traces/index.ts";
import { driftingInstance, showInstance, smallInstance } from "../../proofs-check/arbitraries.ts";
import { tracePath } from "../../helpers/paths.ts";
import { perfectPredictions } from "./predictions.ts";

const SEED = 3_141_593;
const POLICY_SEEDS = [0, 1, 2, 3, 97];
const MARKING_FAMILY = ["follow-pred-marking", "predictive-marker", "lmarker", "lnonmarker"];

function faults(name: string, k: number, requests: Int32Array, h: Float64Array, seed = 0, universe?: number) {
  return simulate(policies.create(name, k, { seed }), requests, { universe, predictions: { nextArrival: h }, recordEvictions: true });
}

const instances = fc.oneof(smallInstance(6, 80, 5), driftingInstance(8, 200));

describe(`consistency: perfect predictions (fast-check seed ${SEED})`, () => {
  it("BlindOracle costs exactly OPT, never-again pages predicted as ∞ or as n", () => {
    fc.assert(
      fc.property(instances, (inst) => {
        const opt = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
        for (const never of [Infinity, inst.requests.length]) {
          const bo = faults("blind-oracle", inst.k, inst.requests, perfectPredictions(inst.requests, never), 0, inst.universe);
          expect(bo.faults, `never = ${never} on ${showInstance(inst)}`).toBe(opt);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("BlindOracle evicts exactly what Belady evicts when never-again pages are predicted 2n − (time of their last request)", () => {
    // Belady ranks never-again pages above all others, the oldest last request first; 2n − t
    // encodes that rank, so no two resident pages share a prediction and the victims coincide.
    fc.assert(
      fc.property(instances, (inst) => {
        const n = inst.requests.length;
        const next = nextUseTimes(inst.requests, inst.universe);
        const h = Float64Array.from(next, (v, t) => (v < n ? v : 2 * n - t));
        const bo = faults("blind-oracle", inst.k, inst.requests, h, 0, inst.universe);
        const opt = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe, recordEvictions: true });
        expect(Array.from(bo.evictions!.pages), showInstance(inst)).toEqual(Array.from(opt.evictions!.pages));
      }),
      { seed: SEED + 1, numRuns: 400 },
    );
  });

  it("the marking family (and LNonMarker) costs exactly Σ c_i — the clean pages — for every seed, so ≤ 2·OPT", () => {
    // On a clean fault the furthest-predicted unmarked page is one not requested in this phase
    // (c_i of them sit unmarked in the cache at the phase start, and only c_i clean faults
    // happen), so no stale page is ever evicted before its request: no stale faults, no random
    // choices. Σ c_i is also what every marking algorithm pays at least.
    fc.assert(
      fc.property(instances, (inst) => {
        const clean = totalClean(kPhases(inst.requests, inst.k, inst.universe));
        // Hence consistency 2: Σ c_i ≤ 2·OPT (T3).
        const opt = simulate(policies.create("opt", inst.k), inst.requests, { universe: inst.universe }).faults;
        expect(clean, showInstance(inst)).toBeLessThanOrEqual(2 * opt);
        for (const never of [Infinity, inst.requests.length]) {
          const h = perfectPredictions(inst.requests, never);
          for (const name of MARKING_FAMILY) {
            for (const seed of policies.get(name).randomized ? POLICY_SEEDS : [0]) {
              const r = faults(name, inst.k, inst.requests, h, seed, inst.universe);
              expect(r.faults, `${name} seed ${seed} never = ${never} on ${showInstance(inst)}`).toBe(clean);
            }
          }
        }
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it("on the BrightKite and Citi instances of the study (k = 10 and 100): BlindOracle = OPT, the marking family = Σ c_i", async () => {
    for (const [file, k] of [
      ["mts-with-predictions/bk/bk0.txt", 10],
      ["mts-with-predictions/bk/bk1446.txt", 10],
      ["mts-with-predictions/citi/citi01.txt", 100],
    ] as const) {
      const { trace } = await readTrace(tracePath(file));
      const req = trace.requests;
      const n = req.length;
      const h = Float64Array.from(nextUseTimes(req, trace.distinct), (v) => (v < n ? v : Infinity));
      const opt = simulate(policies.create("opt", k), req, { universe: trace.distinct }).faults;
      expect(faults("blind-oracle", k, req, h, 0, trace.distinct).faults, file).toBe(opt);
      const clean = totalClean(kPhases(req, k, trace.distinct));
      expect(clean, file).toBeGreaterThan(opt);
      for (const name of MARKING_FAMILY) expect(faults(name, k, req, h, 7, trace.distinct).faults, `${name} ${file}`).toBe(clean);
    }
  });
});
