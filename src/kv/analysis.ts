/**
 * Analyses over whole traces for reports and notebooks: per-head attention statistics (which
 * heads are heavy-hitter heads) and budget sweeps with the offline optimum and the top-k bound as
 * reference curves, computed for all budgets at once.
 * @module
 */
import { kvPolicies } from "./catalog.ts";
import { evaluateEntry } from "./evaluate.ts";
import { optimumCurve } from "./offline/flow.ts";
import { topkKeptMassCurve } from "./bounds/topk.ts";
import type { KvParams } from "./params.ts";
import { type AttentionTrace, headIndex, rowOffset } from "./trace.ts";

/** Attention statistics of one head. */
export interface HeadStats {
  readonly layer: number;
  readonly head: number;
  /**
   * Share of the accumulated attention Σ_t Σ_j p_t[j] = T received by the 10% of tokens with the
   * largest accumulated attention acc_j = Σ_{t≥j} p_t[j] (the attention-trace README's statistic).
   */
  readonly topShare: number;
  /** Share received by token 0 (an attention sink when large). */
  readonly sinkShare: number;
  /** Mean over rows t ≥ w of the mass on the w most recent keys, w = max(1, ⌊T/10⌋) (locality). */
  readonly localShare: number;
}

/** {@link HeadStats} for every (layer, head), layer-major. */
export function headStats(trace: AttentionTrace): HeadStats[] {
  const T = trace.length;
  const w = Math.max(1, Math.floor(T / 10));
  const top = Math.max(1, Math.ceil(T / 10));
  const out: HeadStats[] = [];
  for (let layer = 0; layer < trace.layers; layer++) {
    for (let head = 0; head < trace.heads; head++) {
      const rows = trace.rows[headIndex(trace, layer, head)];
      const acc = new Float64Array(T);
      let local = 0;
      let total = 0;
      for (let t = 0; t < T; t++) {
        const o = rowOffset(t);
        for (let j = 0; j <= t; j++) {
          acc[j] += rows[o + j];
          total += rows[o + j];
        }
        if (t >= w) for (let j = t - w + 1; j <= t; j++) local += rows[o + j];
      }
      const sorted = acc.slice().sort();
      let topMass = 0;
      for (let i = T - top; i < T; i++) topMass += sorted[i];
      out.push({ layer, head, topShare: topMass / total, sinkShare: acc[0] / total, localShare: T > w ? local / (T - w) : 1 });
    }
  }
  return out;
}

/** One point of a budget sweep. */
export interface SweepPoint {
  /** The policy's label, or `opt` / `topk`. */
  readonly policy: string;
  /** The budget k. */
  readonly budget: number;
  /** Mean kept mass over (layer, head, t ≥ k). */
  readonly meanKeptMass: number;
  /** Per head (layer-major over the selected layers). */
  readonly perHead: readonly number[];
}

/** Options of {@link sweepBudgets}. */
export interface SweepOptions {
  /** Registry names to replay (online policies; `opt` and `topk` are always computed). */
  readonly policies: readonly string[];
  /** Budgets k, each in [1, T). */
  readonly budgets: readonly number[];
  /** Layers (default all). */
  readonly layers?: readonly number[];
  readonly seed?: number;
  /** Parameters per policy name. */
  readonly params?: Readonly<Record<string, KvParams>>;
}

/**
 * Mean kept mass for each policy and budget, plus `opt` (exact, from one successive-shortest-path
 * run per head up to the largest budget) and `topk` (the re-admitting bound). Output errors are
 * not computed (kept mass only), which keeps sweeps fast. Budgets must lie in [1, T).
 */
