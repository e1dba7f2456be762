import { EVICT } from "../../../src/paging/index.ts";

/**
 * Obvious array-based models of the one-bit algorithms, written from their definitions
 * (`paging-theory.md` §2b), for eviction-by-eviction comparison with the fast policies.
 *
 * A model walks the sequence and, at each fault with a full cache, computes the set of victims
 * the definition allows (one page for deterministic rules, the uniform candidates for randomized
 * ones); `pick` then chooses one — the model's own choice, or the victim the policy actually
 * took, which the caller checks is allowed.
 */
export type Rule = "follow-discard" | "follow-discard-rand" | "mark-and-predict" | "follow-discard-eager";

export interface ModelRun {
  faults: number;
  /** Evicted pages in order (eager drops included, at their request). */
  evicted: number[];
  /** For each eviction made on a full-cache fault: the victims the definition allowed. */
  allowed: number[][];
}

export function runModel(
  rule: Rule,
  requests: ArrayLike<number>,
  bits: ArrayLike<number>,
  k: number,
  pick: (allowed: number[], index: number) => number = (allowed) => allowed[0],
): ModelRun {
  let cache: number[] = [];
  const bit = new Map<number, number>();
  const last = new Map<number, number>();
  let marked = new Set<number>();
  let faults = 0;
  const evicted: number[] = [];
  const allowed: number[][] = [];
  const lru = (pages: number[]) => pages.reduce((a, q) => (last.get(q)! < last.get(a)! ? q : a));
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    const b = bits[t];
    if (!cache.includes(p)) {
      faults++;
      if (cache.length === k) {
        let choices: number[];
        const evictable = cache.filter((q) => bit.get(q) === EVICT);
        if ((rule === "follow-discard" || rule === "follow-discard-rand") && evictable.length > 0) {
          choices = [lru(evictable)];
        } else {
          if (cache.every((q) => marked.has(q))) marked = new Set();
          const unmarked = cache.filter((q) => !marked.has(q));
          const unmarkedEvict = unmarked.filter((q) => bit.get(q) === EVICT);
          if (rule === "follow-discard") choices = [lru(unmarked)];
          else if (rule === "mark-and-predict" && unmarkedEvict.length > 0) choices = unmarkedEvict;
          else choices = unmarked;
        }
        choices.sort((x, y) => x - y);
        allowed.push(choices);
        const victim = pick(choices, allowed.length - 1);
        evicted.push(victim);
        cache = cache.filter((q) => q !== victim);
        marked.delete(victim);
      }
      cache.push(p);
    }
    marked.add(p);
    bit.set(p, b);
    last.set(p, t);
    if (rule === "follow-discard-eager" && b === EVICT) {
      cache = cache.filter((q) => q !== p);
      marked.delete(p);
      evicted.push(p);
    }
  }
  return { faults, evicted, allowed };
}
