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
 * L_j)| ≤ j) — the structure behind the name. Cost: a hit is O(α) (union-find from a page's
 * slot to its layer's end, a linked list of layer ends); a fault is O(log k) amortized — it
 * brings a segment tree over the slots up to date (the changes since the last fault, ancestors
 * shared) and queries it; the occasional relabelling of slots is amortized O(1). No allocation
 * after `reset`.
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
  // Union-find "next end at or after this slot" (an end points to itself, any other slot to the
  // slot after it), and the layer ends as a doubly linked list, L_1's end first.
  private nxt!: Int32Array;
  private prevEnd!: Int32Array;
  private nextEnd!: Int32Array;
  private head = NONE;
  private tail = NONE;
  private supportStart = 0;
  private nextSlot = 0;
  private capacity = 0;
  // Segment tree over slots (leaves at [capacity, 2·capacity)): Σ(cached − end), the largest
  // prefix sum ending at an end mark, and the lowest cached priority. Only faults read it, so
  // hits only note which leaves changed; a fault brings the tree up to date first.
  private sum!: Int32Array;
  private maxPre!: Int32Array;
  private minPrio!: Float64Array;
  private minSlot!: Int32Array;
  private dirty!: Int32Array;
  private dirtyCount = 0;
  private isDirty!: Uint8Array;
  private level!: Int32Array;
  private stamp!: Int32Array;
  private flushes = 0;
  // What makeRoom decided, for onInsert: 0 = L_0 request, 1 = L_0 with forgiveness, 2 = in support.
  private pendingCase = 0;
  private pendingLayerEnd = NONE;
  // Scratch stack for the canonical nodes of a range query (≤ 2 per tree level).
  private stack = new Int32Array(128);

  constructor(
    readonly k: number,
    /** Seed of the priorities; every `reset` restarts from it, `reseed` changes it. */
    public seed: number,
    /** Support size that triggers forgiveness, as a multiple of k (default 3). */
    readonly supportFactor = 3,
  ) {}

  reseed(seed: number): void {
    this.seed = seed;
  }

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
    this.nxt = new Int32Array(c);
    this.prevEnd = new Int32Array(c).fill(NONE);
    this.nextEnd = new Int32Array(c).fill(NONE);
    this.head = NONE;
    this.tail = NONE;
    this.sum = new Int32Array(2 * c);
    this.maxPre = new Int32Array(2 * c).fill(NO_END);
    this.minPrio = new Float64Array(2 * c).fill(Infinity);
    this.minSlot = new Int32Array(2 * c).fill(NONE);
    this.dirty = new Int32Array(c);
    this.dirtyCount = 0;
    this.isDirty = new Uint8Array(c);
    this.level = new Int32Array(c);
    this.stamp = new Int32Array(c);
    this.flushes = 0;
    this.supportStart = 0;
    this.nextSlot = 0;
    this.supportSize = 0;
    this.initialized = false;
  }

  onHit(page: number): void {
    const h = this.home[page];
    if (!this.initialized) {
      // Warm-up: the page's singleton layer moves to the top.
      this.owner[h] = NONE;
      this.cached[h] = 0;
      this.unmarkEnd(h);
      this.place(page);
      return;
    }
    this.cached[h] = 0;
    this.leaveLayer(page, this.find(h));
    this.place(page);
  }

  makeRoom(page: number): void {
    this.flush();
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
      this.pendingLayerEnd = this.find(h);
      victimSlot = this.minCachedUpTo(this.firstTightEnd(this.pendingLayerEnd));
    }
    const victim = this.owner[victimSlot];
    this.cached[victimSlot] = 0;
    this.touch(victimSlot);
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
      this.leaveLayer(page, this.pendingLayerEnd);
    } else if (this.pendingCase === 1) {
      this.dropFirstLayer(this.head);
      this.enterSupport(page);
    } else {
      // L_{k−1} ∪ L_k: remove the end mark below the top layer (k = 1: L_1 falls to L_0).
      const below = this.prevEnd[this.tail];
      if (below === NONE) this.dropFirstLayer(this.tail);
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

  // Page (cached flag already set) leaves its layer, which ends at layerEnd: that layer merges
  // into the one below, or falls to L_0 if it is L_1. The caller places the page on top.
  private leaveLayer(page: number, layerEnd: number): void {
    const h = this.home[page];
    this.owner[h] = NONE;
    this.touch(h);
    const below = this.prevEnd[layerEnd];
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
    this.nxt[s] = s;
    this.prevEnd[s] = this.tail;
    this.nextEnd[s] = NONE;
    if (this.tail !== NONE) this.nextEnd[this.tail] = s;
    else this.head = s;
    this.tail = s;
    this.touch(s);
  }

  // Slots [supportStart, layerEnd] (layer L_1, whose end is the list's head) fall to L_0.
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
    }
    this.end[layerEnd] = 0;
    this.touch(layerEnd);
    this.head = this.nextEnd[layerEnd];
    if (this.head !== NONE) this.prevEnd[this.head] = NONE;
    else this.tail = NONE;
    this.supportStart = layerEnd + 1;
  }

  // The layer ending at s merges with the one above it.
  private unmarkEnd(s: number): void {
    this.end[s] = 0;
    this.nxt[s] = s + 1;
    const a = this.prevEnd[s];
    const b = this.nextEnd[s];
    if (a !== NONE) this.nextEnd[a] = b;
    else this.head = b;
    if (b !== NONE) this.prevEnd[b] = a;
    else this.tail = a;
    this.touch(s);
  }

  // The end of the layer holding slot s (path halving).
  private find(s: number): number {
    const nxt = this.nxt;
    while (nxt[s] !== s) {
      const up = nxt[nxt[s]];
      nxt[s] = up;
      s = up;
    }
    return s;
  }

  // Leaf s changed: recompute it now, its ancestors at the next flush.
  private touch(s: number): void {
    const i = s + this.capacity;
    const cached = this.cached[s];
    const isEnd = this.end[s];
    this.sum[i] = cached - isEnd;
    this.maxPre[i] = isEnd === 1 ? cached - 1 : NO_END;
    this.minPrio[i] = cached === 1 ? this.priority[this.owner[s]] : Infinity;
    this.minSlot[i] = cached === 1 ? s : NONE;
    if (this.isDirty[s] === 0) {
      this.isDirty[s] = 1;
      this.dirty[this.dirtyCount++] = i;
    }
  }

  // Bring the changed leaves' ancestors up to date, each once, level by level.
  private flush(): void {
    const n0 = this.dirtyCount;
    if (n0 === 0) return;
    const c = this.capacity;
    for (let j = 0; j < n0; j++) this.isDirty[this.dirty[j] - c] = 0;
    this.dirtyCount = 0;
    if (n0 > c >> 3) {
      for (let i = c - 1; i >= 1; i--) this.combine(i);
      return;
    }
    const id = ++this.flushes;
    let cur = this.dirty;
    let nextLevel = this.level;
    let n = n0;
    while (n > 0 && cur[0] > 1) {
      let m = 0;
      for (let j = 0; j < n; j++) {
        const parent = cur[j] >> 1;
        if (this.stamp[parent] !== id) {
          this.stamp[parent] = id;
          nextLevel[m++] = parent;
          this.combine(parent);
        }
      }
      const swap = cur;
      cur = nextLevel;
      nextLevel = swap;
      n = m;
    }
    // The scratch arrays swapped roles an unknown number of times: keep both, order is irrelevant.
    this.dirty = cur === this.dirty ? this.dirty : cur;
    this.level = nextLevel;
  }

  private combine(i: number): void {
    const l = 2 * i;
    const r = l + 1;
    const sum = this.sum;
    const maxPre = this.maxPre;
    sum[i] = sum[l] + sum[r];
    const right = maxPre[r] === NO_END ? NO_END : sum[l] + maxPre[r];
    maxPre[i] = maxPre[l] > right ? maxPre[l] : right;
    const minPrio = this.minPrio;
    if (minPrio[r] < minPrio[l]) {
      minPrio[i] = minPrio[r];
      this.minSlot[i] = this.minSlot[r];
    } else {
      minPrio[i] = minPrio[l];
      this.minSlot[i] = this.minSlot[l];
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
        if (this.maxPre[node] !== NO_END && acc + this.maxPre[node] >= 0) return this.descendTight(node, acc);
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

  // Renumber the live slots (owned or layer ends) 0, 1, … in order, and rebuild everything.
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
    const c = this.capacity;
    this.owner.fill(NONE, to);
    this.cached.fill(0, to);
    this.end.fill(0, to);
    this.supportStart = 0;
    this.nextSlot = to;
    this.head = NONE;
    this.tail = NONE;
    for (let s = 0; s < to; s++) {
      if (this.end[s] === 1) {
        this.nxt[s] = s;
        this.prevEnd[s] = this.tail;
        this.nextEnd[s] = NONE;
        if (this.tail !== NONE) this.nextEnd[this.tail] = s;
        else this.head = s;
        this.tail = s;
      } else {
        this.nxt[s] = s + 1;
      }
    }
    for (let j = 0; j < this.dirtyCount; j++) this.isDirty[this.dirty[j] - c] = 0;
    this.dirtyCount = 0;
    for (let s = 0; s < c; s++) {
      const i = s + c;
      const cached = this.cached[s];
      const isEnd = this.end[s];
      this.sum[i] = cached - isEnd;
      this.maxPre[i] = isEnd === 1 ? cached - 1 : NO_END;
      this.minPrio[i] = cached === 1 ? this.priority[this.owner[s]] : Infinity;
      this.minSlot[i] = cached === 1 ? s : NONE;
    }
    for (let i = c - 1; i >= 1; i--) this.combine(i);
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
