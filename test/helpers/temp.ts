import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { gzipSync } from "node:zlib";

/** A private temporary folder; see {@link tempDir}. */
export interface TempDir {
  /** The folder itself (created on first use). */
  readonly dir: string;
  /** Write `content` (gzipped if asked) to a new file in the folder and return its path. */
  file(name: string, content: Uint8Array | string, gzip?: boolean): string;
  /** A new path in the folder, not created (for outputs and "no such file" cases). */
  path(name: string): string;
  /** A new empty sub-folder, for tests that need files side by side (a trace and its meta.json). */
  subdir(name: string): string;
  /** Remove the folder now (the afterAll hook does it anyway; calling both is harmless). */
  cleanup(): void;
}

/**
 * The one way tests get temporary files: a private folder under `os.tmpdir()`, created on first
 * use and removed by an `afterAll` hook registered here, so no test has to remember to clean up.
 * Call it at the top level of a test file or in a `describe` body (hooks are registered while
 * tests are collected), never inside a test. Names are numbered, so no two calls collide.
 */
export function tempDir(prefix = "paging-lab-test-"): TempDir {
  let dir: string | undefined;
  let n = 0;
  const root = (): string => (dir ??= mkdtempSync(join(tmpdir(), prefix)));
  const cleanup = (): void => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
  afterAll(cleanup);
  return {
    cleanup,
    get dir() {
      return root();
    },
    file(name, content, gzip = false) {
      const path = join(root(), `${n++}-${name}`);
      const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
      return path;
    },
    path(name) {
      return join(root(), `${n++}-${name}`);
    },
    subdir(name) {
      const path = join(root(), `${n++}-${name}`);
      mkdirSync(path);
      return path;
    },
  };
}
