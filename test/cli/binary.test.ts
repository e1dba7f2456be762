// The installed binary as a user meets it (compiled dist; `npm test` builds it first): the
// version, help that loads no dependency, and plain text (no ANSI codes) when the output is not a
// terminal.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.ts";
import { projectRoot } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";
import { runCli } from "./run-cli.ts";

const bin = resolve(projectRoot, "bin/paging-lab.js");
const recorder = resolve(projectRoot, "test/cli/fixtures/record-loads.mjs");
const tmp = tempDir("paging-lab-bin-");
const version = (JSON.parse(readFileSync(resolve(projectRoot, "package.json"), "utf8")) as { version: string }).version;

// Neither asked for nor refused colour: only whether the streams are terminals may decide.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "FORCE_COLOR" && k !== "NO_COLOR"));

function run(args: string[], extraEnv: Record<string, string> = {}, nodeArgs: string[] = []) {
  if (!existsSync(resolve(projectRoot, "dist/src/cli/main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
  }
  return spawnSync(process.execPath, [...nodeArgs, bin, ...args], { encoding: "utf8", env: { ...env, ...extraEnv } });
}

/** The modules a run of the binary loads (file URLs), and its result. */
function loads(args: string[]): { modules: string[]; status: number | null; stdout: string; stderr: string } {
  const file = tmp.path("loads.txt");
  const r = run(args, { PAGING_LAB_LOADS_FILE: file }, ["--import", recorder]);
  const modules = existsSync(file) ? readFileSync(file, "utf8").trim().split("\n") : [];
  return { modules, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dependencies = (modules: string[]) => modules.filter((m) => m.includes("/node_modules/"));

describe("paging-lab binary", () => {
  it("prints its version", async () => {
    const r = run(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`paging-lab ${version}\n`);
    expect(await runCli(["--version"])).toEqual({ code: 0, stdout: `paging-lab ${version}\n`, stderr: "" });
  });

  // One test per command line, each checking what it loads and that its output is plain text.
  const helps = [["--help"], ["--version"], ...COMMANDS.map((c) => [c.name, "--help"])];
  for (const args of helps) {
    it(`'paging-lab ${args.join(" ")}' loads no dependency and writes plain text`, () => {
      const { modules, status, stdout, stderr } = loads(args);
      expect(status, stderr).toBe(0);
      expect(stdout.length).toBeGreaterThan(0);
      expect(stdout + stderr).not.toMatch(/\x1b/);
      // The recorder saw the CLI itself, so an empty dependency list means something.
      expect(modules.some((m) => m.endsWith("/dist/src/cli/main.js")), modules.join("\n")).toBe(true);
      if (!args[0].startsWith("-")) {
        expect(modules.some((m) => m.endsWith(`/dist/src/cli/commands/${args[0]}.js`))).toBe(true);
      }
      expect(dependencies(modules), `paging-lab ${args.join(" ")} loads`).toEqual([]);
    });
  }

  it("records a dependency when one is loaded (the check above can fail)", () => {
    const file = tmp.path("loads.txt");
    const r = spawnSync(process.execPath, ["--import", recorder, "--input-type=module", "-e", 'await import("tinybench")'], {
      cwd: projectRoot,
      encoding: "utf8",
      env: { ...env, PAGING_LAB_LOADS_FILE: file },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(dependencies(readFileSync(file, "utf8").trim().split("\n"))).toEqual([expect.stringContaining("/node_modules/tinybench/")]);
  });

  const runs = [
    ["simulate", "--k", "20", "--algorithms", "lru,opt"],
    ["kv", "--synthetic", "mixed", "--budget", "0.25", "--layers", "1", "--policies", "h2o,opt"],
    ["simulate", "--k", "0"],
  ];
  for (const args of runs) {
    it(`'paging-lab ${args.join(" ")}' writes no ANSI escape codes into pipes`, () => {
      const r = run(args);
      expect(r.stdout.length + r.stderr.length).toBeGreaterThan(0);
      expect(r.stdout + r.stderr).not.toMatch(/\x1b/);
    });
  }
});
