export { smallInstance, driftingInstance, showInstance, type SmallInstance } from "./instances.ts";
export {
  cacheSizes,
  uniformSequences,
  zipfSequences,
  phasedSequences,
  adversarialSequences,
  MAX_ARBITRARY_LENGTH,
  MAX_ZIPF_UNIVERSE,
  type LengthOptions,
  type PhasedOptions,
} from "./sequences.ts";
export {
  nextArrivalPredictions,
  bitPredictions,
  type NextArrivalSample,
  type NextArrivalBudget,
  type BitSample,
  type BitBudget,
} from "./predictions.ts";
