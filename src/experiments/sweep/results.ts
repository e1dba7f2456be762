import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { InputError } from "../../errors.ts";
import type { CellResult } from "./cell.ts";
import { cellId, type CellParams } from "./grid.ts";
import { MAX_RESULTS_BYTES, SWEEP_PREDICTORS } from "./constants.ts";


/** Longest results line accepted; a finished cell's line is a few hundred bytes. */
const MAX_LINE_BYTES = 64 * 1024;

/**
 * The JSONL line of a result: keys in a fixed order, ending in one `\n`. The same result always
 * gives the same bytes, so results files compare line by line.
 */
export function formatResult(r: CellResult): string {
  const o: Record<string, unknown> = { id: r.id, trace: r.trace };
  if (r.format !== undefined) o.format = r.format;
  o.algorithm = r.algorithm;
  o.k = r.k;
  o.seed = r.seed;
  if (r.predictor !== undefined) o.predictor = r.predictor;
  if (r.sigma !== undefined) o.sigma = r.sigma;
  o.faults = r.faults;
  o.requests = r.requests;
  if (r.eta !== undefined) o.eta = r.eta;
  if (r.eta0 !== undefined) o.eta0 = r.eta0;
  if (r.eta1 !== undefined) o.eta1 = r.eta1;
  return JSON.stringify(o) + "\n";
}

/** One line of a results file, parsed and checked. */
export interface ResultLine {
  readonly result: CellResult;
  /** The line's text with its newline, exactly as stored. */
  readonly text: string;
  /** 1-based line number in its file. */
  readonly line: number;
}

/** A results file as read: its complete lines and, when the last one is torn, where it starts. */
export interface ResultsFile {
  readonly path: string;
  readonly lines: readonly ResultLine[];
  /**
   * Byte offset of a torn last line (no trailing newline, or not a valid result: what a crash in
   * the middle of a write or a lost page cache leaves), else null. Every line before it is whole.
   */
  readonly tornAt: number | null;
}

/**
 * Read a results file. A malformed line that is not the last is an {@link InputError} naming the
 * file and line (earlier lines are never torn by the writer, so that is corruption or a foreign
 * file); a malformed or unterminated last line is reported as `tornAt`. Each line is checked:
 * the fields of a result, and an id that is the hash of its parameters.
 */
export function readResults(path: string): ResultsFile {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${path}: cannot read the results: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > MAX_RESULTS_BYTES) throw new InputError(`${path}: ${size} bytes, over the ${MAX_RESULTS_BYTES}-byte limit of a results file`);
  const buf = readFileSync(path);
  const lines: ResultLine[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < buf.length) {
    lineNo++;
    const nl = buf.indexOf(0x0a, start);
    const end = nl < 0 ? buf.length : nl + 1;
    const text = buf.toString("utf8", start, end);
    const problem = nl < 0 ? "no newline at its end" : parseProblem(text);
    if (problem !== null) {
      if (end < buf.length) throw new InputError(`${path} line ${lineNo}: ${problem}`);
      return { path, lines, tornAt: start };
    }
    lines.push({ result: JSON.parse(text) as CellResult, text, line: lineNo });
    start = end;
  }
  return { path, lines, tornAt: null };
}

function parseProblem(text: string): string | null {
  if (text.length > MAX_LINE_BYTES) return `longer than ${MAX_LINE_BYTES} bytes`;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  if (typeof o !== "object" || o === null || Array.isArray(o)) return "not a JSON object";
  const r = o as Record<string, unknown>;
  const nonNegInt = (v: unknown): boolean => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
  if (typeof r.id !== "string" || !/^[0-9a-f]{16}$/.test(r.id)) return "no valid \"id\"";
  if (typeof r.trace !== "string" || typeof r.algorithm !== "string") return "no \"trace\" or \"algorithm\"";
  if (!nonNegInt(r.k) || !nonNegInt(r.seed) || !nonNegInt(r.faults) || !nonNegInt(r.requests)) {
    return "\"k\", \"seed\", \"faults\" and \"requests\" must be non-negative integers";
  }
  if (r.format !== undefined && typeof r.format !== "string") return "\"format\" must be a string";
  if (r.predictor !== undefined && !(SWEEP_PREDICTORS as readonly unknown[]).includes(r.predictor)) return "unknown \"predictor\"";
  if (r.sigma !== undefined && typeof r.sigma !== "number") return "\"sigma\" must be a number";
  const params: CellParams = {
    trace: r.trace,
    ...(r.format === undefined ? {} : { format: r.format as string }),
    algorithm: r.algorithm,
    k: r.k as number,
    seed: r.seed as number,
    ...(r.predictor === undefined ? {} : { predictor: r.predictor as CellParams["predictor"] }),
    ...(r.sigma === undefined ? {} : { sigma: r.sigma as number }),
  };
  if (cellId(params) !== r.id) return `id ${r.id} is not the hash of the line's parameters`;
  return null;
}

/**
 * Appends result lines to a JSONL file so that a crash never corrupts what is written: the file
 * is opened with O_APPEND and each line goes out in one `write` of the whole line (a short write,
 * which regular files do not produce in practice, is completed by further writes of the rest).
 * Durability: a process that dies (SIGKILL, OOM, Ctrl-C) loses only the cells in flight, since
 * written lines are in the kernel's page cache; `fdatasync` runs at most once a second and on
 * close, so a machine crash or power loss loses at most the lines of the last second. What such a
 * crash leaves at the end (a partial line, zero bytes) is a torn last line that `--resume`
 * truncates and redoes.
 */
export class ResultWriter {
  private readonly fd: number;
  private lastSync = Date.now();
  private dirty = false;

  /** Open `path` for appending (created if absent), first truncating it to `truncateAt` if given. */
  constructor(readonly path: string, truncateAt: number | null = null) {
    try {
      this.fd = openSync(path, "a");
      if (truncateAt !== null) ftruncateSync(this.fd, truncateAt);
    } catch (e) {
      throw new InputError(`${path}: cannot write the results: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  /** Append one line (with its newline). */
  append(line: string): void {
    const buf = Buffer.from(line, "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.dirty = true;
    const now = Date.now();
    if (now - this.lastSync >= 1000) {
      fdatasyncSync(this.fd);
      this.lastSync = now;
      this.dirty = false;
    }
  }

  /** Sync and close. */
  close(): void {
    if (this.dirty) fdatasyncSync(this.fd);
    closeSync(this.fd);
  }
}
