import type { Fraction } from "mathjs";

/**
 * Evidence tags, as in `paging-theory.md`: **P** primary text (paper or abstract read first
 * hand), **2nd** third-party summary quoting it, **C** public code, **D** derived in the notes
 * or here (proof sketched, checked by simulation), **UNVERIFIED** not confirmed.
 */
export type EvidenceTag = "P" | "2nd" | "C" | "D" | "UNVERIFIED";

/** Where a claim comes from. */
export interface Citation {
  /** Paper / book and place, e.g. "Sleator & Tarjan, CACM 28(2) 1985". */
  readonly source: string;
  /** How strong the evidence is; UNVERIFIED makes the claim report-only. */
  readonly tag: EvidenceTag;
  /** Item of the research notes, e.g. "paging-theory.md (T2)". */
  readonly note?: string;
}

/**
 * A constant of a bound as a function of the cache sizes — k for ALG, h for OPT (h = k unless the
 * claim is about resource augmentation). Always an exact fraction; `text` is how it reads.
 */
export interface Constant {
  /** The constant as written in messages, e.g. `k/(k−h+1)`. */
  readonly text: string;
  /** Its exact value for ALG's cache k and OPT's cache h. */
  value(k: number, h: number): Fraction;
}

/**
 * The inequality a claim asserts. ALG_k = faults of the claim's policy with cache k on σ;
 * OPT_h = the optimum with cache h; m = number of k-phases of σ; c_i = clean pages of phase i
 * (see `kPhases`).
 */
export type ClaimForm =
  /** ALG_k ≤ c(k,h)·OPT_h + b(k,h); with `sameCache`, h = k whatever the instance says. */
  | { readonly kind: "ratio"; readonly c: Constant; readonly b: Constant; readonly sameCache: boolean }
  /** In every k-phase of σ, ALG_k faults at most bound(k) times. */
  | { readonly kind: "phase-faults"; readonly bound: Constant }
  /** OPT_h ≥ 1 + (m−1)(k−h+1) for 1 ≤ h ≤ k (σ non-empty). */
  | { readonly kind: "opt-phases" }
  /** OPT_k ≥ c·Σ_i c_i. */
  | { readonly kind: "opt-clean"; readonly c: Constant }
  /** OPT_k ≥ k + m − 1 when σ has m ≥ 2 k-phases. */
  | { readonly kind: "opt-warm" }
  /**
   * On σ = the cruel adversary's n requests against ALG_k (k+1 pages): ALG = n and
   * ALG/OPT_k ≥ n/(k + ⌈(n−k)/k⌉). The instance supplies n, not σ.
   */
  | { readonly kind: "cruel" }
  /** ALG_k ≤ Σ_i c_i·(H_k − H_{c_i} + 1) (the per-phase bound of randomized marking, summed). */
  | { readonly kind: "phase-sum" }
  /**
   * One-bit predictions (the instance's `predictions.bits`): ALG_k ≤ α·OPT_k + β·η₀ + γ·η₁ + b,
   * with η₀ = false KEEPs and η₁ = false EVICTs against the perfect bits of `truth` (discard:
   * Belady's labels, never-again pages KEEP unless Belady evicts them; phase: the k-phase oracle).
   */
  | {
      readonly kind: "bits";
      readonly truth: "discard" | "phase";
      readonly alpha: Constant;
      readonly beta: Constant;
      readonly gamma: Constant;
      readonly b: Constant;
    }
  /**
   * Next-arrival predictions (the instance's `predictions.nextArrival`): ALG_k ≤ the least of
   * the terms α·OPT_k + β·η + √(ρ·η·OPT_k), with η = Σ_t |h_t − y_t| the ℓ1 error against the
   * true next arrivals (never-again = the instance's `neverAgain` on both sides).
   */
  | { readonly kind: "eta"; readonly terms: readonly EtaTerm[] }
  /**
   * Consistency: fed perfect predictions of every kind it needs, ALG_k equals OPT_k
   * (`target: "opt"`) or Σ_i c_i (`"clean"`, what the best marking algorithm pays).
   */
  | { readonly kind: "perfect"; readonly target: "opt" | "clean" }
  /**
   * Follow-the-labels dominance: fed the discard labels of reference algorithm B's own run
   * (bit t = EVICT iff B evicts r_t before its next request), ALG_k ≤ B_k, for every B listed.
   */
  | { readonly kind: "own-labels"; readonly references: readonly string[] }
  /**
   * A combiner against its parts (the policy is an algorithm expression whose head is one of
   * `bound.combiners`): ALG_k ≤ bound(c*, m, k, params), where c* is the least standalone cost of
   * its m parts on σ — each part run alone with the instance's predictions and the seed the
   * combiner gives it (`partSeed`), so the very runs the combiner follows. In expectation:
   * E[ALG_k] ≤ E[bound(c*)], both over the same seeds. With `robust`, c* is replaced by a proven
   * bound c·OPT_k + b on one of the parts (robustness whatever the predictions).
   */
  | { readonly kind: "combination"; readonly bound: CombinationBound; readonly robust?: PartGuarantee };