export function sweepBudgets(trace: AttentionTrace, options: SweepOptions): SweepPoint[] {
  const layers = options.layers ?? Array.from({ length: trace.layers }, (_, i) => i);
  const T = trace.length;
  const budgets = [...options.budgets];
  for (const k of budgets) if (!Number.isInteger(k) || k < 1 || k >= T) throw new RangeError(`sweepBudgets: budget ${k} outside [1, ${T})`);
  const points: SweepPoint[] = [];
  for (const name of options.policies) {
    const entry = kvPolicies.get(name);
    for (const k of budgets) {
      const r = evaluateEntry(trace, entry, k, { layers, seed: options.seed, params: options.params?.[name], outputError: false });
      points.push({ policy: r.policy, budget: k, meanKeptMass: r.meanKeptMass, perHead: r.perHead.map((h) => h.meanKeptMass) });
    }
  }
  const kMax = Math.max(...budgets);
  const optHeads: number[][] = budgets.map(() => []);
  const topHeads: number[][] = budgets.map(() => []);
  for (const layer of layers) {
    for (let h = 0; h < trace.heads; h++) {
      const rows = trace.rows[headIndex(trace, layer, h)];
      const curve = optimumCurve(rows, T, kMax);
      // Before step k nothing has to go, and opt keeps whole rows there (see offline/opt.ts).
      const rowSumPrefix = new Float64Array(T + 1);
      for (let t = 0; t < T; t++) {
        let s = 0;
        for (let j = 0; j <= t; j++) s += rows[rowOffset(t) + j];
        rowSumPrefix[t + 1] = rowSumPrefix[t] + s;
      }
      const top = topkKeptMassCurve(rows, T, budgets);
      budgets.forEach((k, b) => {
        optHeads[b].push((curve[k] - rowSumPrefix[k]) / (T - k));
        topHeads[b].push(top[b]);
      });
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  budgets.forEach((k, b) => {
    points.push({ policy: "opt", budget: k, meanKeptMass: mean(optHeads[b]), perHead: optHeads[b] });
    points.push({ policy: "topk", budget: k, meanKeptMass: mean(topHeads[b]), perHead: topHeads[b] });
  });
  return points;
}

/**
 * {@link HeadStats.topShare} of a head whose every row is uniform (p_t[j] = 1/(t+1)): the share
 * the accumulation itself gives the oldest tokens, since token j is summed over T − j queries
 * (H2O App. B.2's bias). About 0.33 at T = 512 — the baseline a heavy-hitter head must beat.
 */
export function uniformTopShare(length: number): number {
  const T = length;
  const top = Math.max(1, Math.ceil(T / 10));
  // acc_j = Σ_{t=j..T−1} 1/(t+1) decreases in j, so the top tokens are 0..top−1.
  let acc = 0;
  const accs = new Float64Array(T);
  for (let j = T - 1; j >= 0; j--) {
    acc += 1 / (j + 1);
    accs[j] = acc;
  }
  let topMass = 0;
  for (let j = 0; j < top; j++) topMass += accs[j];
  return topMass / T;
}

/** A head is a heavy-hitter head when its top-10% share is at least this multiple of the uniform baseline. */
export const HEAVY_HITTER_RATIO = 1.5;

/** The heads whose {@link HeadStats.topShare} ≥ {@link HEAVY_HITTER_RATIO} × {@link uniformTopShare}(T). */
export function heavyHitterHeads(stats: readonly HeadStats[], length: number): HeadStats[] {
  const threshold = HEAVY_HITTER_RATIO * uniformTopShare(length);
  return stats.filter((s) => s.topShare >= threshold);
}

/**
 * What must hold in every sweep, as messages (empty = all good): at each budget the offline
 * optimum keeps at least as much mass as every policy, per head and on average, and the top-k
 * bound at least as much as the optimum (offline/opt.ts, bounds/topk.ts). `tolerance` absorbs
 * rounding (means of ~10⁵ terms).
 */
export function sweepViolations(points: readonly SweepPoint[], tolerance = 1e-9): string[] {
  const problems: string[] = [];
  const budgets = [...new Set(points.map((p) => p.budget))];
  for (const k of budgets) {
    const at = points.filter((p) => p.budget === k);
    const opt = at.find((p) => p.policy === "opt");
    const topk = at.find((p) => p.policy === "topk");
    if (opt === undefined || topk === undefined) {
      problems.push(`k=${k}: opt or topk missing`);
      continue;
    }
    for (const p of at) {
      if (p.policy === "opt" || p.policy === "topk") continue;
      if (p.meanKeptMass > opt.meanKeptMass + tolerance) problems.push(`k=${k}: ${p.policy} keeps ${p.meanKeptMass} > opt ${opt.meanKeptMass}`);
      p.perHead.forEach((v, i) => {
        if (v > opt.perHead[i] + tolerance) problems.push(`k=${k}: ${p.policy} head ${i} keeps ${v} > opt ${opt.perHead[i]}`);
      });
    }
    if (opt.meanKeptMass > topk.meanKeptMass + tolerance) problems.push(`k=${k}: opt ${opt.meanKeptMass} > topk bound ${topk.meanKeptMass}`);
    opt.perHead.forEach((v, i) => {
      if (v > topk.perHead[i] + tolerance) problems.push(`k=${k}: opt head ${i} keeps ${v} > topk bound ${topk.perHead[i]}`);
    });
  }
  return problems;
}
