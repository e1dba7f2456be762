import type { Policy } from "./policy.ts";

/**
 * Optional capability of a deterministic online policy: describe its state between requests up
 * to a renaming of pages, so that exhaustive searches over request sequences
 * (`exactWorstCase` in `src/proofs-check`) can merge runs that left the policy in the same
 * state instead of exploring each one.
 *
 * `canonicalState(order)` appends to `order` the pages its state tells apart — every resident
 * page, and any other page it keeps information about — in an order fixed by the state alone
 * (recency, insertion, ring position), never by page ids; it returns a string describing the
 * rest of the state in terms of positions in `order` (mark bits, reference bits, phase flags).
 *
 * Contract, which is what makes merging exact: take two runs of the policy, on σ and on τ, and
 * let `a` and `b` be the orders they report. If the strings are equal and `a.length ===
 * b.length`, then for the bijection that maps `a[i]` to `b[i]` (and the pages in neither list
 * to each other in any way), the policy serves every continuation ρ after σ exactly as it
 * serves the renamed ρ after τ: same hits, same faults, renamed victims. Pages outside the list
 * must therefore be non-resident and interchangeable for the policy, and the policy's choices
 * must not depend on page ids (true of every registered policy: their tie-breaks use times).
 */
export interface CanonicalState {
  /** Append the distinguished pages in state order to `order`; return the rest of the state. */
  canonicalState(order: number[]): string;
}

/** Whether `policy` implements {@link CanonicalState}. */
export function hasCanonicalState(policy: Policy): policy is Policy & CanonicalState {
  return typeof (policy as Partial<CanonicalState>).canonicalState === "function";
}
