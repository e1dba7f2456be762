import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { EVICT, KEEP } from "../../src/paging/index.ts";
import {
  addLognormalNoise,
  applyLognormal,
  flipBits,
  perfectNextArrival,
  standardNormals,
  syntheticNextArrival,
} from "../../src/predictors/index.ts";

/** Standard normal CDF through erfc (Numerical Recipes' erfcc: fractional error < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Kolmogorov–Smirnov statistic D of `sample` against N(0, 1). */
function ksStatistic(sample: Float64Array): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = normalCdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** KS critical value at false-alarm rate 0.1% (asymptotic K = 1.9495). */
const ksCritical = (n: number): number => 1.9495 / Math.sqrt(n);

describe("lognormal noise (ACEPS synthetic predictor)", () => {
  const N = 20_000;
  const zeros = new Float64Array(N);

  it("log(noise)/σ is standard normal: KS test at false-alarm rate 0.1%, seeds 1..3, both Box–Muller halves", () => {
    for (const seed of [1, 2, 3]) {
      for (const sigma of [0.5, 2]) {
        const noise = addLognormalNoise(zeros, { sigma, seed });
        const z = noise.map((v) => Math.log(v) / sigma);
        const d = ksStatistic(z);
        expect(d, `seed ${seed} σ ${sigma}: D = ${d}`).toBeLessThan(ksCritical(N));
        const even = z.filter((_, i) => i % 2 === 0);
        const odd = z.filter((_, i) => i % 2 === 1);
        expect(ksStatistic(even)).toBeLessThan(ksCritical(even.length));
        expect(ksStatistic(odd)).toBeLessThan(ksCritical(odd.length));
        // cos and sin of one pair are independent: their correlation is ~N(0, 1/m); 4.5 sd ≈ 7e-6 false alarms.
        let dot = 0;
        for (let i = 0; i < even.length; i++) dot += even[i] * odd[i];
        expect(Math.abs(dot / even.length)).toBeLessThan(4.5 / Math.sqrt(even.length));
      }
    }
  });

  it("the KS check has power: it rejects a wrong σ", () => {
    const noise = addLognormalNoise(zeros, { sigma: 1.1, seed: 1 });
    expect(ksStatistic(noise.map((v) => Math.log(v)))).toBeGreaterThan(ksCritical(N));
  });

  it("is deterministic per seed, differs across seeds, and couples σ values (same normals)", () => {
    const base = Float64Array.of(1, 5, Infinity, 2, 9);
    const a = addLognormalNoise(base, { sigma: 3, seed: 42 });
    expect(Array.from(addLognormalNoise(base, { sigma: 3, seed: 42 }))).toEqual(Array.from(a));
    expect(Array.from(addLognormalNoise(base, { sigma: 3, seed: 43 }))).not.toEqual(Array.from(a));
    const b = addLognormalNoise(base, { sigma: 6, seed: 42 });
    for (const t of [0, 1, 3, 4]) {
      // e^{6z} = (e^{3z})², up to rounding of the subtraction.
      expect((b[t] - base[t]) / (a[t] - base[t]) ** 2).toBeCloseTo(1, 8);
    }
  });

  it("one draw of normals reused across a σ grid gives the same arrays as drawing per σ", () => {
    const base = perfectNextArrival(Int32Array.from({ length: 501 }, (_, i) => (i * 7) % 13), { neverAgain: "study" });
    const z = standardNormals(base.length, 11);
    for (const sigma of [0, 2, 5, 10, 20, 50, 100, 200]) {
      expect(Array.from(applyLognormal(base, z, sigma))).toEqual(Array.from(addLognormalNoise(base, { sigma, seed: 11 })));
    }
    // A prefix of a longer stream is the shorter stream (odd lengths included).
    expect(Array.from(standardNormals(7, 11))).toEqual(Array.from(z.subarray(0, 7)));
    expect(() => applyLognormal(base, z.subarray(1), 1)).toThrow(/500 normals for 501 values/);
    // Drawn into a reused buffer (filled with other values first): the same stream.
    const buffer = new Float64Array(base.length).fill(-3);
    expect(standardNormals(base.length, 11, buffer)).toBe(buffer);
    expect(Array.from(buffer)).toEqual(Array.from(z));
    expect(() => standardNormals(5, 11, buffer)).toThrow(/a buffer of 501 for 5 normals/);
  });

  it("adds exactly 1 at σ = 0, keeps ∞, and noises the study's finite never-again entries", () => {
    const requests = Int32Array.of(0, 1, 0, 2);
    const perfect = perfectNextArrival(requests, { neverAgain: "study" });
    expect(Array.from(syntheticNextArrival(requests, { sigma: 0, seed: 5 }))).toEqual(Array.from(perfect, (v) => v + 1));
    expect(Array.from(addLognormalNoise(Float64Array.of(Infinity), { sigma: 4, seed: 1 }))).toEqual([Infinity]);
    const noisy = syntheticNextArrival(requests, { sigma: 1, seed: 5 });
    expect(noisy[3]).toBeGreaterThan(40_000);
    expect(noisy[3]).not.toBe(40_001);
    const infinite = syntheticNextArrival(requests, { sigma: 1, seed: 5, neverAgain: Infinity });
    expect(infinite[3]).toBe(Infinity);
    expect(infinite[0]).toBe(noisy[0]);
  });

  it("overflows to ∞ for huge σ·z, as numpy does, and stays > t", () => {
    const requests = Int32Array.from({ length: 5000 }, (_, i) => i % 7);
    const out = syntheticNextArrival(requests, { sigma: 200, seed: 9 });
    let infinite = 0;
    for (let t = 0; t < out.length; t++) {
      expect(out[t]).toBeGreaterThan(t);
      if (out[t] === Infinity) infinite++;
    }
    // P(z > 709.78/200) ≈ 1.9e-4: about one among 5000 (P(≥ 15) < 1e-12).
    expect(infinite).toBeLessThan(15);
  });

  it("refuses a negative or non-finite σ and a non-integer seed", () => {
    expect(() => addLognormalNoise(zeros, { sigma: -1, seed: 1 })).toThrow(InputError);
    expect(() => addLognormalNoise(zeros, { sigma: Infinity, seed: 1 })).toThrow(/σ/);
    expect(() => addLognormalNoise(zeros, { sigma: 1, seed: 1.5 })).toThrow(/seed/);
  });
});

