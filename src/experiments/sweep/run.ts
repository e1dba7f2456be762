import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError } from "../../errors.ts";
import { CellRunner, type CellResult } from "./cell.ts";
import { shardOf, type SweepCell, type SweepGrid } from "./grid.ts";
import { formatResult, readResults, ResultWriter } from "./results.ts";

/** A deterministic part of a grid: the cells whose {@link shardOf} is `index` of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Options of {@link runSweep}. */
export interface SweepRunOptions {
  readonly grid: SweepGrid;
  /** The JSONL results file, appended to. */
  readonly out: string;
  /** Worker threads (1 = run in this thread). */
  readonly workers: number;
  readonly shard?: Shard;
  /** Continue `out`: skip its complete cells, truncate a torn last line. Without it `out` must be absent or empty. */
  readonly resume: boolean;
  /** Called after each finished cell with the cells done and the cells of the run (shard). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What a run did. */
export interface SweepRunSummary {
  /** Cells of the grid (or of the shard). */
  readonly cells: number;
  /** Of those, already in `out` when resuming. */
  readonly skipped: number;
  /** Cells run now. */
  readonly ran: number;
  /** Byte offset where a torn last line was cut off when resuming, else null. */
  readonly truncatedAt: number | null;
}

/** The cells of a grid in shard `shard` (all cells without one), in grid order. */
export function shardCells(grid: SweepGrid, shard?: Shard): SweepCell[] {
  return shard === undefined ? [...grid.cells] : grid.cells.filter((c) => shardOf(c.id, shard.count) === shard.index);
}

/**
 * Run the cells of a grid (or of one shard of it) and append one line per finished cell to
 * `out` (see {@link ResultWriter} for what a crash can lose). With `resume`, cells already in
 * `out` are skipped — each line's id must belong to the grid — and a torn last line is truncated
 * and its cell redone. Results do not depend on the number of workers or the order of
 * completion; only the order of lines does. Workers run the compiled JavaScript (`dist/`); from
 * TypeScript sources only `workers` = 1 is possible. Each worker keeps its two most recent traces
 * parsed and is handed cells of the trace it holds while any are left.
 */
export async function runSweep(options: SweepRunOptions): Promise<SweepRunSummary> {
  const { grid, out, workers } = options;
  if (!Number.isSafeInteger(workers) || workers < 1) throw new InputError(`workers must be a positive integer, got ${workers}`);
  const cells = shardCells(grid, options.shard);
  const done = new Set<string>();
  let truncatedAt: number | null = null;
  if (existsSync(out) && statSync(out).size > 0) {
    if (!options.resume) throw new InputError(`${out} exists and is not empty; give --resume to continue it, or another --out`);
    const existing = readResults(out);
    const ids = new Set(grid.cells.map((c) => c.id));
    for (const l of existing.lines) {
      if (!ids.has(l.result.id)) throw new InputError(`${out} line ${l.line}: cell ${l.result.id} is not a cell of ${grid.path}`);
      done.add(l.result.id);
    }
    truncatedAt = existing.tornAt;
  }
  const pending = cells.filter((c) => !done.has(c.id));
  const skipped = cells.length - pending.length;
  const writer = new ResultWriter(out, truncatedAt);
  let finished = skipped;
  const record = (r: CellResult): void => {
    writer.append(formatResult(r));
    options.onProgress?.(++finished, cells.length);
  };
  try {
    if (workers === 1 || pending.length <= 1) {
      const runner = new CellRunner(grid.dir);
      for (const cell of pending) record(await runner.run(cell));
    } else {
      await runInWorkers(grid.dir, pending, Math.min(workers, pending.length), record);
    }
  } finally {
    writer.close();
  }
  return { cells: cells.length, skipped, ran: pending.length, truncatedAt };
}

/** Cells grouped by trace, handed out preferring the trace a worker already holds. */
class CellQueue {
  private readonly groups = new Map<string, SweepCell[]>();

  constructor(cells: readonly SweepCell[]) {
    for (const c of [...cells].reverse()) {
      const key = traceKey(c);
      let g = this.groups.get(key);
      if (g === undefined) this.groups.set(key, (g = []));
      g.push(c); // reversed, so pop() yields grid order
    }
  }

  next(holding: string | null): SweepCell | undefined {
    let group = holding === null ? undefined : this.groups.get(holding);
    if (group === undefined || group.length === 0) {
      // The largest group left: fewest re-parses when workers must share a trace.
      group = undefined;
      for (const g of this.groups.values()) if (g.length > 0 && (group === undefined || g.length > group.length)) group = g;
    }
    return group?.pop();
  }
}

function traceKey(c: SweepCell): string {
  return `${c.format ?? ""}\u0000${c.trace}`;
}

function runInWorkers(dir: string, cells: readonly SweepCell[], workers: number, record: (r: CellResult) => void): Promise<void> {
  const script = new URL("./worker.js", import.meta.url);
  if (!existsSync(fileURLToPath(script))) {
    throw new InputError("worker threads need the built CLI (npm run build); run with one worker from TypeScript sources");
  }
  const queue = new CellQueue(cells);
  return new Promise<void>((resolve, reject) => {
    const pool: Worker[] = [];
    let failed = false;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(err);
    };
    const working = new Set<Worker>();
    const feed = (w: Worker, holding: string | null): void => {
      const cell = queue.next(holding);
      if (cell === undefined) {
        void w.terminate();
        if (working.size === 0 && !failed) resolve();
        return;
      }
      working.add(w);
      w.postMessage(cell);
    };
    for (let i = 0; i < workers; i++) {
      const w = new Worker(script, { workerData: { dir } });
      pool.push(w);
      w.on("message", (m: { kind: string; result?: CellResult; message?: string; input?: boolean }) => {
        working.delete(w);
        if (m.kind === "result") {
          try {
            record(m.result!);
          } catch (e) {
            fail(e as Error);
            return;
          }
          if (!failed) feed(w, traceKey(m.result!));
        } else fail(m.input ? new InputError(m.message!) : new Error(m.message));
      });
      w.on("error", (e) => fail(e));
      w.on("exit", (code) => {
        if (working.has(w) && !failed) fail(new Error(`sweep worker ${i} exited with code ${code}`));
      });
      feed(w, null);
    }
  });
}
