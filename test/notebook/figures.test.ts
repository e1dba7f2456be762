import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { README_FIGURES } from "../../src/notebook/figures.ts";
import { projectRoot, TRACES_DIR } from "../helpers/paths.ts";

// The README's figures are committed SVGs written by `npm run figures` (under Deno); the same code
// run here (under Node) must draw them byte for byte, so a change to a chart, a policy or a trace
// reader that moves a figure fails until the figures are regenerated and committed.
describe("docs/figures", () => {
  for (const figure of README_FIGURES) {
    it(`${figure.name}.svg is what the chart code draws now`, async () => {
      const path = join(projectRoot, "docs", "figures", `${figure.name}.svg`);
      expect(existsSync(path), `${path} is missing; run 'npm run figures'`).toBe(true);
      const committed = readFileSync(path, "utf8");
      const drawn = await figure.render(TRACES_DIR);
      expect(drawn.startsWith("<svg") || drawn.startsWith("<?xml"), drawn.slice(0, 80)).toBe(true);
      let at = 0;
      while (at < drawn.length && drawn[at] === committed[at]) at++;
      const where = `first difference at character ${at}: committed ${JSON.stringify(committed.slice(at, at + 60))}, drawn ${JSON.stringify(drawn.slice(at, at + 60))}`;
      expect(drawn === committed, `${figure.name}.svg is stale (${where}); run 'npm run figures' and commit docs/figures`).toBe(true);
    });
  }

  it("the README shows every figure", () => {
    const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
    for (const figure of README_FIGURES) expect(readme).toContain(`](docs/figures/${figure.name}.svg)`);
  });
});
