// Entry point of `npm run figures`: writes the README's figures to docs/figures/*.svg from the
// shared traces, with the chart code the notebooks use (./figures.ts). It runs the built
// JavaScript under Node, the runtime of the tests: Deno's V8 rounds some Math functions (the
// symlog scale's log1p) differently in the last digit. `npm run figures -- --check` writes
// nothing and fails if a committed figure differs from what the code draws now;
// test/notebook/figures.test.ts checks the same. The traces: PAGING_LAB_TRACES (relative to the
// project root), else ../shared/traces.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { README_FIGURES } from "./figures.ts";

// From src/notebook/ (sources) or dist/src/notebook/ (built): the folder holding package.json.
let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(resolve(root, "package.json"))) root = dirname(root);
const tracesDir = resolve(root, process.env.PAGING_LAB_TRACES ?? "../shared/traces");
const checkOnly = process.argv.slice(2).includes("--check");
const outDir = resolve(root, "docs", "figures");
mkdirSync(outDir, { recursive: true });
let stale = 0;
for (const figure of README_FIGURES) {
  const started = performance.now();
  const svg = await figure.render(tracesDir);
  const path = resolve(outDir, `${figure.name}.svg`);
  const same = existsSync(path) && readFileSync(path, "utf8") === svg;
  if (checkOnly) {
    if (!same) stale++;
  } else if (!same) {
    writeFileSync(path, svg);
  }
  const what = checkOnly ? (same ? "up to date" : "STALE") : same ? "unchanged" : "written";
  console.log(`${what.padEnd(10)} docs/figures/${figure.name}.svg  ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
if (stale > 0) {
  console.error(`figures: ${stale} figure(s) differ from the committed files; run 'npm run figures' and commit docs/figures`);
  process.exit(1);
}
