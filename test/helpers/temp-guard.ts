import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Vitest global setup: the whole run gets a private temporary folder (TMPDIR, which
 * `os.tmpdir()` and the tools the tests spawn honour), and the run fails if a test leaves
 * anything in it. Tests get their folders from `tempDir()` (test/helpers/temp.ts), which removes
 * them; this catches any that do not.
 */
export default function setup(): () => void {
  const outer = tmpdir();
  const root = mkdtempSync(join(outer, "paging-lab-vitest-"));
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root);
    process.env.TMPDIR = outer;
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      // A teardown that throws is only logged by vitest; the exit code is what CI sees.
      console.error(`\ntests left ${left.length} item(s) in the temporary folder: ${left.join(", ")} (use tempDir() from test/helpers/temp.ts)`);
      process.exitCode = 1;
    }
  };
}
