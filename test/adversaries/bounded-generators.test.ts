import { describe, expect, it } from "vitest";
import { cruelSequence, generate, generateRequests } from "../../src/adversaries/index.ts";
import { workingSetRequests } from "../../src/adversaries/working-set.ts";
import { rejectionInversionSampler, ZIPF_TABLE_MAX_UNIVERSE, zipfRequests } from "../../src/adversaries/zipf.ts";
import { InputError } from "../../src/errors.ts";
import { Rng } from "../../src/paging/core/rng.ts";
import { Stepper } from "../../src/paging/core/simulate.ts";
import { policies } from "../../src/paging/index.ts";

// Memory and time of generated traces follow the work asked for (n, the shuffle work), not the
// universe; these tests pin that the cheaper representations give exactly the old sequences.

/** The cruel adversary as defined: rescan for the smallest missing page before every request. */
function cruelByDefinition(name: string, k: number, n: number, universe: number): number[] {
  const stepper = new Stepper(policies.create(name, k, { seed: 5 }), universe);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let p = 0;
    while (stepper.has(p)) p++;
    stepper.request(p);
    out.push(p);
  }
  return out;
}

/** Working-set phases with the whole universe as an array, as the generator was first written. */
function workingSetByDefinition(n: number, universe: number, size: number, phase: number, shift: number, seed: number): number[] {
  const rng = new Rng(seed);
  const perm = new Int32Array(universe);
  for (let i = 0; i < universe; i++) perm[i] = i;
  const swap = (i: number, j: number) => ([perm[i], perm[j]] = [perm[j], perm[i]]);
  for (let i = 0; i < size; i++) swap(i, i + rng.int(universe - i));
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    if (t > 0 && t % phase === 0) {
      for (let s = 0; s < shift; s++) {
        swap(s, s + rng.int(size - s));
        swap(size + s, size + s + rng.int(universe - size - s));
        swap(s, size + s);
      }
    }
    out.push(perm[rng.int(size)]);
  }
  return out;
}

