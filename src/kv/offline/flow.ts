/**
 * The exact offline optimum of KV-cache eviction with irreversible evictions, as a min-cost flow.
 *
 * Problem (one head; known future rows). Token j is attended from its arrival step j through the
 * step e_j after which it is evicted (j ≤ e_j ≤ T−1). At step t the attended set is
 * A_t = {t} ∪ {j < t : e_j ≥ t}; the budget requires |{j < t : e_j ≥ t}| ≤ k for every t. Maximise
 * the total kept mass Σ_t Σ_{j∈A_t} p_t[j] = Σ_t p_t[t] + Σ_j w_j(e_j), where
 * w_j(e) = Σ_{t=j+1..e} p_t[j]. (Evicting several tokens in one step never helps, so this is also
 * the optimum under "at most one eviction per step".)
 *
 * Network (2T nodes, ~T²/2 arcs): a time line τ_0 → τ_1 → … → τ_{T−1} (cost 0, uncapacitated),
 * and for each token j a node u_j with an arc τ_j → u_j (capacity 1) and arcs u_j → τ_e for
 * e > j (capacity 1, cost −w_j(e)). k units flow from τ_0 to τ_{T−1}; each unit is a cache slot,
 * and a unit on τ_j → u_j → τ_e is token j holding the slot during steps j+1..e. Every cut between
 * steps t−1 and t is crossed by exactly k units, so at most k tokens are held at step t; conversely
 * every feasible schedule decomposes into k such slot paths. The constraint matrix is a network
 * matrix, so the LP optimum is integral and min-cost flow solves the problem exactly.
 *
 * Algorithm: successive shortest paths with Dijkstra on reduced costs (potentials start from the
 * DAG's shortest-path distances). After i augmentations the flow is a min-cost flow of value i,
 * so one run yields OPT(i) for every budget i ≤ k. Each augmentation relaxes the ~T²/2 arcs once
 * and selects 2T labels by scanning 2T/32 block minima, so O(k·T²) per head.
 *
 * Certificate: with λ_t = π(τ_{t−1}) − π(τ_t) ≥ 0 from the final potentials, the Lagrangian bound
 * UB(λ) = Σ_t p_t[t] + k·Σ_t λ_t + Σ_j max(0, max_{e>j} [w_j(e) − Σ_{t=j+1..e} λ_t])
 * is an upper bound on every feasible schedule for *any* λ ≥ 0 (weak duality), and equals the
 * optimum for the flow's λ by complementary slackness. {@link KvFlow.upperBound} computes it, so
 * floating-point error in the solver shows up as a gap, never as a silently wrong optimum.
 * @module
 */
import { rowOffset } from "../trace.ts";

const BLOCK_BITS = 5;
/** Labels per block of the Dijkstra selection structure. */
const BLOCK = 1 << BLOCK_BITS;

/**
 * Incremental successive-shortest-path solver for one head. Call {@link augment} once per cache
 * slot; after i calls the schedule is optimal for budget i.
 *
 * Node numbering: τ_t = t (0 ≤ t < T), u_j = T + j, so the time line's labels are contiguous (the
 * inner loop over arcs u_j → τ_e walks them in order).
 */
export class KvFlow {
  readonly length: number;
  /** Σ_t p_t[t]: the mass every schedule keeps (each new token is attended at its own step). */
  readonly selfMass: number;
  /** Budget so far: the number of augmentations done. */
  budget = 0;
  /** w_j(e) for e in (j, T−1], packed: entry of (j, e) at `wBase[j] + e`. */
  private readonly w: Float64Array;
  private readonly wBase: Int32Array;
  private readonly pi: Float64Array;
  private readonly dist: Float64Array;
  private readonly pred: Int32Array;
  private readonly done: Uint8Array;
  private readonly blockMin: Float64Array;
  /** timelineFlow[t] = units on τ_{t−1} → τ_t. */
  private readonly timelineFlow: Int32Array;
  private readonly used: Uint8Array;
  /** endOf[j] = e if token j's unit leaves u_j towards τ_e, else −1. */
  private readonly endOf: Int32Array;
  /** Tokens whose unit ends at τ_e, as doubly linked lists (for the reverse arcs τ_e → u_j). */
  private readonly listHead: Int32Array;
  private readonly listNext: Int32Array;
  private readonly listPrev: Int32Array;

