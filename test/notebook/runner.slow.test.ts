// End-to-end tests of scripts/run-notebooks.sh on the Deno kernel (needs Jupyter: run
// scripts/ensure-jupyter.sh). Fixture notebooks each exercise one way a run must fail.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/paths.ts";

const fixtures = join(projectRoot, "test/notebook/fixtures");
const names = ["passes", "throws", "type-error", "missing-output"];

interface CellOutput { output_type: string; data?: Record<string, string | string[]>; text?: string | string[] }
interface Notebook { cells: { cell_type: string; outputs?: CellOutput[] }[] }

const join1 = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));

describe("run-notebooks.sh", () => {
  let outDir = "";
  let result: { status: number | null; stdout: string; stderr: string };

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "paging-lab-notebooks-"));
    const run = spawnSync("bash", [join(projectRoot, "scripts/run-notebooks.sh"), ...names.map((n) => join(fixtures, `${n}.ipynb`))], {
      cwd: tmpdir(), // the script must not depend on the caller's cwd
      env: { ...process.env, NOTEBOOK_OUT_DIR: outDir },
      encoding: "utf8",
      timeout: 240_000,
    });
    result = { status: run.status, stdout: run.stdout, stderr: run.stderr };
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

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
    expect(result.stdout).toContain("3 of 4 notebook(s) failed: throws.ipynb, type-error.ipynb, missing-output.ipynb");
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
