import { InputError } from "../errors.ts";
import type { AttentionAlgorithm } from "./algorithm.ts";
import { ATTENTION_ALGORITHMS } from "./registry.ts";
import { runAttentionIo } from "./run.ts";
import type { IoRunResult } from "./run.ts";

/** One point of an I/O-versus-M curve (count-only mode, default blocks): a run's counts and their total. */
export interface SweepRow extends Pick<
  IoRunResult,
  "algorithm" | "N" | "d" | "M" | "heads" | "br" | "bc" | "reads" | "writes" | "footprint" | "lowerBound" | "B" |
  "readBlocks" | "writeBlocks"
> {
  /** reads + writes, in words summed over heads. */
  readonly total: number;
}

/** A point the sweep could not run: the algorithm's smallest blocks do not fit in M. */
export interface SweepSkip {
  /** Registry name of the algorithm. */
  readonly algorithm: string;
  /** Fast-memory words of the skipped point. */
  readonly M: number;
  /** Why: the footprint of its smallest blocks. */
  readonly reason: string;
}

/** Options of {@link ioSweep}. */
export interface SweepOptions {
  /** Sequence length. */
  readonly N: number;
  /** Head dimension. */
  readonly d: number;
  /** The fast-memory sizes to run, in words. */
  readonly Ms: readonly number[];
  /** Independent heads, counts summed (default 1). */
  readonly heads?: number;
  /** Block size for Aggarwal–Vitter block counts (default 1). */
  readonly B?: number;
  /** Default: every registered algorithm. */
  readonly algorithms?: readonly AttentionAlgorithm[];
}

/**
 * Slow-memory traffic against M for each algorithm with its default blocks (the largest that fit, least I/O),
 * in count-only mode — which gives exactly the executed counts, so N can be up to 10⁶.
 * Points where an algorithm does not fit are returned in `skipped`, not silently dropped.
 */
export function ioSweep(options: SweepOptions): {
  /** One row per algorithm and M that fits, algorithms in the given order, M ascending as given. */
  rows: SweepRow[];
  /** The (algorithm, M) points whose smallest blocks do not fit. */
  skipped: SweepSkip[];
} {
  const rows: SweepRow[] = [];
  const skipped: SweepSkip[] = [];
  for (const algorithm of options.algorithms ?? ATTENTION_ALGORITHMS) {
    for (const M of options.Ms) {
      if (algorithm.defaultBlocks({ N: options.N, d: options.d }, M) === null) {
        const smallest = algorithm.footprint({ N: options.N, d: options.d }, { br: 1, bc: 1 }, M);
        skipped.push({ algorithm: algorithm.name, M, reason: `needs ${smallest} words at br = bc = 1` });
        continue;
      }
      const r = runAttentionIo({
        algorithm, N: options.N, d: options.d, M, heads: options.heads ?? 1, B: options.B ?? 1, mode: "count",
      });
      rows.push({
        algorithm: r.algorithm, N: r.N, d: r.d, M: r.M, heads: r.heads, br: r.br, bc: r.bc,
        reads: r.reads, writes: r.writes, total: r.reads + r.writes, footprint: r.footprint,
        lowerBound: r.lowerBound, B: r.B, readBlocks: r.readBlocks, writeBlocks: r.writeBlocks,
      });
    }
  }
  return { rows, skipped };
}

/** lo, 2·lo, 4·lo, … up to hi, with hi itself appended when the doubling misses it. */
export function doublingRange(lo: number, hi: number): number[] {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo < 1 || hi < lo) {
    throw new InputError(`bad range ${lo}..${hi}: need integers 1 ≤ lo ≤ hi`);
  }
  const out: number[] = [];
  for (let x = lo; x <= hi; x *= 2) out.push(x);
  if (out[out.length - 1] !== hi) out.push(hi);
  return out;
}

/** Parse a sweep spec `NAME=LO..HI` (e.g. `M=1024..1048576`) into the parameter and its doubling range. */
export function parseSweep(spec: string): {
  /** The swept parameter (only `M` is supported). */
  parameter: string;
  /** LO, 2·LO, 4·LO, … HI. */
  values: number[];
} {
  const m = /^\s*([A-Za-z]+)\s*=\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(spec);
  if (!m) throw new InputError(`--sweep expects NAME=LO..HI (e.g. M=1024..1048576), got '${spec}'`);
  const [, parameter, lo, hi] = m;
  if (parameter !== "M") throw new InputError(`--sweep supports M only, got '${parameter}'`);
  return { parameter, values: doublingRange(Number(lo), Number(hi)) };
}

/** Least-squares slope of ln y against ln x: the exponent a in y ∝ x^a. Needs ≥ 2 distinct x. */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length || xs.length < 2) throw new Error("logLogSlope needs two or more (x, y) pairs");
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  if (sxx === 0) throw new Error("logLogSlope needs distinct x values");
  return sxy / sxx;
}

/** CSV columns of {@link sweepCsv}. */
export const SWEEP_CSV_COLUMNS = [
  "algorithm", "N", "d", "M", "heads", "br", "bc", "reads", "writes", "total", "footprint", "lowerBound",
] as const;

/** The sweep as CSV (header line first); block columns B, readBlocks, writeBlocks are added when B > 1. */
export function sweepCsv(rows: readonly SweepRow[], B = 1): string {
  const cols: (keyof SweepRow)[] = [...SWEEP_CSV_COLUMNS, ...(B > 1 ? (["B", "readBlocks", "writeBlocks"] as const) : [])];
  return [cols.join(","), ...rows.map((r) => cols.map((c) => String(r[c])).join(","))].join("\n") + "\n";
}
