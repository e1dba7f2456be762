/**
 * Predictions for learning-augmented paging: the perfect oracles (next arrival; discard bits from
 * Belady's run or any algorithm's evictions; phase bits from the k-phase partition), the literature's
 * synthetic and learned predictors (lognormal noise, PLECO, POPU, LRU), random and targeted
 * corruption within an error budget, the error measures η (ℓ1) and η₀/η₁ (false keeps / false
 * evicts), and prediction files (CSV or binary) aligned with a trace. Predictions go to policies
 * through `RunContext.predictions`.
 * @module
 */
export { studyNeverAgain, resolveNeverAgain, type NeverAgain } from "./never-again.ts";
export { perfectNextArrival, type PerfectNextArrivalOptions } from "./perfect-next-arrival.ts";
export {
  addLognormalNoise,
  standardNormals,
  applyLognormal,
  syntheticNextArrival,
  type LognormalNoiseOptions,
  type SyntheticNextArrivalOptions,
} from "./lognormal-noise.ts";
export { flipBits, type BitFlipOptions } from "./bit-flips.ts";
export {
  targetedNextArrival,
  randomNextArrival,
  type NextArrivalCorruptionOptions,
  type RandomNextArrivalOptions,
  type NextArrivalCorruption,
} from "./corrupt-next-arrival.ts";
export {
  targetedBitErrors,
  randomBitErrors,
  type BitErrorBudget,
  type TargetedBitErrorOptions,
  type RandomBitErrorOptions,
  type BitCorruption,
} from "./corrupt-bits.ts";
export { nextArrivalError, bitErrors, type NextArrivalErrorOptions, type BitErrors } from "./prediction-error.ts";
export {
  discardBitsFrom,
  perfectDiscardBits,
  type DiscardLabels,
  type DiscardOptions,
  type EvictionLog,
  type NeverAgainConvention,
} from "./discard-oracle.ts";
export { perfectPhaseBits, type PhaseLabels } from "./phase-oracle.ts";
export { nextArrivalQuality, type NextArrivalQuality } from "./prediction-quality.ts";
export { predictAll, type OnlineNextArrivalPredictor } from "./online-predictor.ts";
export { Pleco, PLECO_BRIGHTKITE, type PlecoParameters } from "./pleco.ts";
export { Popu } from "./popu.ts";
export { LruPredictor } from "./lru-predictor.ts";
export { LEARNED_PREDICTORS, createLearnedPredictor, type LearnedPredictorInfo } from "./learned.ts";
export { PREDICTION_FILE, writePredictions } from "./prediction-file.ts";
export {
  readPredictions,
  type PredictionKind,
  type PredictionArray,
  type ReadPredictionsOptions,
  type ReadPredictionsResult,
} from "./read-predictions.ts";
