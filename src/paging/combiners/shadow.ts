import { CacheState } from "../core/cache.ts";
import type { Policy, RunContext } from "../core/policy.ts";

/**
 * The virtual cache of a part: a {@link CacheState} that also lists the pages evicted while
 * serving the current request (the combiner reads them to track which of its own pages the part
 * no longer holds). Keeps a log only while a `TrajectoryMemo` records the part's run.
 */
export class ShadowCache extends CacheState {
  /** Pages evicted during the last request that faulted: `evicted[0 .. evictedCount)`. */
  readonly evicted: Int32Array;
  /** Number of pages evicted during the last request that faulted (reset at each fault). */
  evictedCount = 0;

  /**
   * @param k cache size of the part
   * @param universe pages are dense ids in `[0, universe)`
   */
  constructor(k: number, universe: number) {
    super(k, universe);
    // A request evicts at most every resident page (FWF's flush).
    this.evicted = new Int32Array(Math.min(k, universe));
  }

  /** Empty the cache for a new run (the same k and universe). O(universe). */
  override clear(): void {
    super.clear();
    this.evictedCount = 0;
  }

  override evict(p: number): void {
    if (this.resident[p] !== 1) throw new Error(`policy evicted page ${p}, which is not resident`);
    this.resident[p] = 0;
    this.size--;
    this.evicted[this.evictedCount++] = p;
    if (this.log !== null) this.record(p);
  }
}

/** Serve one request on a part's own cache; 1 on a fault (then `cache.evicted` lists the evictions). */
export type Step = (policy: Policy, cache: ShadowCache, p: number, t: number) => number;

// One request of demand paging on a part's own cache, exactly as the engine serves it: returns
// 1 on a fault. Like the engine's loop it must not refer to anything outside its body: each
// policy class gets a private compiled copy (see stepFor), so the calls to onHit/makeRoom/
// onInsert stay monomorphic even when many kinds of parts run in one process.
function shadowStep(policy: Policy, cache: ShadowCache, p: number, t: number): number {
  if (cache.resident[p] === 1) {
    policy.onHit(p, t);
    return 0;
  }
  cache.evictedCount = 0;
  if (cache.size >= cache.k) {
    cache.now = t;
    policy.makeRoom(p, t);
    if (cache.size >= cache.k) throw new Error("part made no room on a fault with a full cache at request " + t);
  }
  cache.resident[p] = 1;
  cache.size++;
  policy.onInsert(p, t);
  return 1;
}

const steps = new WeakMap<object, Step>();
let stepCopies = 0;

function stepFor(policy: Policy): Step {
  const ctor = Object.getPrototypeOf(policy) as object;
  let step = steps.get(ctor);
  if (step === undefined) {
    try {
      // The numbered comment keeps the sources distinct: V8 shares compiled code (and its type
      // feedback) between identical `new Function` sources.
      step = new Function(`return (${shadowStep.toString()}); // shadow copy ${++stepCopies}`)() as Step;
    } catch {
      step = shadowStep; // no eval: same results, shared feedback
    }
    steps.set(ctor, step);
  }
  return step;
}

/**
 * Serve one request on every part, in order (see {@link ShadowRun.stepAll}): `faulted[j]` := 1
 * if part j faulted, else 0; returns how many faulted.
 */
export type StepAll = (parts: readonly Policy[], caches: readonly ShadowCache[], p: number, t: number, faulted: Uint8Array) => number;

/**
 * Source text of `shadowStep` for part j, written out for generated code (see
 * {@link ShadowRun.stepAll} and the lazy combiners' fast path): in scope it needs `p`, `t`,
 * `faulted`, a `let count`, and the part and its cache as the expressions given (by default
 * `parts[j]` and `caches[j]`); it sets `faulted[j]` and counts a fault. Each generated copy
 * calls the part's onHit/makeRoom/onInsert from a site of its own that sees one class, so
 * they can be inlined.
 */
export function partStepSource(j: number, part = `parts[${j}]`, cache = `caches[${j}]`): string {
  return `{
  const policy = ${part};
  const cache = ${cache};
  if (cache.resident[p] === 1) {
    policy.onHit(p, t);
    faulted[${j}] = 0;
  } else {
    cache.evictedCount = 0;
    if (cache.size >= cache.k) {
      cache.now = t;
      policy.makeRoom(p, t);
      if (cache.size >= cache.k) throw new Error("part made no room on a fault with a full cache at request " + t);
    }
    cache.resident[p] = 1;
    cache.size++;
    policy.onInsert(p, t);
    faulted[${j}] = 1;
    count++;
  }
}
`;
}

