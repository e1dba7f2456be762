import { add, divide, multiply, subtract } from "mathjs";
import type { Fraction } from "mathjs";
import type { Claim, Citation, Constant } from "./claim.ts";
import { frac, harmonic } from "./exact.ts";
import { learningAugmentedClaims } from "./learning-augmented-bounds.ts";
import { robustClaims } from "./robust-bounds.ts";

/**
 * The classical competitive-ratio bounds of online paging, as data (see {@link Claim}). Each
 * record says which registered policies it covers, the exact inequality and constants, whether
 * it holds deterministically (every σ, every seed) or in expectation, and where it comes from.
 * `checkClaim` evaluates any of them on an instance; the property tests in
 * `test/proofs-check` assert the `asserted` ones on generated instances.
 *
 * Marking algorithms here: LRU, FWF, deterministic Marking, Marker (every seed). FIFO is
 * conservative. CLOCK as registered (reference bit clear on load, as in libCacheSim) is neither
 * marking nor conservative — it can fault k+1 times in a k-phase and exceed k·OPT (tests show
 * witnesses) — so it is deliberately absent from the per-phase and k·OPT claims.
 */

const K: Constant = { text: "k", value: (k) => frac(k) };
const ZERO: Constant = { text: "0", value: () => frac(0) };
const HALF: Constant = { text: "1/2", value: () => frac(1, 2) };
const AUGMENTED: Constant = { text: "k/(k−h+1)", value: (k, h) => frac(k, k - h + 1) };
const H: Constant = { text: "h", value: (_k, h) => frac(h) };
const TWO_H_K: Constant = { text: "2H_k", value: (k) => multiply(frac(2), harmonic(k)) as Fraction };
const TWO_H_K_MINUS_1: Constant = {
  text: "2H_k − 1",
  value: (k) => subtract(multiply(frac(2), harmonic(k)), frac(1)) as Fraction,
};

const NOTES = "paging-theory.md";
const BEY: Citation = { source: "Borodin & El-Yaniv, Online Computation and Competitive Analysis, CUP 1998, ch. 3", tag: "D" };
const ST: Citation = { source: "Sleator & Tarjan, Amortized efficiency of list update and paging rules, CACM 28(2):202–208, 1985", tag: "P" };
const FKLMSY: Citation = {
  source: "Fiat, Karp, Luby, McGeoch, Sleator & Young, Competitive paging algorithms, J. Algorithms 12:685–699, 1991",
  tag: "P",
};

/** The marking algorithms and FIFO: at most k faults per k-phase for every seed. */
export const PER_PHASE_POLICIES = ["lru", "fifo", "fwf", "marking", "marker"] as const;

/** Policies the cruel-adversary claim (T4) is checked on. Any online policy qualifies. */
export const CRUEL_POLICIES = ["lru", "fifo", "clock", "marking", "fwf", "lfu", "mru"] as const;

