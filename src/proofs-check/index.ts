/**
 * Checking competitive-ratio claims: the classical bounds as data, an exact checker, an
 * exhaustive optimum independent of Belady, an exhaustive worst-case search, and the tools to
 * property-test your own policy — fast-check arbitraries of request sequences, predictions with
 * bounded error and cache sizes, and `assertCompetitive` / `checkCompetitive`.
 * @module
 */
export type {
  Claim,
  ClaimForm,
  Citation,
  Constant,
  EtaTerm,
  EvidenceTag,
  Guarantee,
  CombinationBound,
  CombinationInputs,
  PartGuarantee,
} from "./claim.ts";
export { learningAugmentedClaims, PREDICTED_MARKING_POLICIES } from "./learning-augmented-bounds.ts";
export { robustClaims, MARKING_PARTS } from "./robust-bounds.ts";
export {
  COMBINE_DET_SWITCHING,
  COMBINE_RAND_HEDGE,
  combinationOf,
  combineDetRatio,
  combineRandBeta,
  powersBelow,
  type Combination,
} from "./combination.ts";
export { lnBracket, decimalFraction, type Bracket } from "./exact-real.ts";
export { claims, classicalClaims, claimById, markerPhaseBound, cruelRatio, PER_PHASE_POLICIES, CRUEL_POLICIES } from "./bounds.ts";
export { checkClaim, formatVerdict, type Instance, type CaseVerdict, type ClaimVerdict } from "./check.ts";
export { bruteForceOpt, OptFrontier, BRUTE_FORCE_MAX_PAGES, type BruteForceOptResult } from "./brute-force-opt.ts";
export { worstCaseRatio, type WorstCase, type WorstCaseOptions } from "./worst-case.ts";
export { markerExpectedFaults, MARKER_EXACT_MAX_PAGES } from "./marker-exact.ts";
export { exactExpectations, exactExpectationFor, type ExactExpectation } from "./exact-expectations.ts";
export { combineRandExpectations, densePages, partTimeline, COMBINE_RAND_EXACT_MAX_PAGES, type PartTimeline } from "./combine-rand-exact.ts";
export { guardExpectedFaults, GUARD_EXACT_MAX_STATES } from "./guard-exact.ts";
export { faultFlags, faultsPerPhase } from "./fault-profile.ts";
export { summarizeClaims, formatSummary, type ClaimSummary } from "./report.ts";
export { hoeffdingSlack } from "./hoeffding.ts";
export { harmonic, frac, cmp, show, approx } from "./exact.ts";
export { succinctExpectedFaults, SUCCINCT_EXACT_MAX_PAGES, type SuccinctRule } from "./succinct-exact.ts";
export {
  exactWorstCase,
  canonicalSequenceCount,
  EXACT_WORST_CASE_RANDOMIZED,
  type ExactWorstCase,
  type ExactWorstCaseOptions,
} from "./exact-worst-case.ts";
export * from "./worst-case-limits.ts";
export {
  searchWorstCase,
  checkWorstCaseOptions,
  type WorstCaseSearch,
  type CheckedWorstCaseOptions,
} from "./worst-case-search.ts";
export { claimBattery, claimStanding, runClaimBattery, type BatteryInstance, type ClaimRun, type ClaimStanding } from "./claim-battery.ts";
export { WorkFunction, Scratch } from "./work-function.ts";
export {
  checkPotential,
  assertPotential,
  checkPotentialExhaustive,
  formatPotentialViolation,
  PotentialError,
  type Potential,
  type PotentialArgument,
  type PotentialInstance,
  type PotentialReport,
  type PotentialViolation,
  type OfflineSchedules,
  type ExhaustivePotentialOptions,
  type ExhaustivePotentialReport,
} from "./potential.ts";
export type { PotentialState, CacheView, AlgView } from "./potential-state.ts";
export { LRU_RANK_POTENTIAL, FIFO_RANK_POTENTIAL, FWF_MARKING_POTENTIAL, markingPotential, rankPotential } from "./potential-examples.ts";
export { ScheduleGraph, SCHEDULE_GRAPH_MAX_STATES } from "./offline-schedules.ts";
export {
  worstPredictions,
  PredictionSpace,
  WORST_PREDICTIONS_MAX_EVALUATIONS,
  WORST_PREDICTIONS_MAX_LENGTH,
  WORST_PREDICTIONS_MAX_WORK,
  WORST_PREDICTIONS_MAX_PAGES,
  type WorstPredictions,
  type WorstPredictionsOptions,
  type RegisteredBound,
  type PredictionBudget,
  type PredictionError,
} from "./adversarial-predictions.ts";
export {
  assertCompetitive,
  checkCompetitive,
  CompetitiveViolation,
  type PolicyFactory,
  type BoundConstant,
  type CompetitiveBound,
  type CompetitiveOptions,
  type CompetitiveWitness,
  type CompetitiveReport,
} from "./competitive.ts";
export * from "./arbitraries/index.ts";
export { MODERN_COMPETITIVENESS, type ModernCompetitiveness, type WorstCaseRecord } from "./modern-competitiveness.ts";
