import type { Command, Io } from "../command.ts";
import { byteSize, distinctItems, expressionList, nonNegativeInt, parseArgs, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";
import type { MrcReport } from "../mrc-report.ts";
import { formatTable, grouped } from "../table.ts";
// The curves, the registry, the readers and the chart load only when the command runs, so that
// `mrc --help` stays light; these two constants are restated here for the same reason and
// checked equal to their sources by the tests.
/** = MAX_CURVE_SIZES of src/paging/analysis/fault-curve.ts. */
export const MRC_MAX_ONE_PASS = 2 ** 22;
/** = MAX_PER_SIZE_SIZES of src/paging/analysis/fault-curve.ts. */
export const MRC_MAX_PER_SIZE = 4096;

const DEFAULT_ALGORITHMS = "lru,opt";

function help(): string {
  return `paging-lab mrc — miss counts at every cache size 1..K in one pass (miss-ratio curves)

Usage:
  paging-lab mrc --trace PATH [--format F] [--algorithms lru,opt] [--max-k K] [--json] [--plot FILE.svg]

Options:
  --trace PATH       request trace (formats and detection as for 'paging-lab simulate')
  --format F         txt, arc, be32, oracleGeneral, vscsi or csv (inferred when unambiguous)
  --column C, --delimiter D, --keys K
                     csv / txt id options, as for 'paging-lab simulate'
  --cache            reuse the parsed trace from the cache directory, as for 'paging-lab simulate'
  --algorithms LIST  comma-separated (default ${DEFAULT_ALGORITHMS}). lru and opt (Belady) take one
                     pass over the trace for all sizes; any other algorithm that needs no
                     predictions runs once per size (fifo, clock, marker, ..., combiner
                     expressions), randomized ones with --seed at every size
  --max-k K          largest cache size (default: the trace's distinct pages, at most
                     ${MRC_MAX_ONE_PASS} for lru/opt and ${MRC_MAX_PER_SIZE} when a per-size algorithm is listed)
  --seed S           seed of randomized algorithms (default 1)
  --json             {"trace", "requests", "maxK", "faults": {"lru": [f(1), ..., f(K)], ...}}
  --plot FILE.svg    also write the curves (miss ratio against k, log axis) as an SVG chart
  --max-requests N, --max-distinct N, --max-decompressed SIZE
                     trace limits, as for 'paging-lab simulate'

Faults count cold misses; f(k) equals 'paging-lab simulate --k k' for every k.
Without --json a table shows sizes 1, 2, 5, 10, 20, 50, ... and K.

Limits (checked before the trace is read or anything is allocated):
  --max-k <= ${MRC_MAX_ONE_PASS} with lru/opt only, <= ${MRC_MAX_PER_SIZE} with any other algorithm (each runs K times).
  Memory beyond the trace: lru 4 bytes a request + 8 a size; opt about 48 bytes a size
  (sizes above the distinct pages cost nothing) + 4 a distinct page.
  Time: lru O(n log n); opt O(n (1 + m) log K), m = the average length of its marker staircase
  (tens to a few hundred on real traces); others K simulations.
`;
}

/** `paging-lab mrc`: fault counts at every cache size for LRU/OPT in one pass, others per size. */
export const mrcCommand: Command = {
  name: "mrc",
  summary: "miss counts at every cache size 1..K in one pass (LRU, OPT), as JSON, a table or an SVG chart",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, {
      options: ["trace", "format", "column", "delimiter", "keys", "algorithms", "max-k", "seed", "plot", "max-requests", "max-distinct", "max-decompressed"],
      flags: ["json", "cache"],
    });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const path = args.options.get("trace");
    if (path === undefined) throw new UsageError("--trace PATH is required");
    const seed = nonNegativeInt("seed", args.options.get("seed") ?? "1");
    const keys = args.options.get("keys");
    if (keys !== undefined && keys !== "auto" && keys !== "number" && keys !== "string") {
      throw new UsageError(`--keys must be auto, number or string, got '${keys}'`);
    }
    const plotPath = args.options.get("plot");
    if (plotPath !== undefined && !plotPath.toLowerCase().endsWith(".svg")) throw new UsageError(`--plot writes SVG: give a FILE.svg, got '${plotPath}'`);

    const { policies } = await import("../../paging/catalog.ts");
    const { faultCurve, ONE_PASS_CURVES } = await import("../../paging/analysis/fault-curve.ts");
    const names = expressionList("algorithms", args.options.get("algorithms") ?? DEFAULT_ALGORITHMS);
    distinctItems("algorithms", names, (name) => policies.get(name).name);
    const perSize = names.filter((name) => {
      const info = policies.get(name);
      if (info.needs.length > 0) throw new UsageError(`algorithm '${info.name}' reads predictions; mrc draws curves of algorithms that need none`);
      return !(info.name in ONE_PASS_CURVES && info === policies.get(info.name));
    });
    const cap = perSize.length > 0 ? MRC_MAX_PER_SIZE : MRC_MAX_ONE_PASS;
    const rawK = args.options.get("max-k");
    const askedK = rawK === undefined ? undefined : positiveInt("max-k", rawK);
    if (askedK !== undefined && askedK > cap) {
      throw new UsageError(
        perSize.length > 0
          ? `--max-k ${askedK} is over ${cap}: ${perSize.join(", ")} run${perSize.length === 1 ? "s" : ""} once per cache size (lru and opt allow ${MRC_MAX_ONE_PASS})`
          : `--max-k ${askedK} is over ${cap}, the most cache sizes a curve covers`,
      );
    }
    const limit = (name: string, parse: (name: string, raw: string) => number): number | undefined => {
      const raw = args.options.get(name);
      return raw === undefined ? undefined : parse(name, raw);
    };
    const { readTrace } = await import("../../traces/index.ts");
    const { traceCacheDir } = await import("../trace-cache-option.ts");
    const delimiter = args.options.get("delimiter");
    const { trace } = await readTrace(path, {
      format: args.options.get("format"),
      column: args.options.get("column"),
      delimiter: delimiter?.toLowerCase() === "tab" ? "\t" : delimiter,
      keys,
      maxRequests: limit("max-requests", positiveInt),
      maxDistinct: limit("max-distinct", positiveInt),
      maxDecompressedBytes: limit("max-decompressed", byteSize),
      cacheDir: traceCacheDir(args.flags),
    });
    const maxK = askedK ?? Math.min(trace.distinct, cap);
    const report: MrcReport = { trace: path, requests: trace.requests.length, maxK, faults: {} };
    for (const name of names) {
      report.faults[policies.get(name).name] = Array.from(faultCurve(name, trace.requests, trace.distinct, maxK, { seed }));
    }
    if (plotPath !== undefined) await writeChart(plotPath, report);
    io.stdout.write(args.flags.has("json") ? JSON.stringify(report) + "\n" : renderTable(report));
    return 0;
  },
};