/** The classical claims (no predictions), by id, in a fixed order. */
export const classicalClaims: readonly Claim[] = [
  {
    id: "marking-per-phase",
    statement: "faults of ALG_k in every k-phase ≤ k",
    policies: PER_PHASE_POLICIES,
    form: { kind: "phase-faults", bound: K },
    guarantee: "deterministic",
    citations: [{ ...BEY, note: `${NOTES} §0, (T2)` }, { source: "paging-theory.md (T2)", tag: "D" }],
    status: "asserted",
    why:
      "A marking algorithm never evicts a page marked in the current phase, and a phase has k distinct pages, so each faults " +
      "at most once per phase. FIFO is conservative: a block with ≤ k distinct pages costs it ≤ k faults (a page loaded " +
      "and evicted inside the block would leave k−1 younger pages plus the faulting one: k+1 distinct pages).",
  },
  {
    id: "marking-strict",
    statement: "ALG_k ≤ k·OPT_k (strict: no additive term)",
    policies: PER_PHASE_POLICIES,
    form: { kind: "ratio", c: K, b: ZERO, sameCache: true },
    guarantee: "deterministic",
    citations: [ST, { ...BEY, note: `${NOTES} (T2)` }],
    status: "asserted",
    why: "ALG ≤ k·m by the per-phase bound and OPT ≥ m by (T1) with h = k.",
  },
  {
    id: "resource-augmentation",
    statement: "ALG_k ≤ k/(k−h+1)·OPT_h + k for 1 ≤ h ≤ k",
    policies: PER_PHASE_POLICIES,
    form: { kind: "ratio", c: AUGMENTED, b: K, sameCache: false },
    guarantee: "deterministic",
    citations: [ST, { source: "paging-theory.md (T2), derived from (T1)", tag: "D" }],
    status: "asserted",
    why:
      "ALG ≤ k·m and (T1) give m − 1 ≤ (OPT_h − 1)/(k−h+1), so ALG ≤ k + k(OPT_h − 1)/(k−h+1) ≤ k/(k−h+1)·OPT_h + k.",
  },
  {
    id: "resource-augmentation-st",
    statement: "ALG_k ≤ k/(k−h+1)·OPT_h + h for 1 ≤ h ≤ k (Sleator–Tarjan's additive term)",
    policies: ["lru", "fifo"],
    form: { kind: "ratio", c: AUGMENTED, b: H, sameCache: false },
    guarantee: "deterministic",
    citations: [{ ...ST, tag: "UNVERIFIED", note: `${NOTES} §1: exact additive term UNVERIFIED` }],
    status: "report-only",
    why: "The ratio is Sleator–Tarjan's; the additive term h is as quoted in the notes, not confirmed in the paper body.",
  },
  {
    id: "opt-phases",
    statement: "OPT_h ≥ 1 + (m−1)(k−h+1) for 1 ≤ h ≤ k",
    policies: ["opt"],
    form: { kind: "opt-phases" },
    guarantee: "deterministic",
    citations: [{ source: "paging-theory.md (T1)", tag: "D" }, ST],
    status: "asserted",
    why:
      "At the first request of phase i its page p is cached; the rest of phase i plus the first request of phase i+1 hold k " +
      "distinct pages other than p, of which OPT_h holds at most h−1, so it faults ≥ k−h+1 times there; the windows are " +
      "disjoint and r_1 is a cold miss.",
  },
  {
    id: "opt-clean",
    statement: "OPT_k ≥ ½·Σ_i c_i (no additive term)",
    policies: ["opt"],
    form: { kind: "opt-clean", c: HALF },
    guarantee: "deterministic",
    citations: [{ ...FKLMSY, tag: "P" }, { source: "paging-theory.md (T3)", tag: "D" }],
    status: "asserted",
    why:
      "Phases i−1 and i together request k + c_i distinct pages, so OPT faults ≥ c_i in them; sum over odd i and over even i " +
      "separately (phase 1 alone gives c_1) and add.",
  },
  {
    id: "opt-warm",
    statement: "OPT_k ≥ k + m − 1 when σ has m ≥ 2 k-phases",
    policies: ["opt"],
    form: { kind: "opt-warm" },
    guarantee: "deterministic",
    citations: [{ source: "derived here (proofs-check/bounds.ts), refines (T1) for h = k", tag: "D" }],
    status: "asserted",
    why:
      "Phase 1 has k distinct pages (k cold misses) and the first request of phase 2 is a (k+1)-th distinct page (one more); " +
      "for 2 ≤ i ≤ m−1 the rest of phase i plus the first request of phase i+1 holds k pages other than the cached p_i, " +
      "forcing a fault; these windows are disjoint from the first ones. With ALG ≤ min(n, k·m) this makes the worst case of " +
      "any per-phase-k algorithm over sequences of length ≤ n exactly max_{n'≤n} n'/(k + ⌈(n'−k)/k⌉) (worst-case tests).",
  },
  {
    id: "cruel-lower-bound",
    statement: "on the cruel sequence of length n over k+1 pages: ALG = n and ALG/OPT ≥ n/(k + ⌈(n−k)/k⌉)",
    policies: CRUEL_POLICIES,
    form: { kind: "cruel" },
    guarantee: "deterministic",
    citations: [ST, { source: "paging-theory.md (T4)", tag: "D" }],
    status: "asserted",
    why:
      "Every request is to a missing page, so ALG = n. Over k+1 pages, after k cold misses Belady evicts the page requested " +
      "last among the cached ones, so the other k−1 are requested before its next fault: faults are ≥ k requests apart.",
  },
  {
    id: "marker-expected",
    statement: "E[Marker_k] ≤ 2H_k·OPT_k + k",
    policies: ["marker"],
    form: { kind: "ratio", c: TWO_H_K, b: K, sameCache: true },
    guarantee: "expectation",
    citations: [FKLMSY, { source: "paging-theory.md (T5): additive k", tag: "D" }],
    status: "asserted",
    why: "Sum of the per-phase bound below with c_i(H_k − H_{c_i} + 1) ≤ c_i·H_k and Σc_i ≤ 2·OPT (T3); the +k is slack.",
  },
  {
    id: "marker-per-phase-expected",
    statement: "E[Marker_k] ≤ Σ_i c_i·(H_k − H_{c_i} + 1)",
    policies: ["marker"],
    form: { kind: "phase-sum" },
    guarantee: "expectation",
    citations: [{ ...FKLMSY, note: `${NOTES} §1 (classical proof)` }],
    status: "asserted",
    why:
      "In phase i the c_i clean pages fault once each; the j-th request to a stale page finds it evicted with probability " +
      "at most c_i/(k−j+1), and summing over the k − c_i stale pages gives c_i(H_k − H_{c_i}).",
  },
  {
    id: "marker-tight",
    statement: "E[Marker_k] ≤ (2H_k − 1)·OPT_k (no additive term)",
    policies: ["marker"],
    form: { kind: "ratio", c: TWO_H_K_MINUS_1, b: ZERO, sameCache: true },
    guarantee: "expectation",
    citations: [
      {
        source: "Achlioptas, Chrobak & Noga, Competitive analysis of randomized paging algorithms, TCS 234, 2000",
        tag: "UNVERIFIED",
        note: `${NOTES} §1 and (T5): do not assert with b = 0`,
      },
    ],
    status: "report-only",
    why: "The tight ratio 2H_k − 1 is from a truncated abstract, and whether it holds with additive term 0 is unconfirmed.",
  },
];

