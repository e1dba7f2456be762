import { InputError } from "../errors.ts";
import { Rng } from "../paging/core/rng.ts";
import { requestCountParam, type GeneratorInfo } from "./generator.ts";

/**
 * A cyclic scan: pages `0, 1, …, length−1, 0, 1, …` for n requests; with probability `noise`
 * a request is instead a uniformly random page of `0..universe−1` (seeded; the scan position
 * still advances). With `length = k+1` and no noise this is the sequence on which LRU and FIFO
 * fault on every request while OPT faults about once per k requests (ratio → k), and MRU is
 * near-optimal — the classical scan pathology of recency-based policies.
 */
export function loopRequests(n: number, length: number, noise: number, universe: number, seed: number): Int32Array {
  if (!(noise >= 0 && noise <= 1)) throw new InputError(`loop: noise must lie in [0, 1], got ${noise}`);
  if (universe < length) throw new InputError(`loop: universe (${universe}) must be at least the loop length (${length})`);
  const rng = new Rng(seed);
  const out = new Int32Array(n);
  let pos = 0;
  for (let t = 0; t < n; t++) {
    out[t] = noise > 0 && rng.next() < noise ? rng.int(universe) : pos;
    pos = pos + 1 === length ? 0 : pos + 1;
  }
  return out;
}

/** Registry entry of {@link loopRequests}. `universe = 0` means "the loop length". */
export const loopGenerator: GeneratorInfo = {
  name: "loop",
  summary: "cyclic scan over `length` pages, optionally with uniform noise requests",
  params: [
    requestCountParam(100_000),
    { name: "length", description: "pages in the loop", kind: "int", default: 101, min: 1, max: 2 ** 31 - 1 },
    { name: "noise", description: "probability that a request is a random page instead", kind: "number", default: 0, min: 0, max: 1 },
    { name: "universe", description: "pages for noise requests (0 = loop length)", kind: "int", default: 0, min: 0, max: 2 ** 31 - 1 },
  ],
  generate: (p, seed) =>
    loopRequests(p.n as number, p.length as number, p.noise as number, loopUniverse(p), seed),
  universe: (p) => loopUniverse(p),
  // Without noise the scan requests exactly min(n, length) pages; a noise request replaces a
  // scan request, so with noise no such bound holds.
  minDistinct: (p) => ((p.noise as number) === 0 ? Math.min(p.n as number, p.length as number) : 0),
};

function loopUniverse(p: Readonly<Record<string, number | string>>): number {
  return (p.universe as number) === 0 ? (p.length as number) : (p.universe as number);
}
