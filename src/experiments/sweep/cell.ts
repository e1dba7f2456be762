import { resolve } from "node:path";
import { policies } from "../../paging/catalog.ts";
import { simulate } from "../../paging/core/simulate.ts";
import type { Trace } from "../../paging/core/trace.ts";
import { readTrace } from "../../traces/read-trace.ts";
import { PredictionSource } from "../prediction-source.ts";
import type { CellParams, SweepCell } from "./grid.ts";

/**
 * One finished cell: its parameters, its id, and what `simulate` reports for them (`faults`
 * counts cold misses; `eta` / `eta0`, `eta1` as `simulate --json`'s `prediction` field). No
 * timings, so the same cell gives the same line on every run and machine.
 */
export interface CellResult extends CellParams {
  readonly id: string;
  readonly faults: number;
  readonly requests: number;
  /** ℓ1 error of the next-arrival predictions (null for the LRU predictor), when read. */
  readonly eta?: number | null;
  /** False KEEPs of one-bit predictions, when read. */
  readonly eta0?: number;
  /** False EVICTs of one-bit predictions, when read. */
  readonly eta1?: number;
}

/** Traces a runner keeps parsed (the most recently used); cells come grouped by trace. */
const KEPT_TRACES = 2;

/**
 * Runs cells, reusing each parsed trace (and its prediction arrays, per predictor, σ and seed)
 * across the cells of that trace. A cell's result equals `paging-lab simulate --trace T
 * [--format F] --k K --algorithms A --seed S [--predictor P [--sigma σ]]` for its parameters:
 * the same policy factory, seed and {@link PredictionSource}.
 */
export class CellRunner {
  private readonly traces = new Map<string, { trace: Trace; sources: Map<string, PredictionSource> }>();

  /** @param dir directory the cells' trace paths are relative to (the grid file's). */
  constructor(private readonly dir: string) {}

  /** Run one cell. Trace errors are the readers' one-line InputErrors. */
  async run(cell: SweepCell): Promise<CellResult> {
    const entry = await this.load(cell);
    const info = policies.get(cell.algorithm);
    let served: ReturnType<PredictionSource["for"]> = { predictions: {}, report: null };
    if (info.needs.length > 0) {
      // One-bit algorithms' cells carry no predictor: their perfect bits do not depend on it.
      const predictor = cell.predictor ?? "perfect";
      const key = `${predictor} ${cell.sigma ?? ""} ${cell.seed}`;
      let source = entry.sources.get(key);
      if (source === undefined) {
        source = new PredictionSource(
          { source: "predictor", predictor, sigma: cell.sigma, p01: 0, p10: 0, seed: cell.seed },
          entry.trace.requests,
          entry.trace.distinct,
        );
        if (entry.sources.size >= 8) entry.sources.clear();
        entry.sources.set(key, source);
      }
      served = source.for(info, cell.k);
    }
    const run = simulate(policies.create(info.name, cell.k, { seed: cell.seed }), entry.trace.requests, {
      universe: entry.trace.distinct,
      predictions: served.predictions,
    });
    const report = served.report;
    return {
      ...cell,
      faults: run.faults,
      requests: entry.trace.requests.length,
      ...(report === null ? {} : "eta" in report ? { eta: report.eta } : { eta0: report.eta0, eta1: report.eta1 }),
    };
  }

  private async load(cell: SweepCell): Promise<{ trace: Trace; sources: Map<string, PredictionSource> }> {
    const key = `${cell.format ?? ""}\u0000${cell.trace}`;
    const hit = this.traces.get(key);
    if (hit !== undefined) {
      this.traces.delete(key);
      this.traces.set(key, hit);
      return hit;
    }
    if (this.traces.size >= KEPT_TRACES) this.traces.delete(this.traces.keys().next().value!);
    const { trace } = await readTrace(resolve(this.dir, cell.trace), { format: cell.format });
    const entry = { trace, sources: new Map<string, PredictionSource>() };
    this.traces.set(key, entry);
    return entry;
  }
}
