import { InputError } from "../errors.ts";
import type { AttentionAlgorithm, AttentionShape, Blocks } from "./algorithm.ts";
import { largestFitting } from "./blocks.ts";
import { MAX_EXECUTE_WORDS, MAX_EXECUTE_WORK, MAX_TRACE_LENGTH } from "./limits.ts";
import { attentionLowerBound } from "./lower-bounds.ts";
import { Scratchpad } from "./machine.ts";
import type { MachineMode } from "./machine.ts";
import { randomHeads } from "./reference.ts";
import type { HeadData } from "./reference.ts";

/** Options of {@link runAttentionIo}. */
export interface IoRunOptions {
  /** The schedule to run (from the registry, `attentionAlgorithm(name)`). */
  readonly algorithm: AttentionAlgorithm;
  /** Sequence length (queries = keys). */
  readonly N: number;
  /** Head dimension. */
  readonly d: number;
  /** Fast-memory words. */
  readonly M: number;
  /** Independent heads (default 1); counts are summed. */
  readonly heads?: number;
  /** Q/O rows per block; missing: see {@link resolveBlocks}. */
  readonly br?: number;
  /** K/V rows per block; a missing one is the largest that fits with the other, both missing are the defaults. */
  readonly bc?: number;
  /** Block size for Aggarwal–Vitter block counts (default 1). */
  readonly B?: number;
  /** `execute` (default), `count` (no arithmetic, N up to 10⁶) or `trace` (records word accesses). */
  readonly mode?: MachineMode;
  /** Execute mode: the heads' inputs; default {@link randomHeads} from `seed`. */
  readonly inputs?: readonly HeadData[];
  /** Seed of the default inputs (default 1). */
  readonly seed?: number;
  /** Trace mode: refuse runs whose trace would exceed this many accesses (default {@link MAX_TRACE_LENGTH}). */
  readonly maxTraceLength?: number;
  /** Execute mode: refuse runs needing more slow-memory words than this (default {@link MAX_EXECUTE_WORDS}). */
  readonly maxSlowWords?: number;
  /** Execute mode: refuse runs of more than this many heads·N²·d multiply-adds (default {@link MAX_EXECUTE_WORK}). */
  readonly maxExecuteWork?: number;
}

/** What execute mode leaves for one head. */
export interface HeadResult {
  /** softmax(QKᵀ/√d)·V, N×d row-major. */
  readonly O: Float64Array;
  /** Row log-sum-exp of the scaled scores, when the kernel writes it (fa2, square). */
  readonly L?: Float64Array;
}

/** One run's counts; reads/writes in words summed over heads. */
export interface IoRunResult {
  /** Registry name of the algorithm. */
  readonly algorithm: string;
  /** Sequence length. */
  readonly N: number;
  /** Head dimension. */
  readonly d: number;
  /** Fast-memory words. */
  readonly M: number;
  /** Independent heads. */
  readonly heads: number;
  /** Q/O rows per block used (given or default). */
  readonly br: number;
  /** K/V rows per block used (given or default); square tiling: = br. */
  readonly bc: number;
  /** Block size of the block counts (1: blocks are words). */
  readonly B: number;
  /** Words read from slow memory, summed over heads. */
  readonly reads: number;
  /** Words written to slow memory, summed over heads. */
  readonly writes: number;
  /** Aligned B-word blocks read (= reads when B = 1). */
  readonly readBlocks: number;
  /** Aligned B-word blocks written (= writes when B = 1). */
  readonly writeBlocks: number;
  /** Peak scratchpad words (≤ M). */
  readonly footprint: number;
  /** The certified lower bound in words ({@link attentionLowerBound}). */
  readonly lowerBound: number;
  /** Word accesses of loaded data by the arithmetic (the trace length). */
  readonly uses: number;
  /** Execute mode: the inputs used (given or generated from the seed). */
  readonly inputs?: readonly HeadData[];
  /** Execute mode: each head's O (N×d) and, when the kernel writes it, L (row log-sum-exp). */
  readonly outputs?: readonly HeadResult[];
  /** Trace mode: the word addresses read from loaded tiles, in order. */
  readonly trace?: Int32Array;
  /** Trace mode: one more than the largest slow-memory address (the paging universe). */
  readonly addressSpace?: number;
}