  /** `rows`: one head's packed causal rows (see AttentionTrace.rows); T = `length` ≥ 1. */
  constructor(rows: Float64Array, length: number) {
    const T = length;
    this.length = T;
    let self = 0;
    for (let t = 0; t < T; t++) self += rows[rowOffset(t) + t];
    this.selfMass = self;
    // Token j's block holds e = j+1..T−1 at offsets start_j + (e − j − 1) = wBase[j] + e.
    this.wBase = new Int32Array(T);
    let start = 0;
    for (let j = 0; j < T; j++) {
      this.wBase[j] = start - j - 1;
      start += T - 1 - j;
    }
    const w = new Float64Array(Math.max(1, start));
    for (let e = 1; e < T; e++) {
      const o = rowOffset(e);
      for (let j = 0; j < e; j++) {
        const at = this.wBase[j] + e;
        w[at] = (e === j + 1 ? 0 : w[at - 1]) + rows[o + j];
      }
    }
    this.w = w;
    const V = 2 * T;
    this.pi = new Float64Array(V);
    this.dist = new Float64Array(V);
    this.pred = new Int32Array(V);
    this.done = new Uint8Array(V);
    this.blockMin = new Float64Array(Math.ceil(V / BLOCK));
    this.timelineFlow = new Int32Array(T);
    this.used = new Uint8Array(T);
    this.endOf = new Int32Array(T).fill(-1);
    this.listHead = new Int32Array(T).fill(-1);
    this.listNext = new Int32Array(T).fill(-1);
    this.listPrev = new Int32Array(T).fill(-1);
    // Initial potentials: shortest distances from τ_0 in the DAG (all arcs point forward in time;
    // τ_0, u_0, τ_1, u_1, … is a topological order).
    const pi = this.pi;
    pi.fill(Infinity);
    pi[0] = 0;
    for (let t = 0; t < T; t++) {
      if (t > 0 && pi[t - 1] < pi[t]) pi[t] = pi[t - 1];
      const u = T + t;
      pi[u] = pi[t]; // u_{T−1} has no arcs; this just keeps its potential finite
      const base = this.wBase[t];
      for (let e = t + 1; e < T; e++) {
        const c = pi[u] - w[base + e];
        if (c < pi[e]) pi[e] = c;
      }
    }
  }

  /** w_j(e) = Σ_{t=j+1..e} p_t[j] (0 for e ≤ j). */
  gain(j: number, e: number): number {
    return e <= j ? 0 : this.w[this.wBase[j] + e];
  }

  /**
   * Add one cache slot: augment along a shortest path. Returns the gain in total kept mass,
   * OPT(k+1) − OPT(k) ≥ 0 (0 once the budget no longer binds).
   */
  augment(): number {
    const T = this.length;
    this.budget++;
    if (T < 2) return 0;
    this.shortestPaths();
    const sink = T - 1;
    const pathCost = this.dist[sink] + this.pi[sink] - this.pi[0];
    for (let v = 0; v < 2 * T; v++) if (this.dist[v] < Infinity) this.pi[v] += this.dist[v];
    this.applyPath();
    return Math.max(0, -pathCost);
  }

