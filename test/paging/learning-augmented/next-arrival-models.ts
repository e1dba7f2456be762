import { add, type Fraction } from "mathjs";
import { frac } from "../../../src/proofs-check/exact.ts";

// Obvious array-based models of the next-arrival algorithms, written from their definitions as
// the reference Python code (github adampolak/mts-with-predictions) states them: the cache is a
// list of k slots (filled in order; an inserted page takes its victim's slot), marks belong to
// slots, and `max((pred, slot))` picks the last slot among equal predictions. Random choices go
// through a Chooser, so a test can replay an implementation's choices (checking that each is
// allowed) or enumerate every outcome for exact expectations.

/** Picks one of `options` (pages, in slot order) at the `eviction`-th eviction of the run. */
export type Chooser = (options: readonly number[], eviction: number) => number;

/** Faults and evicted pages of a model run; `random[j]` says whether eviction j was a random choice. */
export interface ModelRun {
  faults: number;
  evicted: number[];
  random: boolean[];
}

const noChoice: Chooser = () => {
  throw new Error("a deterministic model made a random choice");
};

/** FollowPred / BlindOracle: evict the first slot holding the largest prediction. */
export function blindOracleModel(requests: ArrayLike<number>, h: ArrayLike<number>, k: number): ModelRun {
  const slots: number[] = [];
  const pred: number[] = [];
  const run: ModelRun = { faults: 0, evicted: [], random: [] };
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    const i = slots.indexOf(p);
    if (i >= 0) {
      pred[i] = h[t];
      continue;
    }
    run.faults++;
    if (slots.length < k) {
      slots.push(p);
      pred.push(h[t]);
      continue;
    }
    let v = 0;
    for (let j = 1; j < k; j++) if (pred[j] > pred[v]) v = j;
    run.evicted.push(slots[v]);
    run.random.push(false);
    slots[v] = p;
    pred[v] = h[t];
  }
  return run;
}

/** The marking algorithms that differ only in the victim rule. */
export type MarkingRule = "predictive-marker" | "lmarker" | "follow-pred-marking";

/** H_k in floating point, summed as the reference code sums it. */
function harmonicFloat(k: number): number {
  let h = 1;
  for (let i = 2; i <= k; i++) h += 1 / i;
  return h;
}

/**
 * PredictiveMarker (L&V), LMarker (Rohatgi) and FollowPredMarking as marking algorithms over
 * slots: a phase starts at a fault with every slot marked (stale set := cache, unmark all,
 * forget the chains).
 */
export function markingModel(rule: MarkingRule, requests: ArrayLike<number>, h: ArrayLike<number>, k: number, choose: Chooser = noChoice): ModelRun {
  const slots: number[] = [];
  const pred: number[] = [];
  const marked: boolean[] = [];
  let stale = new Set<number>();
  let chains: { rep: number; length: number }[] = [];
  const hk = harmonicFloat(k);
  const run: ModelRun = { faults: 0, evicted: [], random: [] };
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    const i = slots.indexOf(p);
    if (i >= 0) {
      pred[i] = h[t];
      marked[i] = true;
      continue;
    }
    run.faults++;
    if (slots.length < k) {
      slots.push(p);
      pred.push(h[t]);
      marked.push(true);
      continue;
    }
    if (marked.every(Boolean)) {
      stale = new Set(slots);
      marked.fill(false);
      chains = [];
    }
    const unmarked = slots.map((_, j) => j).filter((j) => !marked[j]);
    const furthest = (): number => unmarked.reduce((best, j) => (pred[j] >= pred[best] ? j : best));
    const random = (): number => pickSlot(slots, unmarked, choose, run.evicted.length);
    let v: number;
    let isRandom = false;
    if (rule === "follow-pred-marking") {
      v = furthest();
    } else if (rule === "lmarker") {
      isRandom = stale.has(p);
      v = isRandom ? random() : furthest();
    } else if (!stale.has(p)) {
      v = furthest();
      chains.push({ rep: slots[v], length: 1 });
    } else {
      const chain = chains.find((c) => c.rep === p);
      if (chain === undefined) throw new Error(`model: stale page ${p} represents no chain`);
      chain.length++;
      isRandom = chain.length > hk;
      v = isRandom ? random() : furthest();
      chain.rep = slots[v];
    }
    run.evicted.push(slots[v]);
    run.random.push(isRandom);
    slots[v] = p;
    pred[v] = h[t];
    marked[v] = true;
  }
  return run;
}

/**
 * The reference's LNonMarker_nonrobust: k-phases of σ tracked on every request; stale set :=
 * cache at a phase start; a returning stale page evicted by a non-stale one evicts a random slot
 * of the whole cache, another returning stale page a random unmarked slot; clean pages evict the
 * furthest-predicted unmarked slot.
 */
