// End-to-end tests of scripts/run-notebooks.sh on the Deno kernel (needs Jupyter: run
// scripts/ensure-jupyter.sh). Fixture notebooks each exercise one way a run must fail, or one
// way outputs could be lost.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

const fixtures = join(projectRoot, "test/notebook/fixtures");
const names = ["passes", "throws", "type-error", "missing-output", "late-outputs"];

interface CellOutput { output_type: string; name?: string; data?: Record<string, string | string[]>; text?: string | string[] }
interface Notebook {
  cells: { cell_type: string; outputs?: CellOutput[] }[];
  metadata: { paging_lab?: { outputs_after_idle: number } };
}

const join1 = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));

describe("run-notebooks.sh", () => {
  const tmp = tempDir("paging-lab-notebooks-");
  let outDir = "";
  let result: { status: number | null; stdout: string; stderr: string };
  // A per-user Jupyter data folder whose "deno" kernel is broken, as another clone (or a deleted
  // one) can leave it: the runner must use this checkout's own spec and leave that one alone.
  let userSpec = "";
  const brokenSpec = JSON.stringify({ argv: ["/nonexistent/deno", "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" });

  beforeAll(() => {
    outDir = tmp.subdir("executed");
    const userData = tmp.subdir("jupyter-user-data");
    mkdirSync(join(userData, "kernels/deno"), { recursive: true });
    userSpec = join(userData, "kernels/deno/kernel.json");
    writeFileSync(userSpec, brokenSpec);
    const run = spawnSync("bash", [join(projectRoot, "scripts/run-notebooks.sh"), ...names.map((n) => join(fixtures, `${n}.ipynb`))], {
      cwd: tmpdir(), // the script must not depend on the caller's cwd
      env: { ...process.env, NOTEBOOK_OUT_DIR: outDir, JUPYTER_DATA_DIR: userData },
      encoding: "utf8",
      timeout: 240_000,
    });
    result = { status: run.status, stdout: run.stdout, stderr: run.stderr };
  });

  const lineFor = (name: string): string => {
    const start = result.stdout.split("\n").findIndex((l) => l.includes(`${name}.ipynb`));
    expect(start, `no report line for ${name}:\n${result.stdout}\n${result.stderr}`).toBeGreaterThanOrEqual(0);
    const lines = result.stdout.split("\n");
    let end = start + 1;
    while (end < lines.length && lines[end].startsWith(" ")) end++;
    return lines.slice(start, end).join("\n");
  };

  it("exits non-zero and counts the failed notebooks", () => {
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain("3 of 5 notebook(s) failed: throws.ipynb, type-error.ipynb, missing-output.ipynb");
  });

  it("runs the kernel of this checkout, whatever the per-user kernel spec says, and leaves it alone", () => {
    expect(lineFor("passes")).toMatch(/^ok /);
    expect(readFileSync(userSpec, "utf8")).toBe(brokenSpec);
    const spec = JSON.parse(readFileSync(join(projectRoot, "notebooks/.jupyter/kernels/deno/kernel.json"), "utf8")) as { argv: string[] };
    expect(spec.argv[0]).toBe(join(projectRoot, "node_modules/.bin/deno"));
  });

  it("keeps every output Deno publishes after the cell's idle status, each in its own cell, in order", () => {
    expect(lineFor("late-outputs")).toMatch(/^ok {4}late-outputs\.ipynb {2}\d+\.\d s/);
    const nb = JSON.parse(readFileSync(join(outDir, "late-outputs.ipynb"), "utf8")) as Notebook;
    const code = nb.cells.filter((c) => c.cell_type === "code");
    const shown = code.map((c) => {
      const outputs = c.outputs ?? [];
      const stream = (name: string) => outputs.filter((o) => o.output_type === "stream" && o.name === name).map((o) => join1(o.text)).join("");
      const rich = outputs.filter((o) => o.output_type !== "stream");
      return {
        stdout: stream("stdout"),
        stderr: stream("stderr"),
        results: rich.map((o) => `${o.output_type}:${join1(o.data?.["text/plain"] ?? o.data?.["text/html"])}`),
        // The value comes after everything the cell printed.
        resultLast: rich.length === 0 || outputs.at(-1) === rich.at(-1),
      };
    });
    const flood = Array.from({ length: 2000 }, (_, i) => `${i}\n`).join("");
    const value = (text: string) => ({ stdout: "", stderr: "", results: [`execute_result:${text}`], resultLast: true });
    expect(shown).toEqual([
      { stdout: flood, stderr: "", results: ['execute_result:"flood done"'], resultLast: true },
      value("2"),
      value('"a string"'),
      { ...value("[ 1, 2, 3 ]"), stdout: "before\n" },
      value("42"),
      value('{ k: 2, name: "lru" }'),
      value("<b>bold</b>"),
      { ...value('"after stderr"'), stderr: "to stderr\n" },
      value("42"),
    ]);
    // Most of the 2,000 lines reach IOPub after the flood cell's idle (about 1,900 measured), so
    // this fixture does exercise what stock nbclient would drop.
    expect(nb.metadata.paging_lab?.outputs_after_idle).toBeGreaterThan(0);
  });

  it("runs a good notebook and keeps every output, from a foreign cwd", () => {
    expect(lineFor("passes")).toMatch(/^ok {4}passes\.ipynb {2}\d+\.\d s/);
    const nb = JSON.parse(readFileSync(join(outDir, "passes.ipynb"), "utf8")) as Notebook;
    const code = nb.cells.filter((c) => c.cell_type === "code");
    const plain = code.map((c) =>
      (c.outputs ?? []).map((o) => (o.output_type === "stream" ? join1(o.text) : join1(o.data?.["text/plain"]))).join(""),
    );
    // LRU with k = 2 on 0 1 2 0 1 2 faults on every request.
    expect(plain).toEqual(["", "6", "7", "printed\n", "{ faults: 6, k: 2 }"]);
  });

  it("names the notebook, cell and error of a throwing cell", () => {
    const report = lineFor("throws");
    expect(report).toContain("FAIL  throws.ipynb");
    expect(report).toContain("cell 1 (code cell #2: 'function expectFour(a: number): number {') raised Error: expected 4, got 3");
    expect(report).toContain("at expectFour");
  });

  it("type-checks cells before running them, reporting cell and line", () => {
    const report = lineFor("type-error");
    expect(report).toContain("type errors (deno check)");
    expect(report).toContain("Type 'number' is not assignable to type 'string'");
    expect(report).toContain("at cell 1, line 2:7");
  });

  it("fails a cell tagged expect-output that showed nothing", () => {
    expect(lineFor("missing-output")).toContain("no output from cell 1 (code cell #2: 'const silent = 3;')");
  });
});

describe("trailing-expression heuristic of execute_notebooks.py", () => {
  // source → whether the cell must show a value
  const cases: Record<string, boolean> = {
    "1 + 1": true,
    "x;": true,
    "renderTable(rows, { digits: 2 })": true,
    "`${n} checks passed`": true,
    "a === 1": true,
    "const t = [\n  1,\n  2];\nt": true,
    "x // trailing comment": true,
    'fn(")")': true,
    "const a = 1": false,
    "a = 1": false,
    "a.b += 2": false,
    "})": false,
    "foo(\n  1\n)": false,
    "console.log(x)": false,
    "await Deno.jupyter.display(x)": false,
    "rows.push(1)": false,
    "undefined": false,
    "null": false,
    "if (x) y": false,
    "{ a: 1 }": false,
    "// only a comment": false,
    "/* a block\n   comment */": false,
  };

  it("classifies the reference cases", () => {
    const script = [
      "import json, sys",
      `sys.path.insert(0, ${JSON.stringify(join(projectRoot, "scripts"))})`,
      "from execute_notebooks import looks_like_trailing_expression as f",
      "cases = json.load(sys.stdin)",
      "print(json.dumps({k: f(k) for k in cases}))",
    ].join("\n");
    const run = spawnSync("/usr/bin/python3", ["-c", script], { input: JSON.stringify(Object.keys(cases)), encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(cases);
  });
});