/** Every claim — classical, learning-augmented, then the robust combiners and baselines — by id, in a fixed order. */
export const claims: readonly Claim[] = [...classicalClaims, ...learningAugmentedClaims, ...robustClaims];

/** The claim with this id; throws a `RangeError` for an unknown id (a programming error). */
export function claimById(id: string): Claim {
  const claim = claims.find((c) => c.id === id);
  if (!claim) throw new RangeError(`unknown claim '${id}' (known: ${claims.map((c) => c.id).join(", ")})`);
  return claim;
}

/** Σ_i c_i·(H_k − H_{c_i} + 1) exactly, for the clean counts of a phase partition. */
export function markerPhaseBound(k: number, clean: ArrayLike<number>): Fraction {
  let total = frac(0);
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    const perPage = add(subtract(harmonic(k), harmonic(c)), frac(1)) as Fraction;
    total = add(total, multiply(frac(c), perPage)) as Fraction;
  }
  return total;
}

/** n/(k + ⌈(n−k)/k⌉) for n ≥ 1 — the ratio the cruel adversary forces at length n (tends to k). */
export function cruelRatio(n: number, k: number): Fraction {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`cruel ratio needs n ≥ 1, got ${n}`);
  return divide(frac(n), frac(k + Math.ceil((n - k) / k))) as Fraction;
}
