/**
 * Experiments over many traces: the learning-augmented paging study of the literature (every
 * algorithm on every trace of a dataset, for a grid of prediction noise, over seeded runs),
 * single-threaded or split over worker threads with identical results.
 * @module
 */
export {
  runPredictionStudy,
  summarizeStudy,
  mergeStudyTotals,
  STUDY_SIGMAS,
  STUDY_PREDICTORS,
  type StudyTrace,
  type StudyPredictor,
  type StudyOptions,
  type StudyTotals,
  type StudyRow,
  type StudyReport,
} from "./prediction-study.ts";
export { runStudyInWorkers } from "./parallel-study.ts";
export { readDataset, MAX_DATASET_FILES } from "./dataset.ts";
export { mixSeed, nameHash } from "./seeds.ts";
