// The limits of the adversarial-prediction search, in a module of their own (no imports) so
// that the command line can state them in its help without loading the search.

/** Most candidates an exhaustive search evaluates, and most iterations of a local search. */
export const WORST_PREDICTIONS_MAX_EVALUATIONS = 1_000_000;
/** Longest request sequence searched. */
export const WORST_PREDICTIONS_MAX_LENGTH = 4096;
/** Most request-steps a local search simulates (iterations × length). */
export const WORST_PREDICTIONS_MAX_WORK = 2 ** 27;
/** Most pages of a sequence family (and of a given sequence). */
export const WORST_PREDICTIONS_MAX_PAGES = 64;
