import { add, multiply, type Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import { frac } from "./exact.ts";

/** Most reachable states {@link guardExpectedFaults} keeps before refusing (small instances only). */
export const GUARD_EXACT_MAX_STATES = 200_000;

interface GuardState {
  readonly cache: readonly number[];
  readonly guarded: readonly number[];
  readonly oldUnvisited: readonly number[];
  /** Pages evicted in the current phase. */
  readonly evicted: readonly number[];
  readonly faults: number;
}

/**
 * E[faults] of Guard (Chen et al., NeurIPS 2025, as reconstructed in
 * `src/paging/combiners/guard.ts`) exactly, from the rule as documented there, not from the
 * implementation: a phase starts at a fault with a full cache once no page cached at the previous
 * phase start is unvisited; a fault on a page evicted earlier in the phase evicts a uniformly
 * random old unvisited page (the only random choice, enumerated) and guards the new page; any
 * other fault evicts the unguarded page with the largest predicted next arrival (ties: least
 * recently requested). An {@link InputError} if more than {@link GUARD_EXACT_MAX_STATES} states
 * are reachable.
 *
 * @param nextArrival predicted next arrival of each request (as fed to Guard)
 */
export function guardExpectedFaults(requests: Int32Array, k: number, nextArrival: Float64Array): Fraction {
  checkCacheSize(k);
  if (nextArrival.length < requests.length) throw new InputError(`exact E[guard]: ${nextArrival.length} predictions for ${requests.length} requests`);
  const score = new Map<number, number>();
  const last = new Map<number, number>();
  let states: { s: GuardState; p: Fraction }[] = [{ s: { cache: [], guarded: [], oldUnvisited: [], evicted: [], faults: 0 }, p: frac(1) }];
  for (let t = 0; t < requests.length; t++) {
    const r = requests[t];
    const out: { s: GuardState; p: Fraction }[] = [];
    for (const { s, p } of states) {
      if (s.cache.includes(r)) {
        out.push({ s: { ...s, oldUnvisited: s.oldUnvisited.filter((q) => q !== r) }, p });
        continue;
      }
      if (s.cache.length < k) {
        out.push({ s: { ...s, cache: [...s.cache, r], faults: s.faults + 1 }, p });
        continue;
      }
      let { guarded, oldUnvisited, evicted } = s;
      if (oldUnvisited.length === 0) {
        guarded = [];
        oldUnvisited = [...s.cache];
        evicted = [];
      }
      const branch = (victim: number, guard: boolean, share: Fraction) => {
        out.push({
          s: {
            cache: [...s.cache.filter((q) => q !== victim), r],
            guarded: guard ? [...guarded, r] : guarded,
            oldUnvisited: oldUnvisited.filter((q) => q !== victim),
            evicted: [...evicted, victim],
            faults: s.faults + 1,
          },
          p: share,
        });
      };
      if (evicted.includes(r)) {
        for (const v of oldUnvisited) branch(v, true, multiply(p, frac(1, oldUnvisited.length)) as Fraction);
      } else {
        const candidates = s.cache.filter((q) => !guarded.includes(q));
        const victim = candidates.reduce((a, b) => {
          const sa = score.get(a)!;
          const sb = score.get(b)!;
          return sa > sb || (sa === sb && last.get(a)! < last.get(b)!) ? a : b;
        });
        branch(victim, false, p);
      }
    }
    const merged = new Map<string, { s: GuardState; p: Fraction }>();
    for (const e of out) {
      const key = JSON.stringify([e.s.cache.toSorted(), e.s.guarded.toSorted(), e.s.oldUnvisited.toSorted(), e.s.evicted.toSorted(), e.s.faults]);
      const old = merged.get(key);
      if (old) old.p = add(old.p, e.p) as Fraction;
      else merged.set(key, { ...e });
    }
    if (merged.size > GUARD_EXACT_MAX_STATES) throw new InputError(`exact E[guard]: more than ${GUARD_EXACT_MAX_STATES} states at request ${t}`);
    states = [...merged.values()];
    score.set(r, nextArrival[t]);
    last.set(r, t);
  }
  let e = frac(0);
  for (const { s, p } of states) e = add(e, multiply(p, frac(s.faults))) as Fraction;
  return e;
}
