import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo } from "../registry.ts";
import { Rng } from "../core/rng.ts";

const NONE = -1;
/** "No layer end in this range" for the max-prefix aggregate. */
const NO_END = -(2 ** 30);

/**
 * OnlineMin (Brodal, Moruz & Negoescu, "OnlineMin: A Fast Strongly Competitive Randomized
 * Paging Algorithm", WAOA 2011 / Theory Comput. Syst. 56, 2015): H_k-competitive — "optimal
 * competitiveness" [P abstract], H_k being the lower bound for randomized paging (Fiat et al.
 * 1991) — the robust baseline for the learning-augmented algorithms.
 *
 * The paper's body could not be read here; the rule below is reconstructed from the public
 * implementation in Natureal/ICML-Cache-Coliseum (cache/evict/algorithms.py, `OnlineMinAlgorithm`
 * [C]) and checked against a literal re-implementation of that rule in the tests:
 *
 * - Pages of the support are arranged in layers L_1..L_k (Equitable2's layer representation of
 *   the offline work function); every other page is in L_0. A request to p ∈ L_i updates them
 *   to (…, L_{i−1} ∪ (L_i \ {p}), L_{i+1}, …, L_k, {p}) for i ≥ 1 (for i = 1 the rest of L_1 falls
 *   to L_0), and to (…, L_{k−1} ∪ L_k, {p}) for i = 0. "Forgiveness" bounds the support: an L_0
 *   request when the support already holds 3k pages drops L_1 to L_0 instead,
 *   (L_2, …, L_k, {p}) [C: `max_support_factor = 3`].
 * - Each page entering the support gets a uniformly random priority, kept while it stays.
 * - On a fault on p ∈ L_i (i ≥ 1, or i = 1 under forgiveness), let j ≥ i be the smallest index
 *   with |cache ∩ (L_1 ∪ … ∪ L_j)| = j; evict the lowest-priority cached page of L_1 ∪ … ∪ L_j.
 *   On a fault on p ∈ L_0, evict the lowest-priority cached page.
 * - Start (empty cache; the paper starts from k cached pages): no layers until the cache first
 *   fills; then L_1..L_k are its pages as singletons, least recently requested first [C].
 *
 * Given its priorities the algorithm is deterministic, and the tests find its cache always equal
 * to the highest-priority "valid" set (the greedy basis of the laminar matroid |C ∩ (L_1 ∪ … ∪
 * L_j)| ≤ j) — the structure behind the name. Cost per request: O(log k) word operations on a
 * segment tree over layer slots (the paper's bound, by a different structure), amortized O(1)
 * for relabelling; no allocation after `reset`.
 */
export class OnlineMin implements Policy {
  private cache!: CacheState;
  private rng!: Rng;
  private initialized = false;
  /** Most support pages (forgiveness threshold), 3k capped by the universe. */
  private maxSupport = 0;
  private supportSize = 0;
  // Slots: one per request after which a page sat in its own layer; `home[p]` is the slot of
  // p's latest request while p is in the support. A layer is a run of slots ending at an end
  // mark; slots before `supportStart` are L_0.
  private home!: Int32Array;
  private priority!: Float64Array;
  private owner!: Int32Array;
  private cached!: Uint8Array;
  private end!: Uint8Array;
  private supportStart = 0;
  private nextSlot = 0;
  private capacity = 0;
  // Segment tree over slots (leaves at [capacity, 2·capacity)): Σ(cached − end), the largest
  // prefix sum ending at an end mark, the number of end marks, and the lowest cached priority.
  private sum!: Int32Array;
  private maxPre!: Int32Array;
  private ends!: Int32Array;
  private minPrio!: Float64Array;
  private minSlot!: Int32Array;
  // What makeRoom decided, for onInsert: 0 = L_0 request, 1 = L_0 with forgiveness, 2 = in support.
  private pendingCase = 0;
  private pendingLayerEnd = NONE;
  // Scratch stack for the canonical nodes of a range query (≤ 2 per tree level).
  private stack = new Int32Array(128);

