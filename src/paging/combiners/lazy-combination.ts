import { InputError } from "../../errors.ts";
import type { CacheState } from "../core/cache.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import { KeyedMinSet } from "../structures/keyed-min-set.ts";
import { partClassesKey, partStepSource, ShadowRun } from "./shadow.ts";

/**
 * Which of its own pages a lazy combiner evicts on a fault, among those the followed part does
 * not hold: `lru` — the least recently requested (the rule ACEPS describe, "we choose the LRU
 * element"); `fifo` — the earliest loaded, which is what ACEPS's `Lazy_update` actually does
 * (its `last_used` is only written when a page is loaded), kept to reproduce their numbers.
 */
export type LazyRule = "lru" | "fifo";

/** Reads the `lazy` parameter (default `lru`). */
export function lazyRule(name: string, raw: number | string | undefined): LazyRule {
  if (raw === undefined || raw === "lru") return "lru";
  if (raw === "fifo") return "fifo";
  throw new InputError(`${name}: lazy must be lru or fifo, got '${raw}'`);
}

/**
 * The machinery shared by combiners that follow one of several parts at a time (Fiat et al.'s
 * deterministic switching, Blum–Burch's randomized one): the parts run in lockstep on their own
 * virtual caches ({@link ShadowRun}), the subclass decides after each request which part to
 * follow, and the combiner's own cache — the real one, whose faults are its cost — is updated
 * lazily (ACEPS's `Lazy_update`): on a fault it evicts, among its pages that the followed part
 * does not hold after serving the request, the one chosen by the {@link LazyRule}.
 *
 * Lazy following never costs more than jumping to the followed part's cache: with
 * Φ = |followed part's cache \ own cache|, a part's load raises Φ by at most 1 and each own
 * fault lowers it by 1, and a switch raises it by at most k. So
 * cost ≤ Σ (cost of the followed part while followed) + k · (requests at which it switched).
 * Such a page always exists: the requested page is in the part's cache but not in a full own
 * cache. Per request: the parts' steps, then for each page a part evicts that the combiner
 * holds an insertion into the set "own cache \ part j's cache", kept for every part so that a
 * switch costs nothing, and at an own fault the set's least recently used page
 * (`KeyedMinSet`: O(1) per insertion and O(k) per own fault for k ≤ 128, where that
 * measured fastest, O(log k) each above). `reset` keeps the buffers when the universe and k
 * are unchanged (a study's noise levels on one trace).
 */
export abstract class LazyCombination implements Policy {
  /** True when some part is offline: the combiner then needs (and passes on) the request array. */
  readonly offline: boolean;
  /** The parts and their virtual caches. */
  protected readonly shadows: ShadowRun;
  /** Index of the part followed now. */
  protected follow = 0;
  private heaps: KeyedMinSet[] = [];
  private keys: Int32Array = new Int32Array(0);
  private cache!: CacheState;
  private advancedAt = -1;
  private readonly recency: boolean;
  private switchStepCount = 0;
  private followedFaultCount = 0;

  /**
   * @param k cache size (the parts' too)
   * @param parts the parts, at least two
   * @param lazy which own page to evict among those the followed part does not hold
   */
  constructor(
    readonly k: number,
    parts: readonly Policy[],
    /** The lazy eviction rule. */
    readonly lazy: LazyRule,
  ) {
    this.shadows = new ShadowRun(k, parts);
    this.offline = this.shadows.offline;
    this.recency = lazy === "lru";
  }

  /** Faults of each part so far in the current run (its standalone cost). */
  get partFaults(): number[] {
    return Array.from(this.shadows.faults);
  }

  /** Requests at which the followed part changed, in the current run. */
  get switchSteps(): number {
    return this.switchStepCount;
  }

  /**
   * Faults of the followed part at the requests where it did not change. The combiner's cost is
   * at most `followedFaults + k · switchSteps` on every run (the accounting above).
   */
  get followedFaults(): number {
    return this.followedFaultCount;
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.shadows.reset(ctx);
    const capacity = Math.min(this.k, ctx.universe);
    // A study resets one instance per noise level on the same trace: keep the sets then.
    if (this.heaps.length > 0 && this.heaps[0].universe === ctx.universe && this.heaps[0].capacity === capacity) {
      for (const heap of this.heaps) heap.clear();
    } else {
      // Keys are written when a page enters the own cache, before it can join a set: never cleared.
      this.keys = new Int32Array(ctx.universe);
      this.heaps = this.shadows.parts.map(() => new KeyedMinSet(this.keys, ctx.universe, capacity));
    }
    this.advancedAt = -1;
    this.follow = 0;
    this.switchStepCount = 0;
    this.followedFaultCount = 0;
    this.start();
  }

  /** Reset the choice state at the start of a run (seeded choices restart here). */
  protected abstract start(): void;

  /**
   * Choose the part to follow after every part has served request t (`shadows.faulted` says
   * which faulted on it, `shadows.faults` their totals); set {@link LazyCombination.follow}.
   * Called only when some part faulted: costs and weights change only then.
   */
  protected abstract choose(t: number): void;

