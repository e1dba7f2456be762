import { divide, multiply } from "mathjs";
import type { Fraction } from "mathjs";
import type { Citation, Claim, Constant } from "./claim.ts";
import { frac, harmonic } from "./exact.ts";

/**
 * The bounds of learning-augmented paging, as data (see {@link Claim}): consistency (cost with
 * perfect predictions), smoothness (cost as a function of the prediction error) and the marking
 * structure that gives robustness. `checkClaim` evaluates them on an instance that carries the
 * predictions (`Instance.predictions`); the property tests in `test/proofs-check` assert the
 * `asserted` ones on generated instances with random and targeted prediction errors.
 *
 * Evidence (tags as in `paging-theory.md`): the smoothness constants of the succinct-prediction
 * paper and of L&V and Wei are second-hand [2nd] (quoted from the papers' bodies by third-party
 * notes). Their additive term is unconfirmed; the claims take it as 0 — the strongest reading —
 * and no generated instance has violated that, so a violation would be a finding about b = 0.
 * The consistency and marking claims are derived here [D] with their proofs.
 */

const ZERO: Constant = { text: "0", value: () => frac(0) };
const ONE: Constant = { text: "1", value: () => frac(1) };
const TWO: Constant = { text: "2", value: () => frac(2) };
const K: Constant = { text: "k", value: (k) => frac(k) };
const TWO_K: Constant = { text: "2k", value: (k) => frac(2 * k) };
const K_MINUS_1: Constant = { text: "k−1", value: (k) => frac(k - 1) };
const H_K: Constant = { text: "H_k", value: (k) => harmonic(k) };
const TWO_H_K: Constant = { text: "2H_k", value: (k) => multiply(frac(2), harmonic(k)) as Fraction };
const FOUR_H_K: Constant = { text: "4H_k", value: (k) => multiply(frac(4), harmonic(k)) as Fraction };
// At k = 1 every algorithm pays OPT (one page, every new page faults), so the term is moot there.
const FOUR_OVER_K_MINUS_1: Constant = { text: "4/(k−1)", value: (k) => (k === 1 ? frac(0) : (divide(frac(4), frac(k - 1)) as Fraction)) };
const TWENTY: Constant = { text: "20", value: () => frac(20) };

const NOTES = "paging-theory.md";
const ABEFHLPS: Citation = {
  source:
    "Antoniadis, Boyar, Eliáš, Favrholdt, Hoeksma, Larsen, Polak & Simon, Paging with succinct predictions, ICML 2023 (arXiv 2210.02775)",
  tag: "2nd",
  note: `${NOTES} §2: constants quoted second-hand; additive term UNVERIFIED, checked as 0`,
};
const LV: Citation = {
  source: "Lykouris & Vassilvitskii, Competitive caching with machine learned advice, ICML 2018; JACM 68(4) 2021, Thm 3.3",
  tag: "2nd",
  note: `${NOTES} §3`,
};
const WEI: Citation = {
  source: "Wei, Better and simpler learning-augmented online caching, APPROX/RANDOM 2020 (arXiv 2005.13716), Thm 1.1",
  tag: "2nd",
  note: `${NOTES} §5`,
};

/** Next-arrival algorithms that are marking algorithms whatever the predictions. */
export const PREDICTED_MARKING_POLICIES = ["follow-pred-marking", "predictive-marker", "lmarker", "mark-and-predict"] as const;

