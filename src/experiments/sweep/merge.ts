import { renameSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../../errors.ts";
import type { SweepCell, SweepGrid } from "./grid.ts";
import { readResults, type ResultLine } from "./results.ts";

/** The results of several files, checked against a grid and deduplicated. */
export interface CollectedResults {
  /** One line per finished cell, by id. */
  readonly byId: ReadonlyMap<string, ResultLine & { readonly file: string }>;
  /** Cells of the grid with no result, in grid order. */
  readonly missing: readonly SweepCell[];
  /** Files whose last line is torn (ignored; `--resume` redoes it). */
  readonly torn: readonly string[];
  /** Lines seen twice with identical content (kept once). */
  readonly duplicates: number;
}

/**
 * Read results files and check them against the grid: every line's id must be a cell of the grid
 * ({@link InputError} otherwise: a file of another grid), a cell found twice must have the same
 * line byte for byte (identical → kept once; conflicting → an InputError naming both places).
 * A torn last line is an error when `allowTorn` is false, else listed in `torn` and ignored.
 */
export function collectResults(grid: SweepGrid, files: readonly string[], allowTorn: boolean): CollectedResults {
  const cells = new Set(grid.cells.map((c) => c.id));
  const byId = new Map<string, ResultLine & { file: string }>();
  const torn: string[] = [];
  let duplicates = 0;
  for (const file of files) {
    const read = readResults(file);
    if (read.tornAt !== null) {
      if (!allowTorn) {
        throw new InputError(`${file}: the last line (byte ${read.tornAt}) is torn; finish that run with 'sweep run --resume' first`);
      }
      torn.push(file);
    }
    for (const l of read.lines) {
      const id = l.result.id;
      if (!cells.has(id)) throw new InputError(`${file} line ${l.line}: cell ${id} is not a cell of ${grid.path}`);
      const seen = byId.get(id);
      if (seen === undefined) byId.set(id, { ...l, file });
      else if (seen.text === l.text) duplicates++;
      else throw new InputError(`cell ${id}: ${seen.file} line ${seen.line} and ${file} line ${l.line} hold different results`);
    }
  }
  return { byId, missing: grid.cells.filter((c) => !byId.has(c.id)), torn, duplicates };
}

/**
 * Merge results files (shards) into `out`, one line per cell in grid order, written to a
 * temporary file and renamed into place (a crash leaves `out` whole or absent). Duplicates and
 * conflicts are handled by {@link collectResults}; torn lines are an error. Cells of the grid with
 * no result are an InputError naming how many and the first, unless `partial` is set.
 */
export function mergeResults(grid: SweepGrid, files: readonly string[], out: string, partial: boolean): CollectedResults {
  if (files.some((f) => resolve(f) === resolve(out))) throw new InputError(`${out} is also an input; merge into another file`);
  const collected = collectResults(grid, files, false);
  if (collected.missing.length > 0 && !partial) {
    const first = collected.missing[0];
    throw new InputError(
      `${collected.missing.length} of ${grid.cells.length} cells of ${grid.path} have no result ` +
        `(first: ${first.id} ${first.algorithm} k=${first.k} seed=${first.seed} on ${first.trace}); ` +
        `'sweep status' lists them, --partial merges anyway`,
    );
  }
  const text = grid.cells.map((c) => collected.byId.get(c.id)?.text ?? "").join("");
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, out);
  } catch (e) {
    throw new InputError(`${out}: cannot write the merged results: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return collected;
}
