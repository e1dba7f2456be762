import type { Scratchpad, SlowArray } from "./machine.ts";

/** Problem size of one attention head: N queries/keys of head dimension d. */
export interface AttentionShape {
  /** Sequence length (queries = keys). */
  readonly N: number;
  /** Head dimension. */
  readonly d: number;
}

/**
 * Block sizes of a schedule. For the FlashAttention kernels `br` rows of Q/O and `bc` rows of
 * K/V per tile (Dao et al. 2022); for standard attention the output tile of each matmul
 * (br × bc, and br × min(bc, d) for PV); for square tiling br = bc = the square tile side.
 */
export interface Blocks {
  /** Rows of Q (and O) per block; the output tile's rows in standard attention. */
  readonly br: number;
  /** Rows of K and V per block; the output tile's columns in standard attention. */
  readonly bc: number;
}

/** Slow-memory traffic in words for one head. */
export interface IoCount {
  /** Words moved slow → fast. */
  readonly reads: number;
  /** Words moved fast → slow. */
  readonly writes: number;
}

/** The inputs of one head in slow memory (N×d each, row-major). */
export interface HeadInputs {
  /** Queries. */
  readonly Q: SlowArray;
  /** Keys. */
  readonly K: SlowArray;
  /** Values. */
  readonly V: SlowArray;
}

/**
 * What a schedule leaves in slow memory: O = softmax(QKᵀ/√d)·V (N×d) and, when the kernel
 * writes it, the row log-sum-exp L_i = log Σ_j exp(s_ij) of the scaled scores (1×N).
 */
export interface HeadOutputs {
  /** The attention output, N×d. */
  readonly O: SlowArray;
  /** Row log-sum-exp of the scaled scores, 1×N, if the kernel writes it. */
  readonly L?: SlowArray;
}

/**
 * One attention algorithm on the two-level machine. Everything the CLI, the sweep and the
 * tests need is here, so they pick an algorithm from the registry and never by name.
 *
 * Contract (tested for every registered algorithm):
 * - `schedule` computes softmax(QKᵀ/√d)V with the max-shift convention of {@link referenceAttention};
 * - its peak scratchpad occupancy equals `footprint(shape, blocks, M)` whenever that is ≤ M;
 * - its word counts equal `closedForm(shape, blocks, M)` exactly;
 * - `defaultBlocks` returns blocks that fit (footprint ≤ M), are maximal (neither can grow and
 *   still fit) and have the least closedForm total among all blocks that fit, or null when none
 *   fits.
 */
export interface AttentionAlgorithm {
  /** Registry name (`standard`, `fa1`, `fa2`, `square`). */
  readonly name: string;
  /** One line: what it is and where it comes from. */
  readonly summary: string;
  /** True when the schedule has one tile side (br = bc), as square tiling does. */
  readonly squareTiles: boolean;
  /** Peak scratchpad words the schedule needs at these blocks (M matters only where a free parameter fills the rest). */
  footprint(shape: AttentionShape, blocks: Blocks, M: number): number;
  /** Exact words read and written for one head (derivations in closed-forms.ts). */
  closedForm(shape: AttentionShape, blocks: Blocks, M: number): IoCount;
  /** The largest blocks that fit in M words with the least I/O (see {@link bestBlocks}), or null if even the smallest do not fit. */
  defaultBlocks(shape: AttentionShape, M: number): Blocks | null;
  /** Throw an InputError if user-chosen blocks are malformed for this algorithm (not for size). */
  checkBlocks(shape: AttentionShape, blocks: Blocks): void;
  /** Run the schedule for one head on the machine. */
  schedule(machine: Scratchpad, inputs: HeadInputs, shape: AttentionShape, blocks: Blocks): HeadOutputs;
}