// `shadowStep` for parts 0 … m−1 written out one after the other, compiled once per tuple of
// part classes: calling the per-class steps from one loop went through a generic call per part
// and request (a combiner of two cheap parts spent ~40% of its time there).
function stepAllSource(m: number): string {
  let body = "let count = 0;\n";
  for (let j = 0; j < m; j++) body += partStepSource(j);
  return `${body}return count;`;
}

const classIds = new WeakMap<object, number>();
let classCount = 0;
const stepAlls = new Map<string, StepAll>();

/**
 * A key naming the classes of `parts` in order (equal keys: same classes), for caching code
 * generated per tuple of part classes.
 */
export function partClassesKey(parts: readonly Policy[]): string {
  return parts
    .map((part) => {
      const ctor = Object.getPrototypeOf(part) as object;
      let id = classIds.get(ctor);
      if (id === undefined) classIds.set(ctor, (id = classCount++));
      return id;
    })
    .join(",");
}

function stepAllFor(parts: readonly Policy[], fns: readonly Step[]): StepAll {
  const key = partClassesKey(parts);
  let all = stepAlls.get(key);
  if (all === undefined) {
    try {
      all = new Function("parts", "caches", "p", "t", "faulted", `${stepAllSource(parts.length)}\n// parts ${key}`) as StepAll;
    } catch {
      // No eval: the per-class steps in a loop, same results.
      return (ps, caches, p, t, faulted) => {
        let count = 0;
        for (let j = 0; j < ps.length; j++) count += faulted[j] = fns[j](ps[j], caches[j], p, t);
        return count;
      };
    }
    stepAlls.set(key, all);
  }
  return all;
}

/**
 * The parts of a combiner, run in lockstep on their own virtual caches: every request is served
 * by every part exactly as {@link simulate} would serve it alone (same calls, same order, same
 * predictions and, for offline parts, the same request array), so a part's fault count here
 * equals its standalone fault count. Per request: one call per part, no allocation.
 */
export class ShadowRun {
  /** The parts, in expression order. */
  readonly parts: readonly Policy[];
  /** Each part's virtual cache (emptied at every reset, replaced when the universe changes). */
  caches: ShadowCache[] = [];
  /** Faults of each part so far (its cost). */
  readonly faults: Float64Array;
  /** 1 if part j faulted on the last request served, else 0. */
  readonly faulted: Uint8Array;
  /** The per-class compiled step of each part (see {@link ShadowRun.step}). */
  readonly stepFns: readonly Step[];
  /**
   * Every part's step at once, compiled for this tuple of part classes: call it as
   * `stepAll(parts, caches, p, t, faulted)`; it fills `faulted` but leaves `faults` to the caller
   * ({@link ShadowRun.step} does both).
   */
  readonly stepAll: StepAll;

  /**
   * @param k cache size; every part must have been built for the same k
   * @param parts the parts, at least one
   */
  constructor(readonly k: number, parts: readonly Policy[]) {
    if (parts.length === 0) throw new Error("a shadow run needs at least one part");
    for (const part of parts) {
      if (part.k !== k) throw new Error(`part built for k=${part.k} inside a combiner with k=${k}`);
    }
    this.parts = parts;
    this.faults = new Float64Array(parts.length);
    this.faulted = new Uint8Array(parts.length);
    this.stepFns = parts.map(stepFor);
    this.stepAll = stepAllFor(parts, this.stepFns);
  }

  /** True if some part is offline (then the combiner must be offline too). */
  get offline(): boolean {
    return this.parts.some((p) => p.offline === true);
  }

  /** Start a run: empty caches, every part reset with the combiner's universe and predictions. */
  reset(ctx: RunContext): void {
    // A study resets one instance per noise level on the same trace: reuse the caches then.
    const reuse = this.caches.length > 0 && this.caches[0].universe === ctx.universe;
    this.caches = this.parts.map((part, j) => {
      const cache = reuse ? this.caches[j] : new ShadowCache(this.k, ctx.universe);
      if (reuse) cache.clear();
      part.reset({
        cache,
        universe: ctx.universe,
        requests: part.offline ? ctx.requests : null,
        predictions: ctx.predictions,
        // A part that declares its run replayable finds (or records) it here.
        memo: ctx.memo,
      });
      return cache;
    });
    this.faults.fill(0);
    this.faulted.fill(0);
  }

  /** Serve request t for page p on every part; returns how many parts faulted. */
  step(p: number, t: number): number {
    const count = this.stepAll(this.parts, this.caches, p, t, this.faulted);
    if (count > 0) for (let j = 0; j < this.parts.length; j++) this.faults[j] += this.faulted[j];
    return count;
  }
}
