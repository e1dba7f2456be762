import { CacheState } from "../core/cache.ts";
import type { Policy, RunContext } from "../core/policy.ts";

/**
 * The virtual cache of a part: a {@link CacheState} that also lists the pages evicted while
 * serving the current request (the combiner reads them to track which of its own pages the part
 * no longer holds). Never records a log.
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

  override evict(p: number): void {
    if (this.resident[p] !== 1) throw new Error(`policy evicted page ${p}, which is not resident`);
    this.resident[p] = 0;
    this.size--;
    this.evicted[this.evictedCount++] = p;
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
 * The parts of a combiner, run in lockstep on their own virtual caches: every request is served
 * by every part exactly as {@link simulate} would serve it alone (same calls, same order, same
 * predictions and, for offline parts, the same request array), so a part's fault count here
 * equals its standalone fault count. Per request: one call per part, no allocation.
 */
export class ShadowRun {
  /** The parts, in expression order. */
  readonly parts: readonly Policy[];
  /** Each part's virtual cache (replaced at every reset). */
  caches: ShadowCache[] = [];
  /** Faults of each part so far (its cost). */
  readonly faults: Float64Array;
  /** 1 if part j faulted on the last request served, else 0. */
  readonly faulted: Uint8Array;
  /** The per-class compiled step of each part (see {@link ShadowRun.step}). */
  readonly stepFns: readonly Step[];

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
  }

  /** True if some part is offline (then the combiner must be offline too). */
  get offline(): boolean {
    return this.parts.some((p) => p.offline === true);
  }

  /** Start a run: fresh caches, every part reset with the combiner's universe and predictions. */
  reset(ctx: RunContext): void {
    this.caches = this.parts.map((part) => {
      const cache = new ShadowCache(this.k, ctx.universe);
      part.reset({
        cache,
        universe: ctx.universe,
        requests: part.offline ? ctx.requests : null,
        predictions: ctx.predictions,
      });
      return cache;
    });
    this.faults.fill(0);
    this.faulted.fill(0);
  }

  /** Serve request t for page p on every part; returns how many parts faulted. */
  step(p: number, t: number): number {
    const parts = this.parts;
    const caches = this.caches;
    const fns = this.stepFns;
    let count = 0;
    for (let j = 0; j < parts.length; j++) {
      const f = fns[j](parts[j], caches[j], p, t);
      this.faulted[j] = f;
      this.faults[j] += f;
      count += f;
    }
    return count;
  }
}
