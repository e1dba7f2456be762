/**
 * Predictions for learning-augmented paging: ground-truth oracles and error measures.
 * @module
 */
export {
  discardBitsFrom,
  perfectDiscardBits,
  type DiscardLabels,
  type DiscardOptions,
  type EvictionLog,
  type NeverAgainConvention,
} from "./discard-oracle.ts";
export { perfectPhaseBits, type PhaseLabels } from "./phase-oracle.ts";
export { bitErrors, type BitErrors } from "./bit-errors.ts";