export { MAX_TRACE_LENGTH, MAX_EXECUTE_WORDS, MAX_EXECUTE_WORK };

function checkPositive(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 1) throw new InputError(`${name} must be a positive integer, got ${v}`);
}

/**
 * The blocks a run uses: both given → checked; one given → the other is the largest that fits
 * with it (square tiles: equal); none → the algorithm's defaults. Blocks whose real footprint
 * exceeds M are an InputError naming the footprint.
 */
export function resolveBlocks(alg: AttentionAlgorithm, shape: AttentionShape, M: number, br?: number, bc?: number): Blocks {
  let blocks: Blocks;
  if (br === undefined && bc === undefined) {
    const found = alg.defaultBlocks(shape, M);
    if (found === null) {
      const smallest = alg.footprint(shape, { br: 1, bc: 1 }, M);
      throw new InputError(
        `${alg.name} does not fit in M = ${M} words: even br = bc = 1 needs a footprint of ${smallest} words`,
      );
    }
    return found;
  }
  if (alg.squareTiles) {
    const b = (br ?? bc)!;
    blocks = { br: br ?? b, bc: bc ?? b };
  } else if (br === undefined || bc === undefined) {
    const fixed = (br ?? bc)!;
    checkPositive(br === undefined ? "--bc" : "--br", fixed);
    const other = largestFitting(shape.N, (x) =>
      alg.footprint(shape, br === undefined ? { br: x, bc: fixed } : { br: fixed, bc: x }, M) <= M,
    );
    const otherName = br === undefined ? "br" : "bc";
    blocks = br === undefined ? { br: Math.max(other, 1), bc: fixed } : { br: fixed, bc: Math.max(other, 1) };
    if (other === 0) {
      throw new InputError(
        `${alg.name} with ${br === undefined ? `bc = ${fixed}` : `br = ${fixed}`} does not fit in M = ${M} words ` +
          `for any ${otherName}: ${otherName} = 1 needs a footprint of ${alg.footprint(shape, blocks, M)} words`,
      );
    }
  } else {
    blocks = { br, bc };
  }
  alg.checkBlocks(shape, blocks);
  const fp = alg.footprint(shape, blocks, M);
  if (fp > M) {
    throw new InputError(
      `${alg.name} with br = ${blocks.br}, bc = ${blocks.bc} needs a footprint of ${fp} words > M = ${M}`,
    );
  }
  return blocks;
}

/**
 * Run an attention algorithm on the two-level machine and count its slow-memory traffic.
 *
 * Execute mode computes O on real Float64 inputs (checked against {@link referenceAttention} by
 * the tests); count mode walks the same schedule code without data, in time independent of N for
 * B = 1; trace mode also records every word address the arithmetic reads from loaded tiles. All
 * three give the same counts. The measured peak footprint is checked against the algorithm's
 * `footprint` (an internal error if they differ).
 */