  /**
   * Dijkstra from τ_0 on reduced costs. A heap is the wrong tool here: almost every settled token
   * node improves many time-line labels (O(T²) decrease-keys per run). Instead the open labels are
   * kept in blocks of {@link BLOCK} with a lazily maintained minimum per block: an improvement is
   * O(1), selecting the next node scans the block minima and then rescans one block. Stops once
   * the sink is settled; labels still open are then capped at the sink's distance, which keeps
   * every reduced cost non-negative after the potential update (the standard early-exit argument).
   * Reduced costs are ≥ 0 in exact arithmetic; rounding below 0 is clamped.
   */
  private shortestPaths(): void {
    const T = this.length;
    const V = 2 * T;
    const sink = T - 1;
    const { pi, dist, pred, w, wBase, used, endOf, done, blockMin, timelineFlow } = this;
    const blocks = blockMin.length;
    dist.fill(Infinity);
    pred.fill(-1);
    done.fill(0);
    blockMin.fill(Infinity);
    dist[0] = 0;
    blockMin[0] = 0;
    for (;;) {
      let b = -1;
      let d = Infinity;
      for (let x = 0; x < blocks; x++) {
        if (blockMin[x] < d) {
          d = blockMin[x];
          b = x;
        }
      }
      if (b < 0) break;
      let v = -1;
      let next = Infinity;
      const hi = Math.min(V, (b + 1) * BLOCK);
      for (let x = b * BLOCK; x < hi; x++) {
        if (done[x] !== 0) continue;
        const dx = dist[x];
        if (v < 0 && dx === d) v = x;
        else if (dx < next) next = dx;
      }
      if (v < 0) throw new Error("KvFlow: block minimum out of date");
      blockMin[b] = next;
      done[v] = 1;
      if (v === sink) break;
      const pv = pi[v] + d;
      if (v < T) {
        const t = v;
        // τ_t → τ_{t+1} (always), τ_t → τ_{t−1} (if the time line carries flow into τ_t).
        if (t < T - 1) this.relax(v, t + 1, pv, d);
        if (t > 0 && timelineFlow[t] > 0) this.relax(v, t - 1, pv, d);
        // τ_t → u_t if token t's slot is unused.
        if (t < T - 1 && used[t] === 0) this.relax(v, T + t, pv, d);
        // τ_t → u_j, the reverse of u_j → τ_t, for tokens whose unit ends at t: cost +w_j(t).
        for (let j = this.listHead[t]; j >= 0; j = this.listNext[j]) this.relax(v, T + j, pv + w[wBase[j] + t], d);
      } else {
        const j = v - T;
        if (used[j] !== 0) this.relax(v, j, pv, d); // reverse of τ_j → u_j
        const base = wBase[j];
        const end = endOf[j];
        for (let e = j + 1; e < T; e++) {
          if (done[e] !== 0 || e === end) continue;
          let nd = pv - w[base + e] - pi[e];
          if (nd < d) nd = d;
          if (nd < dist[e]) {
            dist[e] = nd;
            pred[e] = v;
            const eb = e >> BLOCK_BITS;
            if (nd < blockMin[eb]) blockMin[eb] = nd;
          }
        }
      }
    }
    const cap = dist[sink];
    for (let x = 0; x < V; x++) if (done[x] === 0 && dist[x] > cap) dist[x] = cap;
  }

  /** Relax from→to, where `pv` = cost + π(from) + dist(from) and `d` = dist(from). */
  private relax(from: number, to: number, pv: number, d: number): void {
    if (this.done[to] !== 0) return;
    let nd = pv - this.pi[to];
    if (nd < d) nd = d;
    if (nd < this.dist[to]) {
      this.dist[to] = nd;
      this.pred[to] = from;
      const tb = to >> BLOCK_BITS;
      if (nd < this.blockMin[tb]) this.blockMin[tb] = nd;
    }
  }

  /** Push one unit along the predecessor path from τ_0 to τ_{T−1}. */
  private applyPath(): void {
    const T = this.length;
    const { pred, used, timelineFlow } = this;
    for (let v = T - 1; v !== 0; ) {
      const p = pred[v];
      if (p < 0) throw new Error("KvFlow: no augmenting path (unreachable sink)");
      if (p < T && v < T) {
        if (v === p + 1) timelineFlow[v]++; // τ_{v−1} → τ_v
        else timelineFlow[p]--; // reverse of τ_v → τ_p
      } else if (p < T) {
        const j = v - T;
        if (p === j) used[j] = 1; // τ_j → u_j
        else this.unlink(j, p); // reverse of u_j → τ_p: the unit no longer ends at p
      } else if (v < T) {
        const j = p - T;
        if (v === j) used[j] = 0; // reverse of τ_j → u_j
        else this.link(j, v); // u_j → τ_v
      } else {
        throw new Error("KvFlow: arc between two token nodes");
      }
      v = p;
    }
  }