/** The learning-augmented claims, by id, in a fixed order. */
export const learningAugmentedClaims: readonly Claim[] = [
  {
    id: "follow-prediction-consistent",
    statement: "with perfect predictions ALG_k = OPT_k (BlindOracle; follow-discard on Belady's labels)",
    policies: ["blind-oracle", "follow-discard", "follow-discard-rand"],
    form: { kind: "perfect", target: "opt" },
    guarantee: "deterministic",
    citations: [{ source: `${NOTES} §2c (S1) and §5`, tag: "D" }],
    status: "asserted",
    why:
      "BlindOracle with exact next arrivals evicts a page requested furthest in the future: an LFD choice, hence optimal " +
      "(ties among never-again pages do not change the cost). Follow-discard on Belady's labels is (S1) with B = Belady: " +
      "it never evicts a KEEP page, so it faults only where Belady faults, for every fallback and seed.",
  },
  {
    id: "marking-consistent",
    statement: "with perfect predictions ALG_k = Σ_i c_i ≤ 2·OPT_k (marking algorithms that follow predictions)",
    policies: [...PREDICTED_MARKING_POLICIES, "lnonmarker"],
    form: { kind: "perfect", target: "clean" },
    guarantee: "deterministic",
    citations: [{ source: `${NOTES} §2c (S2), (T3); test/paging/learning-augmented/consistency.test.ts`, tag: "D" }],
    status: "asserted",
    why:
      "Every marking algorithm faults on each clean page once per phase. With exact predictions the unmarked page chosen on a " +
      "clean fault is one not requested again in the phase (at least c_i such stale pages exist), so no stale page faults; " +
      "Mark&Predict's EVICT pages are exactly those. LNonMarker's random branches are never taken then. (T3) gives ≤ 2·OPT.",
  },
  {
    id: "follow-own-labels",
    statement: "fed B's own discard labels, follow-discard_k ≤ B_k for B ∈ {opt, lru, fifo, fwf}",
    policies: ["follow-discard", "follow-discard-rand"],
    form: { kind: "own-labels", references: ["opt", "lru", "fifo", "fwf"] },
    guarantee: "deterministic",
    citations: [{ source: `${NOTES} §2c (S1)`, tag: "D" }],
    status: "asserted",
    why:
      "KEEP pages stay in B's cache until their next request, so the follower's KEEP pages are a subset of B's cache; if it " +
      "faults with a full cache of KEEP pages, B holds the same k pages and must evict one, whose bit would be EVICT — so an " +
      "EVICT page always exists and a KEEP page is never evicted. A request B hits has bit KEEP at its previous request, hence " +
      "is resident. Needs only demand paging from B (so FWF's flushes qualify).",
  },
  {
    id: "predicted-marking-per-phase",
    statement: "faults of ALG_k in every k-phase ≤ k, whatever the predictions",
    policies: PREDICTED_MARKING_POLICIES,
    form: { kind: "phase-faults", bound: K },
    guarantee: "deterministic",
    citations: [{ source: `${NOTES} §0, (T2)`, tag: "D" }],
    status: "asserted",
    why: "They are marking algorithms (a marked page is never evicted within its phase); predictions only choose among unmarked pages.",
  },
  {
    id: "lnonmarker-per-phase",
    statement: "faults of LNonMarker_k in every k-phase ≤ 2k, whatever the predictions",
    policies: ["lnonmarker"],
    form: { kind: "phase-faults", bound: TWO_K },
    guarantee: "deterministic",
    citations: [{ source: "test/paging/learning-augmented/phases.test.ts (proof there)", tag: "D" }],
    status: "asserted",
    why:
      "It may evict a marked page (when a stale page's evictor was clean), so it is not marking — k+1 faults in a phase occur " +
      "— but every such eviction is charged to a distinct clean or stale arrival of the phase: at most k arrivals and k re-faults.",
  },
  {
    id: "follow-discard-smooth",
    statement: "follow-discard_k ≤ OPT_k + (k−1)·η₀ + η₁ (deterministic (1, k−1, 1)-competitive)",
    policies: ["follow-discard"],
    form: { kind: "bits", truth: "discard", alpha: ONE, beta: K_MINUS_1, gamma: ONE, b: ZERO },
    guarantee: "deterministic",
    citations: [ABEFHLPS],
    status: "asserted",
    why:
      "As quoted; the lower bound α + β ≥ k (all-KEEP bits on the cruel sequence) shows β = k−1 cannot improve with α = 1. " +
      "η₀ = false KEEPs, η₁ = false EVICTs against Belady's labels (the mapping is forced by the lower-bound instances, §2a).",
  },
  {
    id: "follow-discard-rand-smooth",
    statement: "E[follow-discard-rand_k] ≤ OPT_k + 2H_k·η₀ + η₁ (randomized (1, 2H_k, 1)-competitive)",
    policies: ["follow-discard-rand"],
    form: { kind: "bits", truth: "discard", alpha: ONE, beta: TWO_H_K, gamma: ONE, b: ZERO },
    guarantee: "expectation",
    citations: [ABEFHLPS],
    status: "asserted",
    why: "As quoted; the randomized fallback (Marker among unmarked pages) pays O(H_k) per false KEEP instead of k−1.",
  },
  {
    id: "mark-and-predict-smooth",
    statement: "E[mark-and-predict_k] ≤ 2·OPT_k + H_k·η₀ + η₁ ((2, H_k, 1)-competitive; η against the phase labels)",
    policies: ["mark-and-predict"],
    form: { kind: "bits", truth: "phase", alpha: TWO, beta: H_K, gamma: ONE, b: ZERO },
    guarantee: "expectation",
    citations: [{ ...ABEFHLPS, note: `${NOTES} §2b; (2, H_k, 1) and O(log k)-robust quoted second-hand` }],
    status: "asserted",
    why: "With perfect phase bits it pays Σ c_i ≤ 2·OPT (S2); each wrong bit costs at most H_k (false KEEP) or 1 (false EVICT) in expectation.",
  },
  {
    id: "blind-oracle-smooth",
    statement: "BlindOracle_k ≤ OPT_k + 2η (η = ℓ1 error of the next-arrival predictions)",
    policies: ["blind-oracle"],
    form: { kind: "eta", terms: [{ alpha: ONE, beta: TWO, root: ZERO }] },
    guarantee: "deterministic",
    citations: [WEI],
    status: "asserted",
    why: "First term of Wei's min(1 + 2η/OPT, 2 + 4η/((k−1)OPT)) times OPT; each eviction that LFD would not make is paid by prediction error.",
  },
  {
    id: "blind-oracle-smooth-k",
    statement: "BlindOracle_k ≤ 2·OPT_k + 4η/(k−1)",
    policies: ["blind-oracle"],
    form: { kind: "eta", terms: [{ alpha: TWO, beta: FOUR_OVER_K_MINUS_1, root: ZERO }] },
    guarantee: "deterministic",
    citations: [{ ...WEI, tag: "UNVERIFIED", note: `${NOTES} §5: Skachkov et al. quote the term as 4 + 4η/((k−1)OPT)` }],
    status: "report-only",
    why: "Second term of Wei's bound as arXiv v1 states it; a later paper quotes 4·OPT instead of 2·OPT, so it is only reported.",
  },
  {
    id: "predictive-marker-smooth",
    statement: "E[PredictiveMarker_k] ≤ min(2·OPT_k + 2√(5η·OPT_k), 4H_k·OPT_k)",
    policies: ["predictive-marker"],
    form: {
      kind: "eta",
      terms: [
        { alpha: TWO, beta: ZERO, root: TWENTY },
        { alpha: FOUR_H_K, beta: ZERO, root: ZERO },
      ],
    },
    guarantee: "expectation",
    citations: [LV],
    status: "asserted",
    why:
      "L&V's min(2 + 2√(5η/OPT), 4H_k) times OPT (2√(5η·OPT) = √(20·η·OPT)): chains of stale faults are charged to the " +
      "error of the predictions that started them, and the switch to uniform random after H_k steps caps a chain like Marker.",
  },
];