  // Every part serves request t once, before the combiner acts on its own cache; then the sets
  // D_j = own cache \ part j's cache follow the parts' loads and evictions (both happen only on
  // a part's fault, so a request every part hits costs one call per part and nothing else).
  // The classes made by `specializeLazy` do the same with the parts' steps written inline.
  private advance(p: number, t: number): void {
    if (this.advancedAt === t) return;
    this.advancedAt = t;
    const shadows = this.shadows;
    if (shadows.stepAll(shadows.parts, shadows.caches, p, t, shadows.faulted) !== 0) this.afterFaults(p, t);
  }

  // Some part faulted on request t (kept out of `advance`, which then stays small enough to be
  // inlined into the engine's loop).
  private afterFaults(p: number, t: number): void {
    const shadows = this.shadows;
    const parts = shadows.parts;
    const caches = shadows.caches;
    const faulted = shadows.faulted;
    const faults = shadows.faults;
    const resident = this.cache.resident;
    for (let j = 0; j < parts.length; j++) {
      if (faulted[j] === 0) continue;
      faults[j]++;
      const cache = caches[j];
      const heap = this.heaps[j];
      for (let e = 0; e < cache.evictedCount; e++) {
        const q = cache.evicted[e];
        if (resident[q] === 1) heap.add(q);
      }
      if (resident[p] === 1 && heap.has(p)) heap.delete(p);
    }
    const before = this.follow;
    this.choose(t);
    if (this.follow !== before) this.switchStepCount++;
    else this.followedFaultCount += faulted[before];
  }

  onHit(page: number, t: number): void {
    this.advance(page, t);
    // The page is now in every part's cache, so in no D_j: its key can change.
    if (this.recency) this.keys[page] = t;
  }

  makeRoom(page: number, t: number): void {
    this.advance(page, t);
    this.evictOwn(t);
  }

  // The own fault's eviction, once every part has served request t.
  private evictOwn(t: number): void {
    const victim = this.heaps[this.follow].min();
    if (victim < 0) throw new Error(`lazy combiner: every own page is in the followed part's cache at request ${t}`);
    const heaps = this.heaps;
    for (let j = 0; j < heaps.length; j++) if (heaps[j].has(victim)) heaps[j].delete(victim);
    this.cache.evict(victim);
  }

  onInsert(page: number, t: number): void {
    this.advance(page, t);
    this.keys[page] = t;
  }
}

const specialized = new WeakMap<object, Map<string, unknown>>();

/**
 * A subclass of `Base` for combiners over parts of exactly these classes (in order), whose
 * onHit/makeRoom/onInsert serve the parts with their steps written inline: compiled once per
 * (`Base`, tuple of part classes), so each part's methods are called from sites that see one
 * class, and the engine's loop (compiled per class) sees one combiner class — where the shared
 * `advance` called one `stepAll` per tuple through a site that saw them all (the BrightKite
 * study runs three tuples). Same calls in the same order as `Base`, so the same results; the
 * subclass keeps `Base`'s name. Without eval it is `Base` itself.
 */
export function specializeLazy<A extends unknown[], T extends LazyCombination>(Base: new (...args: A) => T, parts: readonly Policy[]): new (...args: A) => T {
  const key = partClassesKey(parts);
  let byParts = specialized.get(Base);
  if (byParts === undefined) specialized.set(Base, (byParts = new Map()));
  let made = byParts.get(key) as (new (...args: A) => T) | undefined;
  if (made === undefined) {
    // Each part and its virtual cache in a field of their own (refreshed at every reset, which
    // replaces the cache list): a request reads them in one step instead of three.
    let fields = "";
    let refresh = "";
    let body = "";
    for (let j = 0; j < parts.length; j++) {
      fields += `  part${j} = null;\n  cache${j} = null;\n`;
      refresh += `    this.part${j} = shadows.parts[${j}];\n    this.cache${j} = shadows.caches[${j}];\n`;
      body += partStepSource(j, `this.part${j}`, `this.cache${j}`);
    }
    // The fields and methods named here are LazyCombination's (private to TypeScript only).
    const source = `return class extends Base {
${fields}
  reset(ctx) {
    super.reset(ctx);
    const shadows = this.shadows;
${refresh}  }
  onHit(p, t) { if (this.advancedAt !== t) this.fastAdvance(p, t); if (this.recency) this.keys[p] = t; }
  makeRoom(p, t) { if (this.advancedAt !== t) this.fastAdvance(p, t); this.evictOwn(t); }
  onInsert(p, t) { if (this.advancedAt !== t) this.fastAdvance(p, t); this.keys[p] = t; }
  fastAdvance(p, t) {
    this.advancedAt = t;
    const faulted = this.shadows.faulted;
    let count = 0;
${body}
    if (count !== 0) this.afterFaults(p, t);
  }
}; // ${Base.name} over parts ${key}`;
    try {
      made = new Function("Base", source)(Base) as new (...args: A) => T;
      Object.defineProperty(made, "name", { value: Base.name });
    } catch {
      made = Base; // no eval: the shared methods, same results
    }
    byParts.set(key, made);
  }
  return made;
}