/** What a {@link CombinationBound} is computed from. */
export interface CombinationInputs {
  /** c*: the cheapest part's cost, or (robustness claims) a proven upper bound of it. */
  readonly cheapest: Fraction;
  /** m, the number of parts (≥ 2). */
  readonly parts: number;
  /** The cache size k. */
  readonly k: number;
  /** The combiner's parameters as written in its expression (the bound applies the defaults). */
  readonly params: Readonly<Record<string, number | string>>;
}

/**
 * A combiner's cost bound as a function of its parts — like a {@link Constant}, a text and an
 * exact value. The derived bounds of the switching combiners depend on the parts only through
 * c* (the cheapest part's cost) and m, which is also what lets a robustness claim substitute a
 * bound on one part for c*. The value must be nondecreasing in c*; for an expectation claim with
 * randomized parts or a `robust` substitution it must also be concave in c* (affine, say), so
 * that E[bound(c*)] ≤ bound(E[c*]).
 */
export interface CombinationBound {
  /** How it reads in messages, in c*, m, k and the parameters. */
  readonly text: string;
  /** Registry names of the combiners it is about; a claim's policies must be expressions headed by one. */
  readonly combiners: readonly string[];
  /** Its exact value (a rational; irrational terms are bracketed from above and say by how much). */
  value(inputs: CombinationInputs): Fraction;
  /** The quantities behind the value (r, S*, brackets, leniency), for messages. */
  explain(inputs: CombinationInputs): Readonly<Record<string, string>>;
}

/**
 * A proven bound c·OPT_k + b on the cost of a part (in expectation for an expectation claim),
 * standing in for c* in a robustness claim: c* ≤ that part's cost ≤ c·OPT_k + b whatever the
 * predictions.
 */
export interface PartGuarantee {
  /** Registry names of the parts it covers; the combination must have one of them as a part. */
  readonly parts: readonly string[];
  /** Multiplies OPT_k. */
  readonly c: Constant;
  /** Additive term. */
  readonly b: Constant;
  /** Id of the claim that proves it for those parts, e.g. `marking-strict`. */
  readonly claim: string;
}

/** One term of a next-arrival bound: α·OPT + β·η + √(ρ·η·OPT) (ρ = 0: a linear term). */
export interface EtaTerm {
  /** Multiplies OPT. */
  readonly alpha: Constant;
  /** Multiplies η. */
  readonly beta: Constant;
  /** ρ under the square root √(ρ·η·OPT). */
  readonly root: Constant;
}

/**
 * How the inequality is meant: **deterministic** — on every σ (for a randomized policy, for
 * every seed: each seed is a separate case); **expectation** — for E[ALG] over the policy's
 * random choices, checked on the empirical mean over the instance's seeds with a Hoeffding
 * slack (see `checkClaim`).
 */
export type Guarantee = "deterministic" | "expectation";

/**
 * A competitive-ratio claim as data: the policies it is about (registry names), the
 * inequality, its constants (exact), deterministic or in expectation, and its sources.
 * **asserted** claims are proved (or proved in the cited source) and tests assert them;
 * **report-only** claims rest on UNVERIFIED statements: they are evaluated and reported, never
 * asserted.
 */
export interface Claim {
  /** Stable identifier, e.g. `marking-per-phase`. */
  readonly id: string;
  /** The claim in one line of mathematics. */
  readonly statement: string;
  /** Registry names of the policies it is about (`opt` for claims about the optimum alone). */
  readonly policies: readonly string[];
  /** The inequality and its constants. */
  readonly form: ClaimForm;
  /** On every sequence (and seed), or in expectation. */
  readonly guarantee: Guarantee;
  /** Sources, at least one; an UNVERIFIED one makes the claim report-only. */
  readonly citations: readonly Citation[];
  /** `asserted`: tests assert it; `report-only`: evaluated and reported, never asserted. */
  readonly status: "asserted" | "report-only";
  /** Why it holds (a proof sketch), or why it is only reported. */
  readonly why: string;
}
