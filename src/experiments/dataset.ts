import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { readTrace, type ReadTraceOptions } from "../traces/read-trace.ts";
import type { StudyTrace } from "./prediction-study.ts";

/** Most files a dataset directory may hold (each is read whole). */
export const MAX_DATASET_FILES = 100_000;

/**
 * Every trace file of a directory, read with {@link readTrace} (so every reader limit and
 * one-line error applies), in byte order of the file names — the order decides which draws of
 * a seeded study each file gets, so it must not depend on the file system. Hidden entries
 * (`.name`) and anything that is not a regular file are skipped; a directory with no trace file,
 * or more than {@link MAX_DATASET_FILES} entries, is an {@link InputError}.
 */
export async function readDataset(dir: string, options: ReadTraceOptions = {}): Promise<StudyTrace[]> {
  let info;
  try {
    info = await stat(dir);
  } catch (err) {
    throw new InputError(`dataset ${dir}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such directory" : (err as Error).message}`);
  }
  if (!info.isDirectory()) throw new InputError(`dataset ${dir}: not a directory`);
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.length > MAX_DATASET_FILES) throw new InputError(`dataset ${dir}: more than ${MAX_DATASET_FILES} entries`);
  const names = entries
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) throw new InputError(`dataset ${dir}: no trace files in it`);
  const traces: StudyTrace[] = [];
  for (const name of names) {
    const { trace } = await readTrace(join(dir, name), options);
    traces.push({ name, requests: trace.requests, universe: trace.distinct });
  }
  return traces;
}