  /** Token j's unit now ends at τ_e (moving it out of its previous list, if any). */
  private link(j: number, e: number): void {
    if (this.endOf[j] >= 0) this.removeFromList(j);
    this.endOf[j] = e;
    const h = this.listHead[e];
    this.listNext[j] = h;
    this.listPrev[j] = -1;
    if (h >= 0) this.listPrev[h] = j;
    this.listHead[e] = j;
  }

  /**
   * Token j's unit no longer ends at τ_e. The path is applied from the sink backwards, so a
   * re-routing (τ_e → u_j → τ_e') may already have linked j to e'; then there is nothing to undo.
   */
  private unlink(j: number, e: number): void {
    if (this.endOf[j] !== e) return;
    this.removeFromList(j);
    this.endOf[j] = -1;
  }

  private removeFromList(j: number): void {
    const e = this.endOf[j];
    const prev = this.listPrev[j];
    const next = this.listNext[j];
    if (prev >= 0) this.listNext[prev] = next;
    else this.listHead[e] = next;
    if (next >= 0) this.listPrev[next] = prev;
    this.listNext[j] = -1;
    this.listPrev[j] = -1;
  }

  /**
   * The current schedule: `end[j]` = the last step at which token j is attended (j when its slot
   * is unused). Feasible and optimal for the current budget.
   */
  schedule(): Int32Array {
    const T = this.length;
    const end = new Int32Array(T);
    for (let j = 0; j < T; j++) end[j] = this.used[j] !== 0 && this.endOf[j] >= 0 ? this.endOf[j] : j;
    return end;
  }

  /** Σ_t Σ_{j∈A_t} p_t[j] of {@link schedule}, summed directly from the gains. */
  total(): number {
    let sum = this.selfMass;
    const end = this.schedule();
    for (let j = 0; j < this.length; j++) sum += this.gain(j, end[j]);
    return sum;
  }

  /**
   * The Lagrangian upper bound UB(λ) (module comment) for the current budget, with λ taken from
   * the current potentials and clamped at 0. A valid bound for any λ ≥ 0; equal to the optimum
   * up to rounding.
   */
  upperBound(): number {
    const T = this.length;
    const L = new Float64Array(T); // L[t] = Σ_{s=1..t} λ_s
    for (let t = 1; t < T; t++) L[t] = L[t - 1] + Math.max(0, this.pi[t - 1] - this.pi[t]);
    let ub = this.selfMass + this.budget * L[T - 1];
    for (let j = 0; j < T - 1; j++) {
      let best = 0;
      for (let e = j + 1; e < T; e++) {
        const v = this.gain(j, e) - (L[e] - L[j]);
        if (v > best) best = v;
      }
      ub += best;
    }
    return ub;
  }
}

/**
 * OPT for budget k on one head: the optimal schedule, its total kept mass Σ_t Σ_{j∈A_t} p_t[j],
 * and the certified upper bound (`upperBound − total` is the certified optimality gap, ~1e-12).
 */
export function solveOptimum(rows: Float64Array, length: number, k: number): { end: Int32Array; total: number; upperBound: number } {
  const flow = new KvFlow(rows, length);
  for (let i = 0; i < k; i++) flow.augment();
  return { end: flow.schedule(), total: flow.total(), upperBound: flow.upperBound() };
}

/**
 * OPT(k) for every k = 0..kMax on one head (`curve[k]` = optimal total kept mass with budget k),
 * from one run of successive shortest paths. Nondecreasing and concave in k (min-cost flow cost
 * is convex in the flow value).
 */
export function optimumCurve(rows: Float64Array, length: number, kMax: number): Float64Array {
  const flow = new KvFlow(rows, length);
  const curve = new Float64Array(kMax + 1);
  curve[0] = flow.selfMass;
  for (let k = 1; k <= kMax; k++) curve[k] = curve[k - 1] + flow.augment();
  return curve;
}
