import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import {
  createLearnedPredictor,
  LEARNED_PREDICTORS,
  LruPredictor,
  Pleco,
  Popu,
  predictAll,
} from "../../src/predictors/index.ts";
import { readTrace } from "../../src/traces/index.ts";
import { tracePath } from "../helpers/paths.ts";

const SEED = 700_201;

/**
 * PLECO as the reference describes it (ACEPS `PredPLECO_BK`), written independently: time
 * s = 1, 2, …; w(s) is appended at step s; prob = Σ over p's occurrences i ≤ s of w(s − i + 1)
 * (oldest first) over Σ_{j ≤ s} w(j); prediction 1/prob + s − 1.
 */
function plecoByFormula(requests: ArrayLike<number>): number[] {
  const w = (d: number): number => (d + 10) ** -1.8 * Math.exp(-d / 670);
  const occurrences = new Map<number, number[]>();
  const out: number[] = [];
  let denominator = 0;
  for (let s = 1; s <= requests.length; s++) {
    denominator += w(s);
    const page = requests[s - 1];
    const list = occurrences.get(page) ?? [];
    list.push(s);
    occurrences.set(page, list);
    let numerator = 0;
    for (const i of list) numerator += w(s - i + 1);
    out.push(1 / (numerator / denominator) + s - 1);
  }
  return out;
}

/** POPU by its formula: s + s/count with 1-based s, current request counted. */
function popuByFormula(requests: ArrayLike<number>): number[] {
  const count = new Map<number, number>();
  const out: number[] = [];
  for (let s = 1; s <= requests.length; s++) {
    const c = (count.get(requests[s - 1]) ?? 0) + 1;
    count.set(requests[s - 1], c);
    out.push(s + s / c);
  }
  return out;
}

describe("PLECO (BrightKite fit)", () => {
  it("matches the reference formula exactly on a small trace", () => {
    const requests = Int32Array.of(0, 1, 0, 0, 2, 1, 0, 3, 2, 2, 0);
    expect(Array.from(predictAll(new Pleco(), requests))).toEqual(plecoByFormula(requests));
    // Hand check of the first two: at s = 1 prob = 1, so 1/1 + 0 = 1; at s = 2 page 1 has
    // weight w(1) out of w(1) + w(2).
    const w1 = 11 ** -1.8 * Math.exp(-1 / 670);
    const w2 = 12 ** -1.8 * Math.exp(-2 / 670);
    const got = predictAll(new Pleco(), requests);
    expect(got[0]).toBe(1);
    expect(got[1]).toBeCloseTo((w1 + w2) / w1 + 1, 12);
  });

  it("matches the formula exactly on two BrightKite users and every prediction is > t", async () => {
    for (const name of ["bk0", "bk251"]) {
      const { trace } = await readTrace(tracePath(`mts-with-predictions/bk/${name}.txt`), { keys: "string" });
      const got = predictAll(new Pleco(), trace.requests);
      expect(Array.from(got)).toEqual(plecoByFormula(trace.requests));
      for (let t = 0; t < got.length; t++) if (!(got[t] > t)) throw new Error(`${name}: prediction ${t} = ${got[t]} ≤ t`);
    }
  });
});

describe("POPU and LRU predictors", () => {
  it("POPU is s + s/count with 1-based s; LRU is −t", () => {
    const requests = Int32Array.of(4, 4, 1, 4, 1, 0);
    expect(Array.from(predictAll(new Popu(), requests))).toEqual(popuByFormula(requests));
    expect(Array.from(predictAll(new Popu(), requests))).toEqual([2, 2 + 1, 6, 4 + 4 / 3, 5 + 5 / 2, 12]);
    expect(Array.from(predictAll(new LruPredictor(), requests))).toEqual([-0, -1, -2, -3, -4, -5]);
  });
});

describe("learned predictors are online", () => {
  it(`the prediction at t ignores requests after t (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 80 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 80 }),
        fc.nat(),
        (past, future, cut) => {
          const t = cut % past.length;
          const a = Int32Array.from(past);
          const b = Int32Array.from([...past.slice(0, t + 1), ...future]);
          for (const info of LEARNED_PREDICTORS) {
            const pa = predictAll(info.create(), a);
            const pb = predictAll(info.create(), b);
            for (let u = 0; u <= t; u++) {
              if (!Object.is(pa[u], pb[u])) throw new Error(`${info.name}: prediction ${u} changed with the future (t = ${t})`);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("reset restarts a predictor: two runs give the same predictions", () => {
    const requests = Int32Array.of(3, 1, 3, 3, 0, 1);
    for (const info of LEARNED_PREDICTORS) {
      const p = info.create();
      expect(Array.from(predictAll(p, requests)), info.name).toEqual(Array.from(predictAll(p, requests)));
    }
  });

  it("the catalog creates by name and names the known ones for an unknown name", () => {
    expect(LEARNED_PREDICTORS.map((p) => p.name)).toEqual(["lru", "pleco", "popu"]);
    expect(createLearnedPredictor("pleco")).toBeInstanceOf(Pleco);
    expect(() => createLearnedPredictor("parrot")).toThrow(InputError);
    expect(() => createLearnedPredictor("parrot")).toThrow(/known: lru, pleco, popu/);
    expect(() => new Pleco({ offset: 10, power: 1.8, scale: 0 })).toThrow(InputError);
  });
});
