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
 * universe − size) and size + shift·⌊(n−1)/phase⌋ ≤ {@link WORKING_SET_MAX_SHUFFLE}.
 *
 * Time and memory follow the shuffle work (size + shift·⌊(n−1)/phase⌋) and n, not the universe:
 * the permutation of the universe is virtual — a table only where it was touched.
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
  const changes = n > 0 ? Math.floor((n - 1) / phase) : 0;
  const work = size + shift * changes;
  if (work > WORKING_SET_MAX_SHUFFLE) {
    throw new InputError(
      `working-set: size + shift·⌊(n−1)/phase⌋ = ${work} exceeds ${WORKING_SET_MAX_SHUFFLE} (the shuffle work cap); ` +
        `use a smaller size or shift, or a longer phase`,
    );
  }
  const rng = new Rng(seed);
  // perm[0..size) is the working set, perm[size..universe) the pages outside it.
  const perm = new VirtualPermutation(universe, 4 * (size + shift));
  for (let i = 0; i < size; i++) perm.swap(i, i + rng.int(universe - i));
  const out = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    if (t > 0 && t % phase === 0) {
      for (let s = 0; s < shift; s++) {
        // Distinct leaving members (partial shuffle of the set) and distinct newcomers (partial
        // shuffle of the outside, skipping the slots that just received leaving members).
        perm.swap(s, s + rng.int(size - s));
        perm.swap(size + s, size + s + rng.int(universe - size - s));
        perm.swap(s, size + s);
      }
    }
    out[t] = perm.get(rng.int(size));
  }
  return out;
}

/**
 * Largest shuffle work of a working-set trace, size + shift·⌊(n−1)/phase⌋: 2^22 = 4,194,304
 * swaps, each touching at most two entries of the virtual permutation (~64 bytes each at worst).
 */
export const WORKING_SET_MAX_SHUFFLE = 2 ** 22;

/**
 * The identity permutation of `0..universe−1`, materialized only where swaps touched it: a dense
 * table when the universe is small (≤ 2^22 or ≤ `denseHint`), else a dense prefix of `denseHint`
 * entries (where the working set and the newcomers live) and a map for the far positions.
 */
class VirtualPermutation {
  private readonly dense: Int32Array;
  private readonly far = new Map<number, number>();

  constructor(universe: number, denseHint: number) {
    const size = universe <= Math.max(2 ** 22, denseHint) ? universe : Math.min(universe, denseHint);
    this.dense = new Int32Array(size);
    for (let i = 0; i < size; i++) this.dense[i] = i;
  }

  get(i: number): number {
    return i < this.dense.length ? this.dense[i] : (this.far.get(i) ?? i);
  }

  swap(i: number, j: number): void {
    const x = this.get(i);
    this.set(i, this.get(j));
    this.set(j, x);
  }

  private set(i: number, v: number): void {
    if (i < this.dense.length) this.dense[i] = v;
    else this.far.set(i, v);
  }
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
  limits: `size + shift·⌊(n−1)/phase⌋ ≤ ${WORKING_SET_MAX_SHUFFLE} (the shuffle work)`,
};
