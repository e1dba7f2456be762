/**
 * The package root, `paging-lab`: the paging model — dense traces, the demand-paging engine
 * (`simulate`, `Stepper`), the {@link Policy} interface, every registered policy and the
 * registry — which is also `paging-lab/paging`, plus {@link InputError}, the error every module
 * throws for a mistake the caller can fix. The other modules have their own subpaths
 * (`paging-lab/traces`, `/predictors`, `/adversaries`, `/proofs-check`, `/kv`, `/attention-io`,
 * `/attention-io/chart`, `/notebook`), so importing the root loads neither the readers nor the
 * charting libraries.
 * @module paging-lab
 */
export * from "./errors.ts";
export * from "./paging/index.ts";
