/**
 * The shape of an evaluation result: means of kept mass, total variation and output error over
 * all (layer, head, step t) with t ≥ k, overall and per layer (and per head for analyses).
 * @module
 */

/** Means over a set of (head, step) pairs, and how many pairs there were. */
export interface KvMeans {
  /** Mean of s_t = Σ_{j∈A_t} p_t[j]. */
  readonly meanKeptMass: number;
  /** Mean of TV(p_t, p̂_t) (equal to the mean evicted mass 1 − s_t; see metrics.ts). */
  readonly meanTV: number;
  /** Mean of ‖o_t − ô_t‖₂; NaN when output errors were not computed. */
  readonly meanOutputError: number;
  /** Number of (head, step) pairs averaged. */
  readonly steps: number;
}

/** One policy (or bound) on one trace at one budget. */
export interface KvResult extends KvMeans {
  /** The label (registry name, plus non-default parameters). */
  readonly policy: string;
  /** The budget k. */
  readonly budget: number;
  /** Means per selected layer, in the order the layers were given. */
  readonly perLayer: readonly (KvMeans & { readonly layer: number })[];
  /** Means per (layer, head), layer-major over the selected layers. */
  readonly perHead: readonly (KvMeans & { readonly layer: number; readonly head: number })[];
}

/** Running sums for one head, turned into {@link KvMeans} at the end. */
export class MeanAccumulator {
  /** Σ kept mass. */
  kept = 0;
  /** Σ total variation. */
  tv = 0;
  /** Σ output error. */
  error = 0;
  /** Number of (head, step) pairs added. */
  steps = 0;

  /** Count one (head, step) pair. */
  add(kept: number, tv: number, error: number): void {
    this.kept += kept;
    this.tv += tv;
    this.error += error;
    this.steps++;
  }

  /** Add another accumulator's pairs to this one. */
  merge(other: MeanAccumulator): void {
    this.kept += other.kept;
    this.tv += other.tv;
    this.error += other.error;
    this.steps += other.steps;
  }

  /** Means (NaN for an empty accumulator); `withError` false reports NaN for the output error. */
  means(withError: boolean): KvMeans {
    const n = this.steps;
    return {
      meanKeptMass: this.kept / n,
      meanTV: this.tv / n,
      meanOutputError: withError ? this.error / n : NaN,
      steps: n,
    };
  }
}

/** Assemble a {@link KvResult} from per-head accumulators (`heads[i]` for `layers[⌊i/H⌋]`, head i mod H). */
export function assembleResult(
  policy: string,
  budget: number,
  layers: readonly number[],
  headsPerLayer: number,
  heads: readonly MeanAccumulator[],
  withError: boolean,
): KvResult {
  const total = new MeanAccumulator();
  const perLayer: (KvMeans & { layer: number })[] = [];
  const perHead: (KvMeans & { layer: number; head: number })[] = [];
  layers.forEach((layer, li) => {
    const acc = new MeanAccumulator();
    for (let h = 0; h < headsPerLayer; h++) {
      const a = heads[li * headsPerLayer + h];
      acc.merge(a);
      perHead.push({ layer, head: h, ...a.means(withError) });
    }
    total.merge(acc);
    perLayer.push({ layer, ...acc.means(withError) });
  });
  return { policy, budget, ...total.means(withError), perLayer, perHead };
}
