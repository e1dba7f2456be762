// `npm run notebooks -- --write` on the Deno kernel (needs Jupyter): a notebook executed and written
// back twice is byte-identical, carries no absolute path, timing or kernel-run metadata, and a
// plain run then finds it up to date — or stale, once its committed outputs are changed.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

const tmp = tempDir("paging-lab-write-mode-");

function run(args: string[], outDir: string): { status: number | null; out: string } {
  const r = spawnSync("bash", [join(projectRoot, "scripts/run-notebooks.sh"), ...args], {
    env: { ...process.env, NOTEBOOK_OUT_DIR: outDir, NOTEBOOK_ALLOW_STALE: "0" },
    encoding: "utf8",
    timeout: 300_000,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

const code = (id: string, source: string) => ({ cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source: [source] });

describe("run-notebooks.sh --write", () => {
  it("writes outputs back deterministically and checks them on the next plain run", () => {
    const dir = tmp.subdir("nb");
    const path = join(dir, "small.ipynb");
    const source = {
      cells: [
        { cell_type: "markdown", id: "c0", metadata: {}, source: ["# small"] },
        // Several prints: Deno may publish them as one stream message or several.
        code("c1", 'for (let i = 0; i < 50; i++) console.log(`line ${i}`);\nconsole.error("to stderr");'),
        // An absolute path in an output: written relative to the notebook.
        code("c2", 'import process from "node:process";\nconsole.log(`${process.cwd()}/data.txt`);'),
        code("c3", "({ answer: 6 * 7 })"),
        code("c4", "Deno.jupyter.html`<b>bold</b>`"),
      ],
      metadata: { kernelspec: { display_name: "Deno", language: "typescript", name: "deno" }, language_info: { file_extension: ".ts", name: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(path, JSON.stringify(source));
    const unwritten = run([path], tmp.subdir("out0"));
    expect(unwritten.status, unwritten.out).toBe(0);
    expect(unwritten.out).toMatch(/committed without outputs; run 'npm run notebooks -- --write'/);

    const first = run(["--write", path], tmp.subdir("out1"));
    expect(first.status, first.out).toBe(0);
    const once = readFileSync(path, "utf8");
    const second = run(["--write", path], tmp.subdir("out2"));
    expect(second.status, second.out).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(once);

    expect(once).not.toContain(dir);
    expect(once).not.toContain(projectRoot);
    const nb = JSON.parse(once);
    // The kernel spec as committed, not this checkout's; the kernel's language info without its version.
    expect(Object.keys(nb.metadata).sort()).toEqual(["kernelspec", "language_info"]);
    expect(nb.metadata.kernelspec).toEqual({ display_name: "Deno", language: "typescript", name: "deno" });
    expect(nb.metadata.language_info).toMatchObject({ file_extension: ".ts", name: "typescript" });
    expect(nb.metadata.language_info).not.toHaveProperty("version");
    const cells = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
    expect(cells.map((c: { execution_count: number }) => c.execution_count)).toEqual([1, 2, 3, 4]);
    for (const c of nb.cells) expect(c.metadata).toEqual({});
    const text = (o: { text: string | string[] }) => (Array.isArray(o.text) ? o.text.join("") : o.text);
    const streams = cells[0].outputs.filter((o: { output_type: string }) => o.output_type === "stream");
    expect(streams.map((o: { name: string }) => o.name)).toEqual(["stdout", "stderr"]);
    expect(text(streams[0])).toBe(Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join(""));
    expect(text(cells[1].outputs[0])).toBe("./data.txt\n");
    expect(cells[2].outputs[0].execution_count).toBe(3);

    const check = run([path], tmp.subdir("out3"));
    expect(check.status, check.out).toBe(0);
    expect(check.out).toMatch(/^ok {4}small\.ipynb {2}\d+\.\d s\n/m);
    // A committed output that a fresh run does not produce is stale.
    writeFileSync(path, once.replace("./data.txt", "./other.txt"));
    const stale = run([path], tmp.subdir("out4"));
    expect(stale.status).toBe(1);
    expect(stale.out).toMatch(/FAIL {2}small\.ipynb .*committed outputs are stale \(first difference: cell 2 /);
  });
});