describe("generated traces cost what they request", () => {
  it("cruel: the smallest missing page by definition, for every online policy and any universe ≥ k+1", () => {
    const online = policies.list().filter((p) => !p.offline && p.needs.length === 0);
    for (const info of online) {
      for (const k of [1, 3, 8]) {
        const expected = cruelByDefinition(info.name, k, 6 * k + 5, k + 1);
        for (const universe of [k + 1, k + 7, 2 ** 31 - 1]) {
          expect(Array.from(cruelSequence(policies.create(info.name, k, { seed: 5 }), 6 * k + 5, universe)), `${info.name} k=${k}`).toEqual(expected);
        }
      }
    }
  });

  it("cruel with a large k and the largest universe: the warm-up requests 0..k−1, then only pages ≤ k", () => {
    const k = 2 ** 15;
    for (const name of ["lru", "random", "fwf", "marker"]) {
      const sigma = cruelSequence(policies.create(name, k, { seed: 1 }), 3 * k, 2 ** 31 - 1);
      expect(sigma.length).toBe(3 * k);
      let ok = true;
      for (let i = 0; i < 3 * k; i++) ok &&= i < k ? sigma[i] === i : sigma[i] >= 0 && sigma[i] <= k;
      expect(ok).toBe(true);
    }
  });

  it("working-set: the virtual permutation gives the array version's sequence, small and huge universes", () => {
    for (const [n, universe, size, phase, shift, seed] of [
      [3000, 500, 40, 100, 7, 1],
      [3000, 2 ** 23 + 9, 40, 100, 7, 2],
      [2000, 2 ** 23, 2 ** 12, 50, 300, 3],
    ]) {
      expect(Array.from(workingSetRequests(n, universe, size, phase, shift, seed))).toEqual(workingSetByDefinition(n, universe, size, phase, shift, seed));
    }
    // The largest universe with n = 10 touches a handful of entries.
    expect(generate("working-set", { n: 10, universe: 2 ** 31 - 1, size: 5, shift: 1 }, 4).requests.length).toBe(10);
  });

  it("working-set refuses shuffle work beyond its cap before allocating", () => {
    expect(() => generate("working-set", { n: 10, universe: 2 ** 31 - 1, size: 2 ** 30 })).toThrow(
      /size \+ shift·⌊\(n−1\)\/phase⌋ = 1073741824 exceeds 4194304 \(the shuffle work cap\)/,
    );
    expect(() => generate("working-set", { n: 2 ** 26, universe: 10_000, size: 1000, phase: 1, shift: 1000 })).toThrow(InputError);
  });

  it("renumbering by first request is the same through a table or a hash map", () => {
    for (const [name, params] of [
      ["uniform", { n: 5000, universe: 2 ** 31 - 1 }],
      ["uniform", { n: 5000, universe: 3000 }],
      ["loop", { n: 5000, length: 2 ** 31 - 1 }],
      ["zipf", { n: 5000, universe: 2 ** 16, alpha: 0.5 }],
      ["zipf", { n: 5000, universe: 2 ** 31 - 1, alpha: 0.9 }],
    ] as const) {
      const raw = generateRequests(name, params, 7);
      const trace = generate(name, params, 7);
      const first = new Map<number, number>();
      for (const p of raw) if (!first.has(p)) first.set(p, first.size);
      expect(Array.from(trace.requests)).toEqual(Array.from(raw, (p) => first.get(p)));
      expect(trace.keys).toEqual({ kind: "number", values: Float64Array.from(first.keys()) });
      expect(trace.distinct).toBe(first.size);
    }
  });

  it("zipf past the alias-table size samples the same law by rejection-inversion (6 sd a page: false alarm < 1e-8 each)", () => {
    const N = 50;
    const n = 100_000;
    for (const alpha of [0, 0.5, 1, 1.7]) {
      const sample = rejectionInversionSampler(N, alpha, new Rng(3));
      const counts = new Array(N).fill(0);
      for (let t = 0; t < n; t++) counts[sample()]++;
      let norm = 0;
      for (let r = 1; r <= N; r++) norm += r ** -alpha;
      for (let i = 0; i < N; i++) {
        const expected = (n * (i + 1) ** -alpha) / norm;
        expect(Math.abs(counts[i] - expected), `alpha ${alpha} page ${i}`).toBeLessThan(6 * Math.sqrt(expected) + 1);
      }
    }
    // Through the generator, one page past the table size: page 0's share is 1/H_N.
    const universe = ZIPF_TABLE_MAX_UNIVERSE + 1;
    let harmonic = 0;
    for (let r = 1; r <= universe; r++) harmonic += 1 / r;
    const raw = zipfRequests(200_000, universe, 1, 4);
    const hottest = raw.reduce((c, p) => c + (p === 0 ? 1 : 0), 0);
    const expected = 200_000 / harmonic;
    expect(Math.abs(hottest - expected)).toBeLessThan(6 * Math.sqrt(expected));
    expect(raw.reduce((m, p) => Math.max(m, p), 0)).toBeLessThan(universe);
  });

  it("a distinct-page cap refuses before generating when the generator knows its pages", () => {
    expect(() => generate("cruel", { n: 2 ** 26, k: 2 ** 24 }, 1, { maxDistinct: 2 ** 22 })).toThrow(
      "generator 'cruel': requests 16777217 distinct pages, more than 4194304 (the maxDistinct cap, --max-distinct)",
    );
    expect(() => generate("loop", { n: 100, length: 50 }, 1, { maxDistinct: 49 })).toThrow(/requests 50 distinct pages/);
    expect(generate("loop", { n: 100, length: 50 }, 1, { maxDistinct: 50 }).distinct).toBe(50);
    // The bounds are exact where they claim to be.
    expect(generate("cruel", { n: 30, k: 7, policy: "random" }, 2).distinct).toBe(8);
    expect(generate("cruel", { n: 5, k: 7 }, 2).distinct).toBe(5);
  });

  it("request counts beyond the stated cap are refused", () => {
    expect(() => generate("uniform", { n: 2 ** 26 + 1 })).toThrow(/parameter n must be ≤ 67108864/);
  });
});