export function lnonmarkerModel(requests: ArrayLike<number>, h: ArrayLike<number>, k: number, choose: Chooser): ModelRun {
  const slots: number[] = [];
  const pred: number[] = [];
  const marked: boolean[] = [];
  let phase = new Set<number>();
  let stale = new Set<number>();
  let evictor = new Map<number, number>();
  const run: ModelRun = { faults: 0, evicted: [], random: [] };
  for (let t = 0; t < requests.length; t++) {
    const p = requests[t];
    if (!phase.has(p)) {
      phase.add(p);
      if (phase.size === k + 1) {
        stale = new Set(slots);
        marked.fill(false);
        evictor = new Map();
        phase = new Set([p]);
      }
    }
    const i = slots.indexOf(p);
    if (i >= 0) {
      pred[i] = h[t];
      marked[i] = true;
      continue;
    }
    run.faults++;
    if (slots.length < k) {
      slots.push(p);
      pred.push(h[t]);
      marked.push(true);
      continue;
    }
    const unmarked = slots.map((_, j) => j).filter((j) => !marked[j]);
    let v: number;
    let isRandom = true;
    if (!stale.has(p)) {
      v = unmarked.reduce((best, j) => (pred[j] >= pred[best] ? j : best));
      isRandom = false;
    } else {
      const q = evictor.get(p);
      if (q === undefined) throw new Error(`model: stale page ${p} returned without an evictor`);
      const everySlot = slots.map((_, j) => j);
      v = pickSlot(slots, stale.has(q) ? unmarked : everySlot, choose, run.evicted.length);
    }
    evictor.set(slots[v], p);
    run.evicted.push(slots[v]);
    run.random.push(isRandom);
    slots[v] = p;
    pred[v] = h[t];
    marked[v] = true;
  }
  return run;
}

function pickSlot(slots: number[], candidates: number[], choose: Chooser, eviction: number): number {
  if (candidates.length === 0) throw new Error("model: a random choice among no pages");
  const page = choose(
    candidates.map((j) => slots[j]),
    eviction,
  );
  const v = slots.indexOf(page);
  if (!candidates.includes(v)) throw new Error(`choice ${page} is not among [${candidates.map((j) => slots[j]).join(" ")}]`);
  return v;
}

/** A Chooser that replays the victims an implementation evicted (the model checks each is allowed). */
export function replay(evicted: ArrayLike<number>): Chooser {
  return (_options, eviction) => evicted[eviction];
}

/**
 * The exact expectation of `run`'s result over its random choices, each uniform over its
 * options — by enumerating every sequence of outcomes (an odometer over the choice points; a
 * path of choices with m_1, m_2, … options has probability Π 1/m_j). Exponential: tiny
 * instances only; `maxPaths` guards against blow-up.
 */
export function exactExpectation(run: (choose: Chooser) => number, maxPaths = 200_000): Fraction {
  const script: number[] = [];
  const widths: number[] = [];
  let total = frac(0);
  for (let paths = 1; ; paths++) {
    if (paths > maxPaths) throw new Error(`more than ${maxPaths} random paths`);
    let depth = 0;
    let denominator = 1n;
    const value = run((options) => {
      if (depth === script.length) {
        script.push(0);
        widths.push(options.length);
      } else if (widths[depth] !== options.length) {
        throw new Error("the same choice prefix led to a different choice point");
      }
      denominator *= BigInt(options.length);
      return options[script[depth++]];
    });
    total = add(total, frac(BigInt(value), denominator)) as Fraction;
    let d = script.length - 1;
    while (d >= 0 && script[d] + 1 >= widths[d]) d--;
    if (d < 0) return total;
    script[d]++;
    script.length = d + 1;
    widths.length = d + 1;
  }
}

/**
 * Trust&Doubt as the reference code runs it in the study: `LazyTrustDoubt` fed with the cache
 * history of FollowPred on the same next-arrival predictions. A literal transcription of the
 * reference's `TrustDoubt` (sets and lists, one pass per request) and `Lazy_update`; its only
 * random step, the per-phase priorities, takes the stale pages in order of last request (oldest
 * first) and shuffles them by
 * Fisher–Yates with `rng` (i from the last position down, j = rng.int(i + 1)) — the
 * implementation's documented procedure, so both see the same priorities for the same seed.
 */
