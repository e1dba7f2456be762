import { readTrace } from "../../src/traces/index.ts";
import { tracePath } from "./paths.ts";

const reads = new Map<string, ReturnType<typeof readTrace>>();

/** Read a shared trace (path relative to the shared traces folder) once per test process. */
export function readSharedTrace(file: string): ReturnType<typeof readTrace> {
  let read = reads.get(file);
  if (read === undefined) {
    read = readTrace(tracePath(file));
    reads.set(file, read);
  }
  return read;
}
