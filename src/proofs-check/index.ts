/**
 * Checking competitive-ratio claims: the classical bounds as data, an exact checker, an
 * exhaustive optimum independent of Belady, and an exhaustive worst-case search.
 * @module
 */
export type { Claim, ClaimForm, Citation, Constant, EtaTerm, EvidenceTag, Guarantee } from "./claim.ts";
export { learningAugmentedClaims, PREDICTED_MARKING_POLICIES } from "./learning-augmented-bounds.ts";
export { claims, classicalClaims, claimById, markerPhaseBound, cruelRatio, PER_PHASE_POLICIES, CRUEL_POLICIES } from "./bounds.ts";
export { checkClaim, formatVerdict, type Instance, type CaseVerdict, type ClaimVerdict } from "./check.ts";
export { bruteForceOpt, OptFrontier, BRUTE_FORCE_MAX_PAGES, type BruteForceOptResult } from "./brute-force-opt.ts";
export { worstCaseRatio, type WorstCase, type WorstCaseOptions } from "./worst-case.ts";
export { markerExpectedFaults, MARKER_EXACT_MAX_PAGES } from "./marker-exact.ts";
export { exactExpectations, type ExactExpectation } from "./exact-expectations.ts";
export { faultFlags, faultsPerPhase } from "./fault-profile.ts";
export { summarizeClaims, formatSummary, type ClaimSummary } from "./report.ts";
export { hoeffdingSlack } from "./hoeffding.ts";
export { harmonic, frac, cmp, show, approx } from "./exact.ts";
export { succinctExpectedFaults, SUCCINCT_EXACT_MAX_PAGES, type SuccinctRule } from "./succinct-exact.ts";