describe("flipBits", () => {
  const n = 40_000;
  const truth = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? EVICT : KEEP));
  const keeps = truth.filter((b) => b === KEEP).length;
  const evicts = n - keeps;

  it("flips KEEP→EVICT with p01 and EVICT→KEEP with p10 (counts within 5 binomial sd: false alarm < 1e-6)", () => {
    for (const [p01, p10] of [
      [0.1, 0.3],
      [0.5, 0],
      [0, 0.9],
    ]) {
      const out = flipBits(truth, { p01, p10, seed: 77 });
      let up = 0;
      let down = 0;
      for (let t = 0; t < n; t++) {
        if (truth[t] === KEEP && out[t] === EVICT) up++;
        if (truth[t] === EVICT && out[t] === KEEP) down++;
      }
      expect(Math.abs(up - keeps * p01)).toBeLessThanOrEqual(5 * Math.sqrt(keeps * p01 * (1 - p01)));
      expect(Math.abs(down - evicts * p10)).toBeLessThanOrEqual(5 * Math.sqrt(evicts * p10 * (1 - p10)));
      if (p01 === 0) expect(up).toBe(0);
      if (p10 === 0) expect(down).toBe(0);
    }
  });

  it("is deterministic per seed and monotone in p (coupled uniforms)", () => {
    const a = flipBits(truth, { p01: 0.2, p10: 0.2, seed: 3 });
    expect(Array.from(flipBits(truth, { p01: 0.2, p10: 0.2, seed: 3 }))).toEqual(Array.from(a));
    expect(Array.from(flipBits(truth, { p01: 0.2, p10: 0.2, seed: 4 }))).not.toEqual(Array.from(a));
    const b = flipBits(truth, { p01: 0.4, p10: 0.4, seed: 3 });
    let unflipped = 0;
    for (let t = 0; t < n; t++) if (a[t] !== truth[t] && b[t] !== a[t]) unflipped++;
    expect(unflipped).toBe(0);
    expect(Array.from(flipBits(truth, { p01: 1, p10: 1, seed: 3 }))).toEqual(Array.from(truth, (x) => 1 - x));
  });

  it("refuses bad probabilities and bits", () => {
    expect(() => flipBits(truth, { p01: 1.5, p10: 0, seed: 1 })).toThrow(/p01/);
    expect(() => flipBits(truth, { p01: 0, p10: Number.NaN, seed: 1 })).toThrow(/p10/);
    expect(() => flipBits(Uint8Array.of(0, 7), { p01: 0, p10: 0, seed: 1 })).toThrow(/bit 1 is 7/);
  });
});
