// The sweep's fixed limits and vocabulary, in a file of their own so that `sweep --help` can
// state them without loading the policy registry.

/** Next-arrival predictors a grid's `"predictor"` accepts (those of `simulate --predictor`). */
export const SWEEP_PREDICTORS = ["perfect", "lognormal", "pleco", "popu", "lru"] as const;

/**
 * Most cells one grid may expand to, checked from the list lengths before any cell is built
 * (a cell is a few hundred bytes in memory and one line of results).
 */
export const MAX_SWEEP_CELLS = 1_000_000;

/** Largest grid file read, checked from its size before reading. */
export const MAX_GRID_BYTES = 1 << 20;

/** Keys a grid file may hold. */
export const GRID_KEYS = ["traces", "format", "algorithms", "k", "seeds", "predictor", "sigma"] as const;

/** Largest results file read (`--resume`, `merge`, `status`), checked from its size first. */
export const MAX_RESULTS_BYTES = 2 ** 30;
