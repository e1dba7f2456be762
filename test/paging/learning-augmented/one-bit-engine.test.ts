import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { EVICT, KEEP, Stepper, followDiscardEager, policies, simulate } from "../../../src/paging/index.ts";
import { InputError } from "../../../src/errors.ts";

const SEED = 4_242;
const ONE_BIT = ["follow-discard", "follow-discard-rand", "mark-and-predict"];

const instances = fc
  .record({ k: fc.integer({ min: 1, max: 6 }), pages: fc.integer({ min: 1, max: 9 }), seed: fc.nat() })
  .chain(({ k, pages, seed }) =>
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: pages - 1 }), fc.integer({ min: 0, max: 1 })), { maxLength: 120, size: "max" })
      .map((rs) => ({ k, seed, universe: pages, requests: Int32Array.from(rs.map((r) => r[0])), bits: Uint8Array.from(rs.map((r) => r[1])) })),
  );

describe("one-bit policies in the engine", () => {
  it("are registered as learning-augmented with the predictions they need", () => {
    expect(policies.get("follow-discard")).toMatchObject({ family: "learning-augmented", needs: ["discardBit"], randomized: false, offline: false });
    expect(policies.get("follow-discard-rand")).toMatchObject({ family: "learning-augmented", needs: ["discardBit"], randomized: true });
    expect(policies.get("mark-and-predict")).toMatchObject({ family: "learning-augmented", needs: ["phaseBit"], randomized: true });
  });

  it(`simulate and Stepper serve the same faults and evictions, for every seed (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(instances, fc.constantFrom(...ONE_BIT), (inst, name) => {
        const batch = simulate(policies.create(name, inst.k, { seed: inst.seed }), inst.requests, {
          universe: inst.universe,
          predictions: { bits: inst.bits },
          recordEvictions: true,
        });
        // More than 1024 requests would exercise the Stepper's growing prediction arrays; the
        // long run below does.
        const stepper = new Stepper(policies.create(name, inst.k, { seed: inst.seed }), inst.universe);
        const evicted: number[] = [];
        inst.requests.forEach((p, t) => evicted.push(...stepper.request(p, { bit: inst.bits[t] }).evicted));
        expect(stepper.faults).toBe(batch.faults);
        expect(evicted).toEqual(Array.from(batch.evictions!.pages));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("a Stepper run past its first prediction-array growth agrees with simulate", () => {
    const n = 5000;
    let x = 12345;
    const requests = Int32Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) % 23);
    const bits = Uint8Array.from({ length: n }, (_, t) => (requests[t] * 7 + t) % 3 === 0 ? EVICT : KEEP);
    for (const name of ONE_BIT) {
      const batch = simulate(policies.create(name, 8, { seed: 9 }), requests, { universe: 23, predictions: { bits } });
      const stepper = new Stepper(policies.create(name, 8, { seed: 9 }), 23);
      requests.forEach((p, t) => stepper.request(p, { bit: bits[t] }));
      expect(stepper.faults, name).toBe(batch.faults);
    }
  });

  it("same seed, same run; reset restarts the randomized choices", () => {
    const requests = Int32Array.from({ length: 400 }, (_, t) => (t * 7) % 13);
    const bits = Uint8Array.from({ length: 400 }, (_, t) => t % 5 === 0 ? EVICT : KEEP);
    for (const name of ONE_BIT) {
      const policy = policies.create(name, 4, { seed: 77 });
      const a = simulate(policy, requests, { predictions: { bits }, recordEvictions: true });
      const b = simulate(policy, requests, { predictions: { bits }, recordEvictions: true });
      expect(b.evictions, name).toEqual(a.evictions);
    }
    const e1 = followDiscardEager(requests, bits, 4, { seed: 77, recordEvictions: true });
    const e2 = followDiscardEager(requests, bits, 4, { seed: 77, recordEvictions: true });
    expect(e2).toEqual(e1);
  });

  it("missing predictions and bits other than 0/1 are one-line input errors", () => {
    const requests = Int32Array.from([0, 1, 2, 0]);
    for (const name of ONE_BIT) {
      expect(() => simulate(policies.create(name, 2), requests), name).toThrow(InputError);
      expect(() => simulate(policies.create(name, 2), requests), name).toThrow(/needs (discard|phase)-bit predictions/);
      // A bad bit on an insert (t = 1) and on a hit (t = 3).
      expect(() => simulate(policies.create(name, 3), requests, { predictions: { bits: Uint8Array.from([0, 2, 0, 0]) } })).toThrow(/request 1 is 2/);
      expect(() => simulate(policies.create(name, 3), requests, { predictions: { bits: Uint8Array.from([0, 0, 0, 5]) } })).toThrow(/request 3 is 5/);
      expect(() => simulate(policies.create(name, 2), requests, { predictions: { bits: new Uint8Array(3) } })).toThrow(/cover 3 of 4/);
      const stepper = new Stepper(policies.create(name, 2), 3);
      expect(() => stepper.request(0, { bit: 3 })).toThrow(InputError);
    }
    expect(() => followDiscardEager(requests, Uint8Array.from([0, 0, 9, 0]), 2)).toThrow(/request 2 is 9/);
    expect(() => followDiscardEager(requests, new Uint8Array(2), 2)).toThrow(/cover 2 of 4/);
    expect(() => followDiscardEager(requests, new Uint8Array(4), 0)).toThrow(InputError);
    expect(() => followDiscardEager(Int32Array.from([0, -1]), new Uint8Array(2), 2)).toThrow(/negative/);
  });

  it("a cache larger than the universe (up to 2^53 − 1) costs no memory per slot and never evicts", () => {
    const requests = Int32Array.from({ length: 50 }, (_, t) => t % 3);
    const bits = Uint8Array.from({ length: 50 }, (_, t) => t % 2);
    for (const k of [1000, Number.MAX_SAFE_INTEGER]) {
      for (const name of ONE_BIT) {
        expect(simulate(policies.create(name, k), requests, { predictions: { bits } }).faults).toBe(3);
      }
      // Eager drops the EVICT requests (odd t) and re-faults on them.
      expect(followDiscardEager(requests, bits, k).faults).toBe(26);
    }
  });
});