/** Render `report` as an SVG chart into `path`; a failed write is a one-line `UsageError`. */
export async function writeChart(path: string, report: MrcReport): Promise<void> {
  const { missCurveChart } = await import("../../notebook/miss-curve-chart.ts");
  const svg = missCurveChart(report).svg;
  const { writeFileSync } = await import("node:fs");
  const { describeWriteError } = await import("../output-file.ts");
  try {
    writeFileSync(path, svg);
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${describeWriteError(err)}`);
  }
}

function renderTable(report: MrcReport): string {
  const sizes: number[] = [];
  for (let decade = 1; decade <= report.maxK; decade *= 10) {
    for (const m of [1, 2, 5]) if (m * decade <= report.maxK) sizes.push(m * decade);
  }
  if (sizes[sizes.length - 1] !== report.maxK) sizes.push(report.maxK);
  const names = Object.keys(report.faults);
  const header = ["k", ...names.flatMap((n) => [`${n} faults`, `${n} miss ratio`])];
  const rows = sizes.map((k) => [
    grouped(k),
    ...names.flatMap((n) => {
      const f = report.faults[n][k - 1];
      return [grouped(f), ((f / report.requests) * 100).toFixed(2) + "%"];
    }),
  ]);
  return `trace: ${report.trace}  requests: ${grouped(report.requests)}  sizes 1..${grouped(report.maxK)} (--json for every size)\n\n` + formatTable(header, rows);
}
