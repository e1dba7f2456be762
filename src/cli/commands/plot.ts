import type { Command, Io } from "../command.ts";
import { parseArgs } from "../args.ts";
import { UsageError } from "../errors.ts";

/** Largest results file `plot` reads: an mrc JSON of 2^22 sizes for a few algorithms. */
const MAX_RESULTS_BYTES = 256 * 2 ** 20;

function help(): string {
  return `paging-lab plot — render saved results as an SVG chart

Usage:
  paging-lab plot RESULTS.json --out FILE.svg

RESULTS.json is the output of 'paging-lab mrc --json'; the chart shows the miss ratio against
the cache size (log axis), one line per algorithm, as 'mrc --plot' draws it.

Limits: RESULTS.json must be a regular file of at most ${MAX_RESULTS_BYTES / 2 ** 20} MiB; a malformed or
inconsistent file (wrong field, a curve of the wrong length, a fault count over the requests) is
a one-line error naming the field.
`;
}

/** `paging-lab plot`: a saved `mrc --json` result as an SVG chart. */
export const plotCommand: Command = {
  name: "plot",
  summary: "render a saved 'mrc --json' result as an SVG chart",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, { options: ["out"] });
    if (args.positionals.length !== 1) throw new UsageError("give one RESULTS.json to plot (paging-lab plot RESULTS.json --out FILE.svg)");
    const out = args.options.get("out");
    if (out === undefined) throw new UsageError("--out FILE.svg is required");
    if (!out.toLowerCase().endsWith(".svg")) throw new UsageError(`--out writes SVG: give a FILE.svg, got '${out}'`);
    const source = args.positionals[0];
    const { readSmallRegularFileSync } = await import("../../files/regular-file.ts");
    const bytes = readSmallRegularFileSync(source, `cannot read ${source}`, MAX_RESULTS_BYTES);
    if (bytes === null) throw new UsageError(`cannot read ${source}: no such file`);
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString("utf8"));
    } catch (err) {
      throw new UsageError(`${source}: not JSON (${(err as Error).message})`);
    }
    const { checkMrcReport } = await import("../mrc-report.ts");
    const report = checkMrcReport(value, source);
    const { writeChart } = await import("./mrc.ts");
    await writeChart(out, report);
    io.stderr.write(`wrote ${out}\n`);
    return 0;
  },
};
