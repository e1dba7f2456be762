import { describe, expect, it } from "vitest";
import {
  generate,
  generateRequests,
  generators,
  parseGeneratorSpec,
  zipfRequests,
  loopRequests,
  workingSetRequests,
  uniformRequests,
} from "../../src/adversaries/index.ts";
import { harmonic } from "../../src/proofs-check/exact.ts";
import { InputError } from "../../src/errors.ts";

describe("generator registry", () => {
  it("lists every generator with documented parameters", () => {
    expect(generators.list().map((g) => g.name)).toEqual(["uniform", "zipf", "loop", "working-set", "cruel"]);
    for (const g of generators.list()) {
      expect(g.summary.length).toBeGreaterThan(10);
      expect(g.params.some((p) => p.name === "n")).toBe(true);
      for (const p of g.params) expect(p.description.length).toBeGreaterThan(3);
    }
  });

  it("is deterministic per seed and changes with the seed", () => {
    for (const g of generators.list()) {
      const params: Record<string, number | string> = g.name === "cruel" ? { n: 300, k: 5, policy: "marker" } : { n: 2000 };
      const a = generateRequests(g.name, params, 11);
      const b = generateRequests(g.name, params, 11);
      expect(Array.from(a), g.name).toEqual(Array.from(b));
      expect(a.length).toBe(params.n);
      const universe = g.universe({ ...Object.fromEntries(g.params.map((p) => [p.name, p.default])), ...params });
      for (const p of a) expect(p >= 0 && p < universe, `${g.name} page ${p} in [0, ${universe})`).toBe(true);
      // The loop without noise and the cruel adversary against a deterministic policy ignore
      // the seed by design; Marker's seed changes what the adversary sees.
      if (g.name !== "loop") expect(Array.from(generateRequests(g.name, params, 12)), g.name).not.toEqual(Array.from(a));
    }
  });

  it("returns a trace renumbered in order of first request, keys = generator ids", () => {
    const trace = generate("zipf", { n: 5000, universe: 1000, alpha: 1.1 }, 3);
    const raw = generateRequests("zipf", { n: 5000, universe: 1000, alpha: 1.1 }, 3);
    expect(trace.requests.length).toBe(5000);
    let next = 0;
    for (let t = 0; t < raw.length; t++) {
      const id = trace.requests[t];
      expect(id).toBeLessThanOrEqual(next);
      if (id === next) next++;
      expect(trace.keys.kind === "number" && trace.keys.values[id]).toBe(raw[t]);
    }
    expect(trace.distinct).toBe(next);
    expect(trace.distinct).toBe(new Set(raw).size);
  });

  it("rejects unknown generators and parameters, and bad values, with InputError", () => {
    expect(() => generate("zipff")).toThrow(/unknown generator 'zipff'.*zipf/);
    expect(() => generate("zipf", { alpah: 1 })).toThrow(/no parameter 'alpah'/);
    expect(() => generate("zipf", { n: -1 })).toThrow(InputError);
    expect(() => generate("zipf", { n: 1.5 })).toThrow(/integer/);
    expect(() => generate("zipf", { alpha: "x" })).toThrow(/must be a number/);
    expect(() => generate("uniform", { universe: 0 })).toThrow(/≥ 1/);
    expect(() => generate("working-set", { size: 10, shift: 11 })).toThrow(InputError);
    expect(() => generate("working-set", { universe: 5, size: 10 })).toThrow(InputError);
    expect(() => generate("loop", { length: 10, universe: 5 })).toThrow(InputError);
    expect(() => generate("cruel", { policy: "opt", k: 2 })).toThrow(InputError);
  });

  it("parses CLI specs", () => {
    expect(parseGeneratorSpec("zipf")).toEqual({ name: "zipf", params: {} });
    expect(parseGeneratorSpec("zipf:n=1000, alpha=0.9")).toEqual({ name: "zipf", params: { n: "1000", alpha: "0.9" } });
    const { name, params } = parseGeneratorSpec("uniform:n=10,universe=3");
    expect(generateRequests(name, params, 1).length).toBe(10);
    expect(() => parseGeneratorSpec(":n=1")).toThrow(InputError);
    expect(() => parseGeneratorSpec("zipf:n")).toThrow(InputError);
    expect(() => parseGeneratorSpec("zipf:n=1,n=2")).toThrow(InputError);
  });
});

describe("generators", () => {
  it("uniform: every page about equally often", () => {
    const counts = new Array(10).fill(0);
    for (const p of uniformRequests(100_000, 10, 5)) counts[p]++;
    // Binomial(1e5, 0.1): sd ≈ 95; 6 sd = 570 fails with probability < 1e-8 per page.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(570);
  });

  it("zipf: frequencies follow (i+1)^−α / H_{N,α}", () => {
    const n = 200_000;
    const universe = 50;
    const alpha = 1;
    const counts = new Array(universe).fill(0);
    for (const p of zipfRequests(n, universe, alpha, 9)) counts[p]++;
    const norm = Number(harmonic(universe).valueOf()); // H_{50} for α = 1
    for (let i = 0; i < universe; i++) {
      const expected = n / (i + 1) / norm;
      const sd = Math.sqrt(expected);
      // 6 sd per page: false alarm < 1e-8 per page; a wrong exponent or rank order shifts page 0 by ~1000 sd.
      expect(Math.abs(counts[i] - expected), `page ${i}`).toBeLessThan(6 * sd + 1);
    }
    // α = 0 is uniform.
    const flat = new Array(4).fill(0);
    for (const p of zipfRequests(40_000, 4, 0, 1)) flat[p]++;
    for (const c of flat) expect(Math.abs(c - 10_000)).toBeLessThan(520);
  });

  it("loop: a cyclic scan, with noise drawn from the universe", () => {
    expect(Array.from(loopRequests(7, 3, 0, 3, 0))).toEqual([0, 1, 2, 0, 1, 2, 0]);
    const noisy = loopRequests(10_000, 5, 0.5, 100, 4);
    let offLoop = 0;
    for (let t = 0; t < noisy.length; t++) if (noisy[t] !== t % 5) offLoop++;
    // About half are noise, of which 95% land off the loop position: ≈ 4750 (sd ≈ 50).
    expect(offLoop).toBeGreaterThan(4400);
    expect(offLoop).toBeLessThan(5100);
  });

  it("working-set: exactly `shift` pages change at each phase boundary, requests stay in the set", () => {
    const size = 20;
    const phase = 500;
    const shift = 4;
    const req = workingSetRequests(10 * phase, 1000, size, phase, shift, 8);
    const sets: Set<number>[] = [];
    for (let i = 0; i < 10; i++) sets.push(new Set(req.subarray(i * phase, (i + 1) * phase)));
    for (let i = 0; i < 10; i++) {
      // 500 uniform draws over 20 pages hit every page with overwhelming probability.
      expect(sets[i].size).toBe(size);
      if (i > 0) expect([...sets[i]].filter((p) => !sets[i - 1].has(p)).length).toBe(shift);
    }
  });
});
