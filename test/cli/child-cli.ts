import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { projectRoot } from "../helpers/paths.ts";

/** One run of the real CLI in a child process. */
export interface ChildRun {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it (a kill on timeout, an OOM abort), or null. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time in milliseconds. */
  readonly wallMs: number;
  /** Peak resident set size of the child in bytes (its own VmHWM), null if it never exited normally. */
  readonly maxRssBytes: number | null;
  /** True when it was killed for running past the time limit. */
  readonly timedOut: boolean;
}

/** The CLI as a user runs it, built from the current sources into a private folder. */
export interface ChildCli {
  /** Run `paging-lab ARGV` under `node --max-old-space-size=…`; killed after `timeoutMs`. */
  run(argv: readonly string[], options?: { timeoutMs?: number; heapMiB?: number }): Promise<ChildRun>;
  /** Remove the build folder. */
  cleanup(): void;
  /** The built `bin/paging-lab.js`, for tests that drive a child process themselves (kill it mid-run). */
  readonly entry: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? tsFiles(path) : e.name.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Transpile `src/` (type-free, file by file, as `npm run build` would emit it) next to a copy of
 * `bin/paging-lab.js`, so child processes run the real entry point on the sources under test
 * (a stale `dist/` can never be what is tested). A preloaded probe writes the child's peak RSS
 * to a file at exit; a hung child is killed and reported, never waited for.
 */
export function buildChildCli(): ChildCli {
  const root = mkdtempSync(join(tmpdir(), "paging-lab-cli-"));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2023,
    rewriteRelativeImportExtensions: true,
    verbatimModuleSyntax: true,
  };
  for (const file of tsFiles(join(projectRoot, "src"))) {
    const out = join(root, "dist", relative(projectRoot, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, ts.transpileModule(readFileSync(file, "utf8"), { compilerOptions: options, fileName: file }).outputText);
  }
  mkdirSync(join(root, "bin"));
  copyFileSync(join(projectRoot, "bin", "paging-lab.js"), join(root, "bin", "paging-lab.js"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
  symlinkSync(join(projectRoot, "node_modules"), join(root, "node_modules"), "dir");
  const probe = join(root, "rss-probe.js");
  writeFileSync(
    probe,
    // VmHWM is this process's own peak; getrusage's maxRSS would include the RSS of the test
    // runner it was forked from (Linux keeps the pre-exec high-water mark).
    `import { readFileSync, writeFileSync } from "node:fs";\n` +
      `const out = process.env.PAGING_LAB_RSS_FILE;\n` +
      `function peak() {\n` +
      `  try { const m = /VmHWM:\\s*(\\d+) kB/.exec(readFileSync("/proc/self/status", "utf8")); if (m) return Number(m[1]) * 1024; } catch {}\n` +
      `  return process.resourceUsage().maxRSS * 1024;\n` +
      `}\n` +
      `if (out) process.on("exit", () => writeFileSync(out, String(peak())));\n`,
  );
  let runs = 0;
  return {
    entry: join(root, "bin", "paging-lab.js"),
    run(argv, { timeoutMs = 60_000, heapMiB = 512 } = {}) {
      const rssFile = join(root, `rss-${runs++}`);
      const started = performance.now();
      const child = spawn(
        process.execPath,
        [`--max-old-space-size=${heapMiB}`, "--import", pathToFileURL(probe).href, join(root, "bin", "paging-lab.js"), ...argv],
        { env: { ...process.env, PAGING_LAB_RSS_FILE: rssFile, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
      child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, timeoutMs);
      return new Promise<ChildRun>((done) => {
        child.on("close", (code, signal) => {
          clearTimeout(timer);
          let maxRssBytes: number | null = null;
          try {
            maxRssBytes = Number(readFileSync(rssFile, "utf8"));
          } catch {
            maxRssBytes = null;
          }
          done({ code, signal, stdout, stderr, wallMs: performance.now() - started, maxRssBytes, timedOut });
        });
      });
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
