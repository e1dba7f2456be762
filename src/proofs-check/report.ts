import { subtract, type Fraction } from "mathjs";
import type { Claim } from "./claim.ts";
import { checkClaim, type CaseVerdict, type Instance } from "./check.ts";
import { cmp, show, approx } from "./exact.ts";

/** How one claim fared over a batch of instances. */
export interface ClaimSummary {
  /** The claim summarized. */
  readonly claim: Claim;
  /** Instances checked. */
  readonly instances: number;
  /** (policy, seed) cases evaluated over all instances. */
  readonly cases: number;
  /** Cases where the inequality failed. */
  readonly failures: number;
  /** The failing case with the largest violation, else the case closest to failing. */
  readonly tightest?: {
    /** The instance it occurred on. */
    readonly instance: Instance;
    /** The case itself. */
    readonly verdict: CaseVerdict;
    /** RHS (+ slack) − LHS for "≤", LHS − RHS for "≥"; negative when violated. */
    readonly margin: Fraction;
  };
}

/**
 * Check every claim on every instance and summarize: number of cases and failures, and the
 * tightest case (largest violation, or smallest margin) with its instance. Margin = RHS(+slack)
 * − LHS for "≤" claims and LHS − RHS for "≥" claims; negative means violated. This is how
 * report-only (UNVERIFIED) claims are surfaced without asserting them.
 */
export function summarizeClaims(claims: readonly Claim[], instances: readonly Instance[]): ClaimSummary[] {
  return claims.map((claim) => {
    let cases = 0;
    let failures = 0;
    let tightest: ClaimSummary["tightest"];
    for (const instance of instances) {
      for (const verdict of checkClaim(claim, instance).cases) {
        cases++;
        if (!verdict.holds) failures++;
        const margin = marginOf(verdict);
        if (tightest === undefined || cmp(margin, tightest.margin) < 0) tightest = { instance, verdict, margin };
      }
    }
    return { claim, instances: instances.length, cases, failures, ...(tightest ? { tightest } : {}) };
  });
}

function marginOf(v: CaseVerdict): Fraction {
  if (v.relation === "≥") return subtract(v.lhs, v.rhs) as Fraction;
  const right = v.slack ? (subtract(v.rhs, subtract(v.lhs, v.slack)) as Fraction) : (subtract(v.rhs, v.lhs) as Fraction);
  return right;
}

/** One line per claim: status, id, cases, failures, tightest margin and where it occurred. */
export function formatSummary(summaries: readonly ClaimSummary[]): string {
  return summaries
    .map((s) => {
      const head = `${s.claim.status === "asserted" ? "asserted   " : "report-only"} ${s.claim.id}: ${count(s.cases, "case")} on ${count(s.instances, "instance")}, ${count(s.failures, "failure")}`;
      if (!s.tightest) return head;
      const v = s.tightest.verdict;
      const who = v.seed === undefined ? v.policy : `${v.policy} seed ${v.seed}`;
      return `${head}; tightest ${who}, margin ${show(s.tightest.margin)} (≈ ${approx(s.tightest.margin)}), k = ${s.tightest.instance.k}, n = ${v.requests.length}`;
    })
    .join("\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
