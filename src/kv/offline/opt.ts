/**
 * `opt`: the offline optimum as a replayable policy. At reset it solves each head's min-cost flow
 * ({@link KvFlow}) for budget k; during replay it evicts, whenever |A_t| > k, the oldest token
 * whose scheduled last step has passed (e_j ≤ t).
 *
 * Why this is optimal for the reported metric (mean kept mass over t ≥ k), not only for the total:
 * 1. *Lazy domination.* For any feasible schedule P (sets with A_t = S_{t−1} ∪ {t}, |S_t| ≤ k),
 *    the lazy replay L_P — evict only when |A_t| > k, and then a token P has already dropped —
 *    keeps a superset of P's set at every step: by induction A_t(L_P) ⊇ A_t(P), and when
 *    |A_t(L_P)| = k + 1 some attended token is outside S_t(P) (|S_t(P)| ≤ k), i.e. overdue. So
 *    kept_t(L_P) ≥ kept_t(P) for every t, and L_P keeps the whole row (mass 1) at every t < k.
 * 2. The flow schedule maximises the total Σ_t kept_t; this policy is its lazy replay, so its total
 *    is that maximum (≥ by 1., ≤ by optimality) and its steps t < k keep mass 1.
 * 3. For any P: Σ_{t≥k} kept_t(P) ≤ Σ_{t≥k} kept_t(L_P) = total(L_P) − k ≤ total(opt) − k =
 *    Σ_{t≥k} kept_t(opt) (with "1" the row sums, equal to 1 up to rounding).
 * Hence opt ≥ every online policy, per head, for the mean over t ≥ k; the tests check it on every
 * generated instance, and against exhaustive search on small ones.
 * @module
 */
import type { KvPolicy, KvSetup, KvStep } from "../policy.ts";
import type { KvPolicyInfo } from "../registry.ts";
import { KvFlow } from "./flow.ts";

/** Per-head certificate of the last reset: total of the flow schedule and its dual upper bound. */
export interface OptCertificate {
  readonly head: number;
  readonly total: number;
  readonly upperBound: number;
}

/** The offline policy for one layer. */
export class OptPolicy implements KvPolicy {
  private ends: Int32Array[] = [];
  private budget = 1;
  /** Filled by `reset`: one certificate per head. */
  certificates: OptCertificate[] = [];

  /** Solve every head's flow for budget k from `setup.future` (required) and record certificates. */
  reset(setup: KvSetup): void {
    if (setup.future === null) throw new Error("opt is offline: replay must pass the future rows");
    this.budget = setup.budget;
    this.ends = [];
    this.certificates = [];
    setup.future.forEach((rows, h) => {
      const flow = new KvFlow(rows, setup.length);
      for (let i = 0; i < setup.budget; i++) flow.augment();
      this.ends.push(flow.schedule());
      this.certificates.push({ head: h, total: flow.total(), upperBound: flow.upperBound() });
    });
  }

  /** When |A_t| > k, evict the oldest token whose scheduled last step e_j ≤ t. */
  step(state: KvStep, evict: Int32Array): void {
    for (let h = 0; h < this.ends.length; h++) {
      const n = state.size[h];
      if (n <= this.budget) continue;
      const end = this.ends[h];
      const tokens = state.tokens[h];
      let pick = -1;
      for (let i = 0; i < n; i++) {
        if (end[tokens[i]] <= state.t) {
          pick = i;
          break;
        }
      }
      if (pick < 0) throw new Error(`opt: no overdue token at step ${state.t}, head ${h} (schedule infeasible)`);
      evict[h] = pick;
    }
  }
}

/** Registry entry `opt`. */
export const optInfo: KvPolicyInfo = {
  name: "opt",
  aliases: ["offline-opt"],
  summary: "offline optimum: known future rows, irreversible eviction (exact min-cost flow, dual-certified)",
  kind: "offline",
  granularity: "head",
  randomized: false,
  params: [],
  create() {
    return new OptPolicy();
  },
};
