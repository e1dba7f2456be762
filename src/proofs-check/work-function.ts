import { InputError } from "../errors.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import { BRUTE_FORCE_MAX_PAGES } from "./brute-force-opt.ts";
import { popcount } from "./page-masks.ts";

const INF = 0x3fffffff;

/**
 * The offline optimum's state after a prefix, as a value: the cache sets OPT can be in (bitmasks
 * over `pages` pages) with the least cost of reaching each, relative to the least of them — the
 * work function of demand paging, as in {@link OptFrontier} but immutable and pruned, so that
 * equal frontiers can be recognised and merged by `exactWorstCase`.
 *
 * Pruning: a set X of cost c_X is dropped when some other set Y has c_Y + |X \ Y| ≤ c_X. From Y
 * an optimum can follow any schedule from X at most |X \ Y| faults dearer (it loads each page
 * of X it lacks at most once, lazily, and evicts a page X no longer holds when full), so X never
 * gives a cheaper completion and the optimum of every extension is unchanged. In particular
 * every kept relative cost is below k. The model is that of `OptFrontier`: an empty cache of k
 * pages at the start, a fault costs 1 and loads the page, evicting one page when full.
 */
export class WorkFunction {
  private constructor(
    /** Cache size. */
    readonly k: number,
    /** Pages are `0..pages-1`. */
    readonly pages: number,
    /** The kept cache sets, increasing. */
    readonly masks: Int32Array,
    /** Cost of each kept set minus the least cost (the least is 0). */
    readonly costs: Int32Array,
  ) {}

  /** The empty cache before any request. Pages at most {@link BRUTE_FORCE_MAX_PAGES}. */
  static initial(k: number, pages: number): WorkFunction {
    checkCacheSize(k);
    if (!Number.isInteger(pages) || pages < 1 || pages > BRUTE_FORCE_MAX_PAGES) {
      throw new InputError(`exact OPT handles 1 to ${BRUTE_FORCE_MAX_PAGES} pages, got ${pages}`);
    }
    return new WorkFunction(k, pages, Int32Array.of(0), Int32Array.of(0));
  }

  /**
   * Serve a request to `page` in every way: the new frontier and `increase`, by how much the
   * optimum of the prefix grew (0 or 1).
   */
  step(page: number, scratch: Scratch): { next: WorkFunction; increase: number } {
    const bit = 1 << page;
    const { cost: to, touched } = scratch.ensure(this.pages);
    let count = 0;
    const k = this.k;
    for (let i = 0; i < this.masks.length; i++) {
      const mask = this.masks[i];
      const c = this.costs[i];
      if ((mask & bit) !== 0) {
        if (to[mask] === INF) touched[count++] = mask;
        if (c < to[mask]) to[mask] = c;
        continue;
      }
      if (popcount(mask) < k) {
        const next = mask | bit;
        if (to[next] === INF) touched[count++] = next;
        if (c + 1 < to[next]) to[next] = c + 1;
        continue;
      }
      for (let rest = mask; rest !== 0; rest &= rest - 1) {
        const next = (mask ^ (rest & -rest)) | bit;
        if (to[next] === INF) touched[count++] = next;
        if (c + 1 < to[next]) to[next] = c + 1;
      }
    }
    let least = INF;
    for (let i = 0; i < count; i++) if (to[touched[i]] < least) least = to[touched[i]];
    // Keep the undominated sets (domination is transitive, so checking against all is exact).
    const kept: number[] = [];
    for (let i = 0; i < count; i++) {
      const x = touched[i];
      const cx = to[x];
      let dominated = false;
      for (let j = 0; j < count && !dominated; j++) {
        if (j === i) continue;
        const y = touched[j];
        if (to[y] + popcount(x & ~y) <= cx) dominated = true;
      }
      if (!dominated) kept.push(x);
    }
    kept.sort((a, b) => a - b);
    const masks = Int32Array.from(kept);
    const costs = new Int32Array(masks.length);
    for (let i = 0; i < masks.length; i++) costs[i] = to[masks[i]] - least;
    for (let i = 0; i < count; i++) to[touched[i]] = INF;
    return { next: new WorkFunction(k, this.pages, masks, costs), increase: least };
  }

  /**
   * How page p looks to the optimum: the sorted costs of the kept sets holding it, as a string
   * (a renaming-invariant label used to order pages canonically).
   */
  signature(p: number): string {
    const bit = 1 << p;
    const mine: number[] = [];
    for (let i = 0; i < this.masks.length; i++) if ((this.masks[i] & bit) !== 0) mine.push(this.costs[i]);
    mine.sort((a, b) => a - b);
    return mine.join(".");
  }

  /** The same frontier with page p renamed `label[p]`. */
  rename(label: Int32Array): WorkFunction {
    const order = Array.from(this.masks, (mask, i) => ({ mask: renameMask(mask, label), cost: this.costs[i] }));
    order.sort((a, b) => a.mask - b.mask);
    return new WorkFunction(
      this.k,
      this.pages,
      Int32Array.from(order, (e) => e.mask),
      Int32Array.from(order, (e) => e.cost),
    );
  }

  /** The frontier with page p renamed `label[p]`, as a string; equal strings mean equal frontiers. */
  encode(label: Int32Array): string {
    const renamed: number[] = [];
    for (let i = 0; i < this.masks.length; i++) {
      renamed.push(renameMask(this.masks[i], label) * 64 + this.costs[i]);
    }
    renamed.sort((a, b) => a - b);
    return renamed.join(",");
  }
}

/** Reusable scratch space of {@link WorkFunction.step} (a cost per cache set). */
export class Scratch {
  private cost = new Int32Array(0);
  private touched = new Int32Array(0);

  /** Arrays for `pages` pages: a cost per cache set (all "unreached") and room for the sets touched. */
  ensure(pages: number): { cost: Int32Array; touched: Int32Array } {
    if (this.cost.length !== 1 << pages) {
      this.cost = new Int32Array(1 << pages).fill(INF);
      this.touched = new Int32Array(1 << pages);
    }
    return { cost: this.cost, touched: this.touched };
  }
}

function renameMask(mask: number, label: Int32Array): number {
  let m = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) m |= 1 << label[31 - Math.clz32(rest & -rest)];
  return m;
}
