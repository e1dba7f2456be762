/**
 * Where next-arrival predictions come from in a study: `lognormal` = the literature's synthetic
 * predictor (true next arrival, never-again = 10000·n, plus e^{N(0, σ²)}; one draw of normals per
 * run and trace, shared by the σ grid), `perfect` = the exact next arrival, or a learned online
 * predictor (`pleco`, `popu`, `lru`, deterministic).
 */
export type StudyPredictor = "lognormal" | "perfect" | "pleco" | "popu" | "lru";

/** The noise sources a study can use. */
export const STUDY_PREDICTORS: readonly StudyPredictor[] = ["lognormal", "perfect", "pleco", "popu", "lru"];

/** The σ grid of Antoniadis et al. (ICML 2020) and Lykouris & Vassilvitskii (ICML 2018). */
export const STUDY_SIGMAS: readonly number[] = [0, 2, 5, 10, 20, 50, 100, 200];
