import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The one configurable path to the shared real traces: `PAGING_LAB_TRACES`, else `../shared/traces`
 * beside the project (where CI always has it).
 */
export const TRACES_DIR = resolve(projectRoot, process.env.PAGING_LAB_TRACES ?? "../shared/traces");

/** The shared attention traces (`PAGING_LAB_ATTENTION_TRACES`, else `../shared/attention-traces`). */
export const ATTENTION_TRACES_DIR = resolve(
  projectRoot,
  process.env.PAGING_LAB_ATTENTION_TRACES ?? "../shared/attention-traces",
);

/** Absolute path of a file under the shared traces; fails loudly if the folder is missing. */
export function tracePath(relative: string): string {
  if (!existsSync(TRACES_DIR)) {
    throw new Error(`shared traces not found at ${TRACES_DIR}; set PAGING_LAB_TRACES`);
  }
  return resolve(TRACES_DIR, relative);
}

/** Absolute path of a file under the shared attention traces. */
export function attentionTracePath(relative: string): string {
  if (!existsSync(ATTENTION_TRACES_DIR)) {
    throw new Error(`shared attention traces not found at ${ATTENTION_TRACES_DIR}; set PAGING_LAB_ATTENTION_TRACES`);
  }
  return resolve(ATTENTION_TRACES_DIR, relative);
}

export { projectRoot };
