import { InputError } from "../errors.ts";
import { EVICT } from "../paging/core/policy.ts";
import { simulate } from "../paging/core/simulate.ts";
import { Belady } from "../paging/offline/belady.ts";

/**
 * What a discard bit says about the *last* request of a page (one never requested again), where
 * "evicted before its next request" has no next request to refer to:
 *
 * - `"keep-unless-evicted"`: EVICT only if the labelling algorithm actually evicts the page after
 *   that request (Cache-Coliseum's `OracleBinaryPredictor` convention);
 * - `"always-evict"`: EVICT (the page is never needed again, so it is always safe to drop).
 *
 * Both give cost = OPT with perfect Belady labels (`paging-theory.md` §2-addendum), but they
 * change η₀/η₁ of a predictor measured against them, so every label set records its convention.
 * How the paper treats these pages is UNVERIFIED.
 */
export type NeverAgainConvention = "keep-unless-evicted" | "always-evict";

/** Discard labels of a request sequence, with the convention they were made under. */
export interface DiscardLabels {
  /** `bits[t]` ∈ {KEEP, EVICT}: is page r_t evicted after request t and before its next request? */
  readonly bits: Uint8Array;
  /** How the last request of each page was labelled. */
  readonly neverAgain: NeverAgainConvention;
}

/** An eviction log as the engine records it (`RunResult.evictions`). */
export interface EvictionLog {
  /** Request index whose fault caused each eviction, non-decreasing. */
  readonly times: Int32Array;
  /** Page evicted by each eviction. */
  readonly pages: Int32Array;
}

/** Options of {@link discardBitsFrom} and {@link perfectDiscardBits}. */
export interface DiscardOptions {
  /** Dense universe size; defaults to `max(requests) + 1`. */
  readonly universe?: number;
  /** Label of a page's last request (default `"keep-unless-evicted"`). */
  readonly neverAgain?: NeverAgainConvention;
}

/**
 * Discard labels from any algorithm B's run on `requests`: bit t = EVICT iff B evicts page r_t
 * after request t and before r_t's next request (for the last request of a page, see
 * {@link NeverAgainConvention}). An eviction at time s removes the page's latest request before
 * s, so one pass over the requests and the log suffices: O(n + evictions + universe).
 *
 * Guarantee (S1 in `paging-theory.md` §2c, derived there and checked by the tests): FOLLOW-
 * DISCARD fed B's own labels never faults where B hits, so it costs at most cost(B); with B =
 * Belady it costs exactly OPT. That proof needs only demand paging from B, not laziness, so the
 * log may come from FWF's flushes too.
 *
 * Throws {@link InputError} when the log is not a possible run on `requests`: times out of order
 * or range, a page evicted before it was requested, evicted twice without a request in between,
 * or evicted at the very request that asks for it.
 */
export function discardBitsFrom(requests: Int32Array, evictions: EvictionLog, options: DiscardOptions = {}): DiscardLabels {
  const n = requests.length;
  const universe = universeOf(requests, options.universe);
  const neverAgain = options.neverAgain ?? "keep-unless-evicted";
  checkConvention(neverAgain);
  const { times, pages } = evictions;
  if (times.length !== pages.length) {
    throw new InputError(`eviction log: ${times.length} times but ${pages.length} pages`);
  }
  const bits = new Uint8Array(n);
  const last = new Int32Array(universe).fill(-1);
  let e = 0;
  for (let t = 0; t < n; t++) {
    // Evictions at time t happen while request t faults, before r_t is loaded.
    for (; e < times.length && times[e] === t; e++) markEvicted(bits, last, requests, pages[e], t, e, universe);
    if (e < times.length && times[e] < t) {
      throw new InputError(`eviction log: entry ${e} has time ${times[e]}, out of order (after time ${t - 1})`);
    }
    last[requests[t]] = t;
  }
  if (e < times.length) throw new InputError(`eviction log: entry ${e} has time ${times[e]}, beyond the ${n} requests`);
  if (neverAgain === "always-evict") {
    for (let p = 0; p < universe; p++) if (last[p] >= 0) bits[last[p]] = EVICT;
  }
  return { bits, neverAgain };
}

function markEvicted(bits: Uint8Array, last: Int32Array, requests: Int32Array, q: number, t: number, e: number, universe: number): void {
  if (!(q >= 0 && q < universe)) throw new InputError(`eviction log: entry ${e} evicts page ${q}, outside the universe of ${universe} pages`);
  const s = last[q];
  if (s < 0) throw new InputError(`eviction log: entry ${e} evicts page ${q} at time ${t}, before any request to it`);
  if (requests[t] === q) throw new InputError(`eviction log: entry ${e} evicts page ${q} at time ${t}, which requests it`);
  if (bits[s] === EVICT) throw new InputError(`eviction log: entry ${e} evicts page ${q} again at time ${t} without a request since`);
  bits[s] = EVICT;
}

/**
 * Perfect discard labels: {@link discardBitsFrom} the run of this project's Belady (`opt`, same
 * tie-break: never-again pages first, oldest last request first) with cache k. The bits are the
 * paper's "whether LFD would evict the current page before it gets requested again" (quoted
 * second-hand, `paging-theory.md` §2), relative to this one fixed LFD run: another optimal
 * tie-break gives other labels of equal cost. O(n + universe) after Belady's run.
 */
export function perfectDiscardBits(requests: Int32Array, k: number, options: DiscardOptions = {}): DiscardLabels {
  const universe = universeOf(requests, options.universe);
  const run = simulate(new Belady(k), requests, { universe, recordEvictions: true });
  return discardBitsFrom(requests, run.evictions!, { ...options, universe });
}

function universeOf(requests: Int32Array, universe: number | undefined): number {
  let max = -1;
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (p < 0) throw new InputError(`request ${t}: negative page id ${p}`);
    if (p > max) max = p;
  }
  const u = universe ?? max + 1;
  if (max >= u) throw new InputError(`page id ${max} is outside the universe of ${u} pages`);
  return u;
}

function checkConvention(c: string): void {
  if (c !== "keep-unless-evicted" && c !== "always-evict") {
    throw new InputError(`unknown never-again convention '${c}' (known: keep-unless-evicted, always-evict)`);
  }
}