  constructor(
    readonly k: number,
    /** Seed of the priorities; every `reset` restarts from it. */
    readonly seed: number,
    /** Support size that triggers forgiveness, as a multiple of k (default 3). */
    readonly supportFactor = 3,
  ) {}

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.rng = new Rng(this.seed);
    const universe = ctx.universe;
    const kk = Math.min(this.k, universe);
    this.maxSupport = Math.min(this.supportFactor * this.k, universe);
    // Live slots ≤ support + k ≤ 4k; twice that leaves room for ≥ 4k requests between relabels.
    let c = 16;
    while (c < 8 * kk + 8) c *= 2;
    this.capacity = c;
    this.home = new Int32Array(universe).fill(NONE);
    this.priority = new Float64Array(universe);
    this.owner = new Int32Array(c).fill(NONE);
    this.cached = new Uint8Array(c);
    this.end = new Uint8Array(c);
    this.sum = new Int32Array(2 * c);
    this.maxPre = new Int32Array(2 * c).fill(NO_END);
    this.ends = new Int32Array(2 * c);
    this.minPrio = new Float64Array(2 * c).fill(Infinity);
    this.minSlot = new Int32Array(2 * c).fill(NONE);
    this.supportStart = 0;
    this.nextSlot = 0;
    this.supportSize = 0;
    this.initialized = false;
  }

  onHit(page: number): void {
    if (!this.initialized) {
      // Warm-up: the page's singleton layer moves to the top.
      const h = this.home[page];
      this.owner[h] = NONE;
      this.cached[h] = 0;
      this.end[h] = 0;
      this.pull(h);
      this.place(page);
      return;
    }
    this.moveFromLayer(page, this.firstEndAtOrAfter(this.home[page]));
    this.place(page);
  }

  makeRoom(page: number): void {
    const h = this.home[page];
    let victimSlot: number;
    if (h === NONE) {
      if (this.supportSize >= this.maxSupport) {
        this.pendingCase = 1;
        victimSlot = this.minCachedUpTo(this.firstTightEnd(this.supportStart));
      } else {
        this.pendingCase = 0;
        victimSlot = this.minSlot[1];
      }
    } else {
      this.pendingCase = 2;
      this.pendingLayerEnd = this.firstEndAtOrAfter(h);
      victimSlot = this.minCachedUpTo(this.firstTightEnd(this.pendingLayerEnd));
    }
    const victim = this.owner[victimSlot];
    this.cached[victimSlot] = 0;
    this.pull(victimSlot);
    this.cache.evict(victim);
  }

  onInsert(page: number): void {
    if (!this.initialized) {
      this.enterSupport(page);
      this.place(page);
      if (this.cache.size >= this.k) this.initialized = true;
      return;
    }
    if (this.pendingCase === 2) {
      this.moveFromLayer(page, this.pendingLayerEnd);
    } else if (this.pendingCase === 1) {
      this.dropFirstLayer(this.firstEndAtOrAfter(this.supportStart));
      this.enterSupport(page);
    } else {
      // L_{k−1} ∪ L_k: remove the end mark below the top layer (k = 1: L_1 falls to L_0).
      const top = this.lastEndBefore(this.nextSlot);
      const below = this.lastEndBefore(top);
      if (below === NONE) this.dropFirstLayer(top);
      else this.unmarkEnd(below);
      this.enterSupport(page);
    }
    this.place(page);
  }

  /**
   * The support by layer, L_1 first (L_1..L_k once the cache has filled; during warm-up one
   * singleton per page), with every support page's priority — for tests and inspection.
   */
  layersSnapshot(): { layers: number[][]; priority: Map<number, number> } {
    const layers: number[][] = [];
    let current: number[] = [];
    const priority = new Map<number, number>();
    for (let s = this.supportStart; s < this.nextSlot; s++) {
      const p = this.owner[s];
      if (p !== NONE) {
        current.push(p);
        priority.set(p, this.priority[p]);
      }
      if (this.end[s] === 1) {
        layers.push(current);
        current = [];
      }
    }
    return { layers, priority };
  }

  // p leaves its layer (ending at layerEnd): that layer merges into the one below, or falls to
  // L_0 if it is L_1 (p itself stays in the support and is placed on top by the caller).
  private moveFromLayer(page: number, layerEnd: number): void {
    const h = this.home[page];
    const below = this.lastEndBefore(h);
    this.owner[h] = NONE;
    this.cached[h] = 0;
    this.pull(h);
    if (below === NONE) this.dropFirstLayer(layerEnd);
    else this.unmarkEnd(below);
  }

  private enterSupport(page: number): void {
    // 53 random bits: ties between live priorities are negligible.
    this.priority[page] = (this.rng.nextU32() * 2097152 + (this.rng.nextU32() >>> 11)) / 9007199254740992;
    this.supportSize++;
  }

  // Put page (in the support, in the cache) alone in a new top layer.
  private place(page: number): void {
    if (this.nextSlot === this.capacity) this.relabel();
    const s = this.nextSlot++;
    this.owner[s] = page;
    this.home[page] = s;
    this.cached[s] = 1;
    this.end[s] = 1;
    this.pull(s);
  }

  // Slots [supportStart, layerEnd] fall to L_0.
  private dropFirstLayer(layerEnd: number): void {
    for (let s = this.supportStart; s <= layerEnd; s++) {
      const p = this.owner[s];
      if (p !== NONE) {
        // A cached page cannot be left here: the eviction rule took it (|cache ∩ L_1| ≤ 1).
        if (this.cached[s] === 1) throw new Error(`OnlineMin: cached page ${p} dropped from the support`);
        this.home[p] = NONE;
        this.supportSize--;
        this.owner[s] = NONE;
      }
      // Only an end mark is in the tree here (an uncached owner contributes nothing).
      if (this.end[s] === 1) {
        this.end[s] = 0;
        this.pull(s);
      }
    }
    this.supportStart = layerEnd + 1;
  }

  private unmarkEnd(s: number): void {
    this.end[s] = 0;
    this.pull(s);
  }

  // Recompute leaf s and its ancestors.
  private pull(s: number): void {
    let i = s + this.capacity;
    const cached = this.cached[s];
    const isEnd = this.end[s];
    this.sum[i] = cached - isEnd;
    this.maxPre[i] = isEnd === 1 ? cached - 1 : NO_END;
    this.ends[i] = isEnd;
    this.minPrio[i] = cached === 1 ? this.priority[this.owner[s]] : Infinity;
    this.minSlot[i] = cached === 1 ? s : NONE;
    const sum = this.sum;
    const maxPre = this.maxPre;
    const minPrio = this.minPrio;
    for (i >>= 1; i >= 1; i >>= 1) {
      const l = 2 * i;
      const r = l + 1;
      sum[i] = sum[l] + sum[r];
      const right = maxPre[r] === NO_END ? NO_END : sum[l] + maxPre[r];
      maxPre[i] = maxPre[l] > right ? maxPre[l] : right;
      this.ends[i] = this.ends[l] + this.ends[r];
      if (minPrio[r] < minPrio[l]) {
        minPrio[i] = minPrio[r];
        this.minSlot[i] = this.minSlot[r];
      } else {
        minPrio[i] = minPrio[l];
        this.minSlot[i] = this.minSlot[l];
      }
    }
  }

  private rangeSum(lo: number, hi: number): number {
    // Σ over slots [lo, hi).
    let total = 0;
    for (lo += this.capacity, hi += this.capacity; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) total += this.sum[lo++];
      if (hi & 1) total += this.sum[--hi];
    }
    return total;
  }

  // The first end slot z ≥ x whose prefix sum from supportStart is 0, i.e. the smallest tight
  // layer at or above x's (prefix sums at ends never exceed 0).
  private firstTightEnd(x: number): number {
    const c = this.capacity;
    let acc = this.rangeSum(this.supportStart, x);
    // Canonical nodes covering [x, c), left to right.
    let node = x + c;
    const right = this.stack;
    let top = 0;
    for (let hi = 2 * c; node < hi; node >>= 1, hi >>= 1) {
      if (node & 1) {
        if (acc + this.maxPre[node] >= 0 && this.maxPre[node] !== NO_END) return this.descendTight(node, acc);
        acc += this.sum[node++];
      }
      if (hi & 1) right[top++] = --hi;
    }
    for (let i = top - 1; i >= 0; i--) {
      const n = right[i];
      if (this.maxPre[n] !== NO_END && acc + this.maxPre[n] >= 0) return this.descendTight(n, acc);
      acc += this.sum[n];
    }
    throw new Error("OnlineMin: no tight layer (the top layer always is)");
  }

  private descendTight(node: number, acc: number): number {
    while (node < this.capacity) {
      const l = 2 * node;
      if (this.maxPre[l] !== NO_END && acc + this.maxPre[l] >= 0) node = l;
      else {
        acc += this.sum[l];
        node = l + 1;
      }
    }
    return node - this.capacity;
  }

  // Slot of the lowest-priority cached page in [supportStart, z].
  private minCachedUpTo(z: number): number {
    let best = Infinity;
    let slot = NONE;
    for (let lo = this.supportStart + this.capacity, hi = z + 1 + this.capacity; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) {
        if (this.minPrio[lo] < best || (this.minPrio[lo] === best && this.minSlot[lo] < slot)) {
          best = this.minPrio[lo];
          slot = this.minSlot[lo];
        }
        lo++;
      }
      if (hi & 1) {
        --hi;
        if (this.minPrio[hi] < best || (this.minPrio[hi] === best && this.minSlot[hi] < slot)) {
          best = this.minPrio[hi];
          slot = this.minSlot[hi];
        }
      }
    }
    if (slot === NONE) throw new Error("OnlineMin: no cached page in the tight prefix");
    return slot;
  }

  private firstEndAtOrAfter(x: number): number {
    const c = this.capacity;
    let node = x + c;
    const right = this.stack;
    let top = 0;
    for (let hi = 2 * c; node < hi; node >>= 1, hi >>= 1) {
      if (node & 1) {
        if (this.ends[node] > 0) return this.descendFirstEnd(node);
        node++;
      }
      if (hi & 1) right[top++] = --hi;
    }
    for (let i = top - 1; i >= 0; i--) if (this.ends[right[i]] > 0) return this.descendFirstEnd(right[i]);
    throw new Error("OnlineMin: no layer end above a support page");
  }

  private descendFirstEnd(node: number): number {
    while (node < this.capacity) node = this.ends[2 * node] > 0 ? 2 * node : 2 * node + 1;
    return node - this.capacity;
  }

  // The last end slot < x within the support, or NONE.
  private lastEndBefore(x: number): number {
    const c = this.capacity;
    let lo = this.supportStart + c;
    let hi = x + c;
    const left = this.stack;
    let top = 0;
    for (; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) left[top++] = lo++;
      if (hi & 1) {
        --hi;
        if (this.ends[hi] > 0) return this.descendLastEnd(hi);
      }
    }
    for (let i = top - 1; i >= 0; i--) if (this.ends[left[i]] > 0) return this.descendLastEnd(left[i]);
    return NONE;
  }

  private descendLastEnd(node: number): number {
    while (node < this.capacity) node = this.ends[2 * node + 1] > 0 ? 2 * node + 1 : 2 * node;
    return node - this.capacity;
  }

  // Renumber the live slots (owned or layer ends) 0, 1, … in order, and rebuild the tree.
  private relabel(): void {
    let to = 0;
    for (let s = this.supportStart; s < this.nextSlot; s++) {
      const p = this.owner[s];
      if (p === NONE && this.end[s] === 0) continue;
      this.owner[to] = p;
      this.cached[to] = this.cached[s];
      this.end[to] = this.end[s];
      if (p !== NONE) this.home[p] = to;
      to++;
    }
    if (to >= this.capacity) throw new Error("OnlineMin: more live slots than capacity");
    this.owner.fill(NONE, to);
    this.cached.fill(0, to);
    this.end.fill(0, to);
    this.supportStart = 0;
    this.nextSlot = to;
    const c = this.capacity;
    for (let s = 0; s < c; s++) {
      const i = s + c;
      const cached = this.cached[s];
      const isEnd = this.end[s];
      this.sum[i] = cached - isEnd;
      this.maxPre[i] = isEnd === 1 ? cached - 1 : NO_END;
      this.ends[i] = isEnd;
      this.minPrio[i] = cached === 1 ? this.priority[this.owner[s]] : Infinity;
      this.minSlot[i] = cached === 1 ? s : NONE;
    }
    for (let i = c - 1; i >= 1; i--) {
      const l = 2 * i;
      const r = l + 1;
      this.sum[i] = this.sum[l] + this.sum[r];
      const right = this.maxPre[r] === NO_END ? NO_END : this.sum[l] + this.maxPre[r];
      this.maxPre[i] = this.maxPre[l] > right ? this.maxPre[l] : right;
      this.ends[i] = this.ends[l] + this.ends[r];
      const takeRight = this.minPrio[r] < this.minPrio[l];
      this.minPrio[i] = takeRight ? this.minPrio[r] : this.minPrio[l];
      this.minSlot[i] = takeRight ? this.minSlot[r] : this.minSlot[l];
    }
  }
}

/** Registry entry of {@link OnlineMin}. */
export const onlineMinInfo: PolicyInfo = {
  name: "online-min",
  family: "classical",
  summary: "OnlineMin: lowest random priority in the tightest layer prefix (Brodal–Moruz–Negoescu 2011; H_k-competitive)",
  offline: false,
  randomized: true,
  needs: [],
  create: (k, o) => new OnlineMin(k, o.seed ?? 0),
};
