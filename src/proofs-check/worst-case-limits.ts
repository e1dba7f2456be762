/**
 * Limits of the exhaustive worst-case search, in a module with no dependencies so that the
 * command line can print them in `--help` without loading the search.
 * @module
 */

/** Largest cache size the search accepts. */
export const WORST_CASE_MAX_K = 15;

/** Largest number of pages (cache sets are 16-bit masks). */
export const WORST_CASE_MAX_PAGES = 16;

/** Longest sequences the search accepts (requests are stored as bytes per state). */
export const WORST_CASE_MAX_LENGTH = 64;

/** Default cap on the distinct states kept for one length. */
export const DEFAULT_MAX_STATES = 1 << 20;

/** Largest state cap a caller may ask for. */
export const WORST_CASE_MAX_STATES = 1 << 24;

/**
 * Cap on the cache sets (OPT frontier entries and, for randomized policies, distribution
 * entries) stored for one length: the state cap is lowered to this divided by the most one state
 * can hold, so memory stays bounded whatever the pages and k.
 */
export const WORST_CASE_MAX_STORED_SETS = 1 << 26;

/** Default cap on the sequences the fallback enumeration (policies without a canonical state) examines. */
export const DEFAULT_MAX_SEQUENCES = 1 << 22;
