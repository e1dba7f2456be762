import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** A private temporary folder for one test file; `cleanup()` removes it. */
export function tempDir(): { file(name: string, content: Uint8Array | string, gzip?: boolean): string; path(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "paging-lab-traces-"));
  let n = 0;
  return {
    file(name, content, gzip = false) {
      const path = join(dir, `${n++}-${name}`);
      const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
      return path;
    },
    path(name) {
      return join(dir, `${n++}-${name}`);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
