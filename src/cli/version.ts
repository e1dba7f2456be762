import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The version in the project's package.json, found by walking up from this file (it runs from
 * `src/cli` under vitest and from `dist/src/cli` as the installed binary).
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "paging-lab" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // no package.json at this level (or not ours): keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}
