import type { Policy, Predictions } from "../paging/core/policy.ts";
import { Stepper } from "../paging/core/simulate.ts";
import type { PhasePartition } from "../paging/analysis/phases.ts";

/**
 * `flags[t] = 1` iff request t faults when the online `policy` (fresh instance) serves
 * `requests` with `predictions` (if any), through the step engine. Same faults as `simulate`
 * on the same sequence and predictions.
 */
export function faultFlags(policy: Policy, requests: Int32Array, universe: number, predictions: Predictions = {}): Uint8Array {
  const stepper = new Stepper(policy, universe);
  const flags = new Uint8Array(requests.length);
  const { nextArrival, bits } = predictions;
  for (let t = 0; t < requests.length; t++) {
    const prediction = { nextArrival: nextArrival?.[t], bit: bits?.[t] };
    flags[t] = stepper.request(requests[t], prediction).hit ? 0 : 1;
  }
  return flags;
}

/** Faults per phase: `out[i]` = number of faulting requests of phase i. */
export function faultsPerPhase(flags: Uint8Array, partition: PhasePartition): Int32Array {
  const out = new Int32Array(partition.count);
  for (let t = 0; t < flags.length; t++) out[partition.phaseOf[t]] += flags[t];
  return out;
}