export function runAttentionIo(options: IoRunOptions): IoRunResult {
  const { algorithm: alg, N, d, M } = options;
  const heads = options.heads ?? 1;
  const B = options.B ?? 1;
  const mode = options.mode ?? "execute";
  checkPositive("N", N);
  checkPositive("d", d);
  checkPositive("M", M);
  checkPositive("heads", heads);
  checkPositive("B", B);
  const shape = { N, d };
  const blocks = resolveBlocks(alg, shape, M, options.br, options.bc);

  let inputs: readonly HeadData[] | undefined;
  if (mode === "execute") {
    const work = heads * N * N * d;
    const workCap = options.maxExecuteWork ?? MAX_EXECUTE_WORK;
    if (work > workCap) {
      throw new InputError(
        `executing ${alg.name} at N = ${N}, d = ${d}, ${heads} head(s) is heads·N²·d = ${work} multiply-adds ` +
          `(cap ${workCap}); use count-only mode (--count-only), which gives the same counts without arithmetic`,
      );
    }
    // A count-mode walk sizes slow memory exactly (one head's address space) before anything is allocated.
    const words = heads * runSchedule(alg, shape, blocks, M, B, "count", 1, undefined, undefined).addressSpace;
    const cap = options.maxSlowWords ?? MAX_EXECUTE_WORDS;
    if (words > cap) {
      throw new InputError(
        `executing ${alg.name} at N = ${N}, d = ${d}, ${heads} head(s) needs ${words} words of slow memory ` +
          `(cap ${cap}); use count-only mode, which gives the same counts`,
      );
    }
    inputs = options.inputs ?? randomHeads(N, d, heads, options.seed ?? 1);
    if (inputs.length !== heads) throw new InputError(`${inputs.length} input heads given for heads = ${heads}`);
    for (const h of inputs) {
      if (h.Q.length !== N * d || h.K.length !== N * d || h.V.length !== N * d) {
        throw new InputError(`input head arrays must hold N·d = ${N * d} values each`);
      }
    }
  }

  let traceLength: number | undefined;
  if (mode === "trace") {
    const dry = runSchedule(alg, shape, blocks, M, B, "count", heads, undefined, undefined);
    traceLength = dry.counts.uses;
    const cap = options.maxTraceLength ?? MAX_TRACE_LENGTH;
    if (traceLength > cap) {
      throw new InputError(
        `the word-access trace of ${alg.name} at N = ${N}, d = ${d}, M = ${M} would have ${traceLength} accesses ` +
          `(cap ${cap}); use a smaller N or a larger M`,
      );
    }
  }

  const run = runSchedule(alg, shape, blocks, M, B, mode, heads, inputs, traceLength);
  const expected = alg.footprint(shape, blocks, M);
  if (run.counts.footprint !== expected) {
    throw new Error(`${alg.name}: measured footprint ${run.counts.footprint} differs from the declared ${expected}`);
  }
  const c = run.counts;
  return {
    algorithm: alg.name,
    N, d, M, heads,
    br: blocks.br,
    bc: blocks.bc,
    B,
    reads: c.reads,
    writes: c.writes,
    readBlocks: c.readBlocks,
    writeBlocks: c.writeBlocks,
    footprint: c.footprint,
    lowerBound: attentionLowerBound(N, d, M, heads).words,
    uses: c.uses,
    ...(run.outputs ? { inputs, outputs: run.outputs } : {}),
    ...(mode === "trace" ? { trace: run.trace!, addressSpace: run.addressSpace } : {}),
  };
}

function runSchedule(
  alg: AttentionAlgorithm, shape: AttentionShape, blocks: Blocks, M: number, B: number,
  mode: MachineMode, heads: number, inputs: readonly HeadData[] | undefined, traceLength: number | undefined,
) {
  const m = new Scratchpad({ M, B, mode, traceLength });
  const outputs: HeadResult[] = [];
  m.repeat(heads, (h) => {
    const data = inputs?.[h];
    const Q = m.slow("Q", shape.N, shape.d, data?.Q);
    const K = m.slow("K", shape.N, shape.d, data?.K);
    const V = m.slow("V", shape.N, shape.d, data?.V);
    const out = alg.schedule(m, { Q, K, V }, shape, blocks);
    if (m.hasData) outputs.push(out.L ? { O: out.O.data, L: out.L.data } : { O: out.O.data });
  });
  if (m.footprintNow !== 0) throw new Error(`${alg.name}: ${m.footprintNow} scratchpad words still allocated at the end`);
  return {
    counts: m.counts(),
    outputs: m.hasData ? outputs : undefined,
    trace: mode === "trace" ? m.trace() : undefined,
    addressSpace: m.addressSpace,
  };
}
