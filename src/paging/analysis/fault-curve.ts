import { InputError } from "../../errors.ts";
import { policies } from "../catalog.ts";
import { simulate } from "../core/simulate.ts";
import { checkMaxK, lruFaultCurve } from "./lru-curve.ts";
import { optFaultCurve } from "./opt-curve.ts";

/** Most cache sizes a one-pass curve (`lru`, `opt`) covers: the default distinct-page cap, 2^22. */
export const MAX_CURVE_SIZES = 2 ** 22;
/** Most cache sizes for any other algorithm, which runs once per size. */
export const MAX_PER_SIZE_SIZES = 4096;

/** Algorithms whose whole curve comes from one pass over the trace (stack algorithms). */
export const ONE_PASS_CURVES: Readonly<Record<string, (requests: Int32Array, universe: number, maxK: number) => Float64Array>> = {
  lru: lruFaultCurve,
  opt: optFaultCurve,
};

/** Options of {@link faultCurve}. */
export interface FaultCurveOptions {
  /** Seed of randomized algorithms (the same seed at every size; default 1). */
  readonly seed?: number;
  /** Called after each cache size of a per-size curve with the sizes done so far. */
  readonly onSize?: (done: number) => void;
}

/**
 * The fault count of algorithm `name` (a registry name or expression) at every cache size
 * 1..maxK on `requests` (dense ids in `[0, universe)`): `faults[k − 1]` equals
 * `simulate(policies.create(name, k, { seed }), requests).faults` exactly. LRU and OPT take one
 * pass over the trace ({@link lruFaultCurve}, {@link optFaultCurve}; maxK ≤ {@link MAX_CURVE_SIZES});
 * every other algorithm runs once per size (maxK ≤ {@link MAX_PER_SIZE_SIZES}). Algorithms that read
 * predictions are refused. Every limit is checked before anything is allocated; a violation is
 * an `InputError`.
 */
export function faultCurve(name: string, requests: Int32Array, universe: number, maxK: number, options: FaultCurveOptions = {}): Float64Array {
  checkMaxK(maxK);
  const info = policies.get(name);
  const onePass = ONE_PASS_CURVES[info.name];
  // A plain name or alias resolves to the registered entry itself; an expression to a new one.
  if (onePass !== undefined && info === policies.get(info.name)) {
    if (maxK > MAX_CURVE_SIZES) throw new InputError(`a ${info.name} curve covers at most ${MAX_CURVE_SIZES} cache sizes, got ${maxK}`);
    return onePass(requests, universe, maxK);
  }
  if (info.needs.length > 0) throw new InputError(`algorithm '${info.name}' reads predictions; curves are drawn for algorithms that need none`);
  if (maxK > MAX_PER_SIZE_SIZES) {
    throw new InputError(
      `'${name}' runs once per cache size: at most ${MAX_PER_SIZE_SIZES} sizes, got ${maxK} (one-pass curves: ${Object.keys(ONE_PASS_CURVES).join(", ")})`,
    );
  }
  const faults = new Float64Array(maxK);
  for (let k = 1; k <= maxK; k++) {
    faults[k - 1] = simulate(policies.create(name, k, { seed: options.seed ?? 1 }), requests, { universe }).faults;
    options.onSize?.(k);
  }
  return faults;
}
