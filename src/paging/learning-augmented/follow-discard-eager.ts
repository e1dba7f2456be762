import { InputError } from "../../errors.ts";
import { checkCacheSize } from "../core/cache.ts";
import { EVICT, KEEP } from "../core/policy.ts";
import { Rng } from "../core/rng.ts";
import type { RunResult } from "../core/simulate.ts";
import { IndexSet } from "../structures/index-set.ts";
import { badBit } from "./bits.ts";

/** Options of {@link followDiscardEager}. */
export interface EagerOptions {
  /** Seed of the fallback's victim choices (default 0). */
  readonly seed?: number;
  /** Dense universe size; defaults to `max(requests) + 1`. */
  readonly universe?: number;
  /** Record every eviction and drop as (time, page) in `evictions`. */
  readonly recordEvictions?: boolean;
}

/** A run of {@link followDiscardEager}: the engine's result plus the number of eager drops. */
export interface EagerRunResult extends RunResult {
  /** Pages dropped right after a request carrying EVICT (a subset of the evictions). */
  readonly drops: number;
}

/**
 * FOLLOW-DISCARD, eager — only for parity with Cache-Coliseum's `Mark0` (OptiSys-ZJU/
 * Cache-Coliseum, `cache/evict/algorithms.py`, which cites ABEFHLPS ICML 2023): a page served
 * with bit EVICT is dropped at once, after the request, hit or fault; a fault with a full cache
 * (all pages then carry KEEP) runs randomized marking — unmark all when every page is marked,
 * evict a uniformly random unmarked page (seeded; `Mark0` uses Python's `random.choice`, so
 * only the distribution, not the stream, matches). `Mark0`'s `S_address`/`S_visited` books
 * reduce to these marks: its miss branch on `address in S_address` cannot be taken.
 *
 * Why a function and not a `Policy`: the engine's contract lets a policy evict only in
 * `makeRoom` (a hit leaves the cache unchanged; `Stepper` reports no evictions on hits), and an
 * eager drop is an eviction outside a fault. A lazy policy cannot reproduce its cost either: a
 * dropped page requested again is a fault here and a hit for any lazy rule.
 *
 * Use the lazy `follow-discard` / `follow-discard-rand` for results. With perfect labels both
 * cost OPT, but under wrong bits eager is worse, without bound: one page requested n times with
 * every bit EVICT costs n here, 1 lazily, OPT 1 (`paging-theory.md` §2-addendum; tested).
 * O(1) per request.
 */
export function followDiscardEager(requests: Int32Array, bits: Uint8Array, k: number, options: EagerOptions = {}): EagerRunResult {
  checkCacheSize(k);
  const n = requests.length;
  if (bits.length < n) throw new InputError(`bit predictions cover ${bits.length} of ${n} requests`);
  let max = -1;
  for (let t = 0; t < n; t++) {
    const p = requests[t];
    if (p < 0) throw new InputError(`request ${t}: negative page id ${p}`);
    if (p > max) max = p;
  }
  const universe = options.universe ?? max + 1;
  if (max >= universe) throw new InputError(`page id ${max} is outside the universe of ${universe} pages`);
  const rng = new Rng(options.seed ?? 0);
  const resident = new Uint8Array(universe);
  const capacity = Math.min(k, universe);
  let unmarked = new IndexSet(universe, capacity);
  let marked = new IndexSet(universe, capacity);
  const log: number[] | null = options.recordEvictions ? [] : null;
  let size = 0;
  let faults = 0;
  let drops = 0;
  for (let t = 0; t < n; t++) {
    const p = requests[t];
    const b = bits[t];
    if (b !== KEEP && b !== EVICT) badBit(b, t);
    if (resident[p] === 1) {
      if (unmarked.has(p)) {
        unmarked.delete(p);
        marked.add(p);
      }
    } else {
      faults++;
      if (size === k) {
        if (unmarked.size === 0) {
          const swap = unmarked;
          unmarked = marked;
          marked = swap;
        }
        const victim = unmarked.at(rng.int(unmarked.size));
        unmarked.delete(victim);
        resident[victim] = 0;
        size--;
        log?.push(t, victim);
      }
      resident[p] = 1;
      size++;
      marked.add(p);
    }
    if (b === EVICT) {
      marked.delete(p);
      resident[p] = 0;
      size--;
      drops++;
      log?.push(t, p);
    }
  }
  const evictions = log === null ? {} : { evictions: split(log) };
  return { requests: n, faults, hits: n - faults, missRatio: n === 0 ? 0 : faults / n, drops, ...evictions };
}

function split(log: number[]): { times: Int32Array; pages: Int32Array } {
  const m = log.length >> 1;
  const times = new Int32Array(m);
  const pages = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    times[i] = log[2 * i];
    pages[i] = log[2 * i + 1];
  }
  return { times, pages };
}
