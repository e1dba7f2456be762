import { InputError } from "../errors.ts";
import { Rng } from "../paging/core/rng.ts";
import { requestCountParam, type GeneratorInfo } from "./generator.ts";

/**
 * Working-set phases (Denning's working-set model, CACM 1968): requests are uniform over a
 * working set of `size` pages drawn from `0..universe−1`; every `phase` requests, `shift`
 * distinct members are replaced by `shift` distinct pages from outside the set (all seeded).
 * With size ≤ k a cache of k pages only faults on the first requests to each new page, so OPT
 * is about size + (n/phase)·shift — a controlled number of clean pages per phase, which is what
 * the phase-based bounds (c_i, OPT ≥ ½·Σ c_i) are about. Requires shift ≤ min(size,
 * universe − size).
 */
export function workingSetRequests(
  n: number,
  universe: number,
  size: number,
  phase: number,
  shift: number,
  seed: number,
): Int32Array {
  if (size > universe) throw new InputError(`working-set: size (${size}) exceeds the universe (${universe})`);
  if (shift > size || shift > universe - size) {
    throw new InputError(`working-set: shift (${shift}) must be at most size (${size}) and universe − size (${universe - size})`);
  }
  const rng = new Rng(seed);
  // perm[0..size) is the working set, perm[size..universe) the pages outside it.
  const perm = new Int32Array(universe);
  for (let i = 0; i < universe; i++) perm[i] = i;
  for (let i = 0; i < size; i++) swap(perm, i, i + rng.int(universe - i));
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    if (t > 0 && t % phase === 0) {
      for (let s = 0; s < shift; s++) {
        // Distinct leaving members (partial shuffle of the set) and distinct newcomers (partial
        // shuffle of the outside, skipping the slots that just received leaving members).
        swap(perm, s, s + rng.int(size - s));
        swap(perm, size + s, size + s + rng.int(universe - size - s));
        swap(perm, s, size + s);
      }
    }
    out[t] = perm[rng.int(size)];
  }
  return out;
}

function swap(a: Int32Array, i: number, j: number): void {
  const x = a[i];
  a[i] = a[j];
  a[j] = x;
}

/** Registry entry of {@link workingSetRequests}. */
export const workingSetGenerator: GeneratorInfo = {
  name: "working-set",
  summary: "uniform requests over a working set that changes by `shift` pages every `phase` requests",
  params: [
    requestCountParam(100_000),
    { name: "universe", description: "number of pages", kind: "int", default: 10_000, min: 1, max: 2 ** 31 - 1 },
    { name: "size", description: "working-set size", kind: "int", default: 100, min: 1, max: 2 ** 31 - 1 },
    { name: "phase", description: "requests between working-set changes", kind: "int", default: 1000, min: 1, max: 2 ** 31 - 1 },
    { name: "shift", description: "pages replaced at each change", kind: "int", default: 10, min: 0, max: 2 ** 31 - 1 },
  ],
  generate: (p, seed) =>
    workingSetRequests(p.n as number, p.universe as number, p.size as number, p.phase as number, p.shift as number, seed),
  universe: (p) => p.universe as number,
};
