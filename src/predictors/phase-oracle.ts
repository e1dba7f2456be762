import { EVICT, KEEP } from "../paging/core/policy.ts";
import { kPhases, type PhasePartition } from "../paging/analysis/phases.ts";
import { nextUseTimes } from "../paging/offline/next-use.ts";

/** Phase labels of a request sequence, with the partition they were read from. */
export interface PhaseLabels {
  /** `bits[t]` = KEEP iff page r_t is requested in the k-phase after the one holding request t. */
  readonly bits: Uint8Array;
  /** The exact k-phase partition the labels refer to. */
  readonly phases: PhasePartition;
}

/**
 * Perfect phase labels ("whether the current page will be requested in the following k-phase",
 * quoted second-hand in `paging-theory.md` §2; polarity 1 = EVICT as in Cache-Coliseum, the
 * paper's own polarity UNVERIFIED): bit t = EVICT iff page r_t is *not* requested in phase
 * φ(t)+1 of the exact k-phase partition ({@link kPhases}: a phase ends just before the request
 * of its (k+1)-th distinct page, not at the first repeat after k distinct pages).
 *
 * Requests of the last phase get EVICT: there is no next phase to be requested in. Mark&Predict
 * reads a page's bit only in the phase after it was set (while the page is unmarked), so this
 * choice never changes its cost, only η measured against these labels.
 *
 * All requests of a page within one phase get the same bit. One backward pass over the next-use
 * array: the last request of p in phase i decides, by whether p's next request lies in phase
 * i+1; O(n + universe).
 *
 * Cache-Coliseum's `OraclePhasePredictor` deviates twice (read, not run): it opens a new phase at
 * any request once k distinct pages were seen, even a repeat; and it fixes phase i−1's labels
 * only when phase i+1 starts, so the next-to-last phase keeps EVICT on every request.
 */
export function perfectPhaseBits(requests: Int32Array, k: number, universe?: number): PhaseLabels {
  const phases = kPhases(requests, k, universe);
  const n = requests.length;
  let u = universe ?? 0;
  if (universe === undefined) for (let t = 0; t < n; t++) if (requests[t] >= u) u = requests[t] + 1;
  const next = nextUseTimes(requests, u);
  const phaseOf = phases.phaseOf;
  const bits = new Uint8Array(n);
  for (let t = n - 1; t >= 0; t--) {
    const nu = next[t];
    const phase = phaseOf[t];
    if (nu < n && phaseOf[nu] === phase) bits[t] = bits[nu];
    else bits[t] = nu < n && phaseOf[nu] === phase + 1 ? KEEP : EVICT;
  }
  return { bits, phases };
}