export function trustAndDoubtModel(requests: ArrayLike<number>, h: ArrayLike<number>, k: number, rng: { int(n: number): number }): ModelRun {
  const n = requests.length;
  // predicted[t] = FollowPred's cache after serving request t.
  const predicted: Set<number>[] = [];
  {
    const slots: number[] = [];
    const pred: number[] = [];
    for (let t = 0; t < n; t++) {
      const p = requests[t];
      let i = slots.indexOf(p);
      if (i < 0 && slots.length < k) i = slots.push(p) - 1;
      else if (i < 0) {
        i = 0;
        for (let j = 1; j < k; j++) if (pred[j] > pred[i]) i = j;
        slots[i] = p;
      }
      pred[i] = h[t];
      predicted.push(new Set(slots));
    }
  }
  const goal = new Set<number>(); // TrustDoubt's cache (its slots do not matter)
  const lastSeen = new Map<number, number>();
  let newElements: number[] = [];
  let ancient = new Set<number>();
  let cold = true; // the reference's first-phase ancient set holds None, so it never empties
  let stale: number[] = [];
  const priority = new Map<number, number>();
  let unmarkedStale = new Set<number>();
  let cleanEvict = new Map<number, number | null>();
  let trusted = new Map<number, boolean>();
  let cleanPages: number[] = [];
  let arrival = new Map<number, number>();
  let intervalArrivals = new Map<number, number>();
  let intervalLength = new Map<number, number>();
  const lruOf = (candidates: Iterable<number>): number | undefined => {
    let best: number | undefined;
    for (const x of candidates) if (best === undefined || lastSeen.get(x)! < lastSeen.get(best)!) best = x;
    return best;
  };
  const pqCandidates = (t: number): number[] => {
    const values = new Set(cleanEvict.values());
    return [...new Set([...unmarkedStale, ...newElements])].filter((x) => !predicted[t].has(x) && !values.has(x));
  };
  // Lazy follower.
  const lazy: number[] = [];
  const loadedAt = new Map<number, number>();
  const run: ModelRun = { faults: 0, evicted: [], random: [] };
  for (let t = 0; t < n; t++) {
    const r = requests[t];
    lastSeen.set(r, t);
    if (!newElements.includes(r)) newElements.push(r);
    if (newElements.length > k || t === 0) {
      ancient = new Set([...goal].filter((x) => !newElements.includes(x)));
      cold = t === 0;
      stale = [...goal].filter((x) => !ancient.has(x)).sort((a, b) => lastSeen.get(a)! - lastSeen.get(b)!);
      for (let i = stale.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [stale[i], stale[j]] = [stale[j], stale[i]];
      }
      priority.clear();
      stale.forEach((x, i) => priority.set(x, i));
      cleanEvict = new Map();
      trusted = new Map();
      cleanPages = [];
      unmarkedStale = new Set(stale);
      arrival = new Map();
      intervalArrivals = new Map();
      intervalLength = new Map();
      newElements = [r];
    }
    if (!arrival.has(r)) {
      intervalArrivals.set(r, arrival.size);
      arrival.set(r, t);
    }
    unmarkedStale.delete(r);
    if (cold || ancient.size > 0) {
      ancient.delete(r);
      if (!goal.has(r)) {
        if (goal.size < k) goal.add(r);
        else {
          let candidates = [...ancient].filter((x) => !predicted[t].has(x));
          if (candidates.length === 0) candidates = [...ancient];
          const evict = lruOf(candidates);
          if (evict === undefined) throw new Error("model: no ancient page");
          ancient.delete(evict);
          goal.delete(evict);
          goal.add(r);
        }
      }
    } else {
      if (!stale.includes(r) && arrival.get(r) === t) cleanPages.push(r);
      if (!goal.has(r)) {
        const inCache = [...unmarkedStale].filter((x) => goal.has(x));
        if (inCache.length === 0) throw new Error("model: step 1 has no candidate");
        const victim = inCache.reduce((a, b) => (priority.get(a)! < priority.get(b)! ? a : b));
        goal.delete(victim);
        goal.add(r);
      }
      if (cleanPages.includes(r) && arrival.get(r) === t) {
        const x = lruOf(pqCandidates(t));
        if (x === undefined) throw new Error("model: step 2 has no candidate");
        cleanEvict.set(r, x);
        trusted.set(r, true);
        intervalLength.set(r, 1);
      }
      for (const [q, pq] of cleanEvict) {
        if (r === pq) {
          const x = lruOf(pqCandidates(t));
          if (x === undefined) throw new Error("model: step 3 has no candidate");
          cleanEvict.set(q, x);
          trusted.set(q, false);
          intervalArrivals.set(q, arrival.size);
          break;
        }
      }
      if (arrival.get(r) === t) {
        for (const q of cleanPages) {
          if (arrival.size - intervalArrivals.get(q)! !== intervalLength.get(q)!) continue;
          intervalArrivals.set(q, arrival.size);
          if (!trusted.get(q)) {
            intervalLength.set(q, intervalLength.get(q)! * 2);
            trusted.set(q, true);
          }
          const pq = cleanEvict.get(q)!;
          if (pq === null || !goal.has(pq)) continue;
          goal.delete(pq);
          const T = new Set([...trusted].filter(([, v]) => v).map(([x]) => cleanEvict.get(x)));
          const candidates = [...unmarkedStale].filter((x) => !goal.has(x) && !T.has(x));
          if (candidates.length === 0) throw new Error("model: step 4 has no candidate");
          goal.add(candidates.reduce((a, b) => (priority.get(a)! > priority.get(b)! ? a : b)));
        }
      }
    }
    if (!goal.has(r)) throw new Error(`model: request ${t} not in TrustDoubt's cache`);
    // Lazy_update: evict the earliest-loaded page not in TrustDoubt's cache.
    if (lazy.includes(r)) continue;
    run.faults++;
    if (lazy.length === k) {
      const candidates = lazy.filter((x) => !goal.has(x));
      const victim = candidates.reduce((a, b) => (loadedAt.get(a)! < loadedAt.get(b)! ? a : b));
      lazy.splice(lazy.indexOf(victim), 1);
      run.evicted.push(victim);
      run.random.push(false);
    }
    lazy.push(r);
    loadedAt.set(r, t);
  }
  return run;
}
