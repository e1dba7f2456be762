import type { Command, Io } from "../command.ts";
import { byteSize, commaList, distinctItems, expressionList, nonNegativeInt, parseArgs, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";
import { formatTable, grouped } from "../table.ts";
import { ProgressBar } from "../progress.ts";
import { policies } from "../../paging/catalog.ts";
import { simulate } from "../../paging/core/simulate.ts";
import { keyOf, type Trace } from "../../paging/core/trace.ts";
import { OutputFile } from "../output-file.ts";
import { CACHE_HELP, traceCacheDir } from "../trace-cache-option.ts";
import { DEFAULT_LIMITS, readTrace, TRACE_FORMATS } from "../../traces/index.ts";
import { generate, generators, parseGeneratorSpec } from "../../adversaries/registry.ts";
import { describeLimits, MAX_GENERATED_REQUESTS } from "../../adversaries/generator.ts";
// Predictions (and their modules) load only for a run that asks for them, keeping --help light.
import type { PredictionReport, PredictionSource, PredictionSpec } from "../../experiments/prediction-source.ts";
import { finiteNumber } from "../args.ts";

/** Next-arrival predictors `--predictor` accepts. */
const PREDICTORS = ["perfect", "lognormal", "pleco", "popu", "lru"] as const;

const DEFAULT_K = "100,1000";
const DEFAULT_ALGORITHMS = "lru,fifo,clock,marking,marker,opt";
/** The built-in trace used without --trace: skewed (Zipf 0.8) requests over 10,000 pages. */
const DEFAULT_GENERATOR = "zipf:n=1000000,universe=10000,alpha=0.8";

/** One row of `simulate --json` output. */
export interface SimulateRow {
  algorithm: string;
  k: number;
  faults: number;
  hits: number;
  missRatio: number;
  /** Simulation time alone, in seconds (trace parsing excluded). */
  seconds: number;
  /** For a learning-augmented algorithm: its predictions and their error. */
  prediction?: PredictionReport;
}

/** The `simulate --json` document. */
export interface SimulateReport {
  trace: { path: string | null; format: string; requests: number; distinct: number };
  parseSeconds: number;
  results: SimulateRow[];
}

/** Help lines of a policy's parameters (`name[key=value,…]`), one per parameter. */
function paramLines(params: Readonly<Record<string, string>> | undefined): string {
  if (params === undefined) return "";
  return Object.entries(params)
    .map(([key, meaning]) => `\n                       ${" ".repeat(14)}   [${key}=…] ${meaning}`)
    .join("");
}

function help(): string {
  return `paging-lab simulate — run paging algorithms on a trace and count faults

Usage:
  paging-lab simulate [--trace PATH [--format F] | --generate SPEC] [--k 100,1000]
                      [--algorithms lru,fifo,opt] [--seed S] [--json]

Options:
  --trace PATH       request trace; without it (and --generate) the built-in generated trace
                     ${DEFAULT_GENERATOR} is used
  --generate SPEC    a generated trace, NAME or NAME:key=value,... (seeded by --seed). Generators:
${generators
  .list()
  .map(
    (g) =>
      `                       ${g.name.padEnd(14)} ${g.summary}\n` +
      `                       ${" ".repeat(14)} params: ${g.params.map((p) => `${p.name}=${p.default}`).join(",")}\n` +
      `                       ${" ".repeat(14)} limits: ${describeLimits(g)}`,
  )
  .join("\n")}
  --format F         trace format (inferred from the name and contents when unambiguous):
${TRACE_FORMATS.map((f) => `                       ${f.name.padEnd(14)} ${f.description}`).join("\n")}
  --column C         csv only: the id column, by header name or 0-based index
  --delimiter D      csv only: the field separator, one character or 'tab' (default ','); a
                     header without ',' that holds ';', a tab or '|' is refused until it is given
  --keys K           txt/csv ids: auto (default: numeric if the first id is a decimal integer),
                     number, or string
${CACHE_HELP}
  --k LIST           cache sizes, comma-separated positive integers (default ${DEFAULT_K})
  --algorithms LIST  comma-separated names (default ${DEFAULT_ALGORITHMS}); 'all' runs every
                     algorithm that needs no predictions (every algorithm with --predictor). A combiner takes its parts in
                     parentheses and parameters in brackets: 'combine-det[gamma=0.05](lru,opt)',
                     'slru[n-seg=2]'
                     (quote it in the shell). Known:
${policies
  .list()
  .map((p) => `                       ${p.name.padEnd(14)} ${p.summary}` + paramLines(p.params))
  .join("\n")}
  --seed S           seed of randomized algorithms, generated traces and prediction noise (default 1)
  --predictor P      predictions for learning-augmented algorithms (needed to run them):
                       perfect    the exact next arrival
                       lognormal  true next arrival (never again = 10000·n) + e^N(0,σ²); needs --sigma
                       pleco, popu, lru  the literature's learned online predictors
                     One-bit algorithms get the perfect discard bits (Belady's labels at each k)
                     or phase bits (k-phase oracle), flipped by --bit-flip.
  --sigma S          σ of the lognormal predictor
  --bit-flip P01,P10 flip each KEEP bit to EVICT with probability P01 and each EVICT bit to KEEP
                     with probability P10 (default 0,0)
  --predictions FILE predictions from a file instead (CSV with a next_arrival or bit column, or
                     the binary form; one per request): next arrivals or bits, as the
                     algorithms need. Each row then reports η (next arrival; never again counted
                     as 10000·n) or η₀/η₁ (false KEEPs/EVICTs against the perfect bits)
  --json             one JSON object on stdout instead of a table
  --evictions FILE   also write every eviction as CSV: algorithm,k,t,page (t = 0-based index of
                     the request whose fault evicted the page; page = its original key). If the
                     file cannot be written (disk full, closed pipe), the results are still
                     printed and the run ends with a one-line error and exit code 2
  --max-requests N   most requests a trace (read or generated) may hold (default ${DEFAULT_LIMITS.maxRequests})
  --max-distinct N   most distinct pages a trace (read or generated) may hold (default ${DEFAULT_LIMITS.maxDistinct})
  --max-decompressed SIZE
                     most bytes a gzip trace may inflate to, e.g. 4G (default ${DEFAULT_LIMITS.maxDecompressedBytes / 2 ** 30}G)

Faults count cold misses. 'seconds' is the simulation alone; parsing is reported separately.

Limits (each checked before the memory or the reading beyond it; the defaults keep reading any
file under 1 GB of memory):
  --trace must be a regular file: a FIFO, a device or a directory is refused before opening.
  Requests, distinct pages and gzip output are capped by the three --max-* options above; a
  binary trace with more records than --max-requests is refused from its size, a gzip trace from
  its trailer before inflating. A gzip trace may also expand at most ${DEFAULT_LIMITS.maxCompressionRatio}x past its first
  ${DEFAULT_LIMITS.ratioGraceBytes / 2 ** 20} MiB (a bomb), a text line is at most ${DEFAULT_LIMITS.maxLineBytes / 2 ** 20} MiB, an ARC line at most ${DEFAULT_LIMITS.maxArcExtent} pages,
  and string ids at most ${DEFAULT_LIMITS.maxKeyBytes / 2 ** 20} MiB of distinct text. Content compressed by zstd, xz, bzip2,
  lz4 or zip is refused by name; binary content is inferred as be32 only in a *.trace file
  whose ids repeat (otherwise give --format).
  Generated traces: n <= ${MAX_GENERATED_REQUESTS} requests, the limits listed with each generator,
  and --max-requests/--max-distinct as for files; memory and time follow n (and working-set's
  shuffle work), not the universe.
  Lists (--k, --algorithms) must not repeat an item.
`;
}

/** `paging-lab simulate`: run registry policies on a trace for several cache sizes. */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "run paging algorithms on a trace (or a built-in one) and count faults",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, {
      options: [
        "trace", "format", "column", "delimiter", "keys", "generate", "k", "algorithms", "seed", "evictions",
        "max-requests", "max-distinct", "max-decompressed", "predictor", "sigma", "bit-flip", "predictions",
      ],
      flags: ["json", "cache"],
    });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const ks = distinctItems("k", commaList("k", args.options.get("k") ?? DEFAULT_K).map((v) => positiveInt("k", v)));
    const seed = nonNegativeInt("seed", args.options.get("seed") ?? "1");
    const predictorRaw = args.options.get("predictor");
    const predictionsPath = args.options.get("predictions");
    const spec = predictionSpec(args.options, seed);
    const names = resolveAlgorithms(args.options.get("algorithms") ?? DEFAULT_ALGORITHMS, predictorRaw !== undefined || predictionsPath !== undefined);

    const path = args.options.get("trace") ?? null;
    const traceOnly = ["format", "column", "delimiter", "keys", "max-decompressed"];
    if (path === null && traceOnly.some((o) => args.options.has(o))) {
      throw new UsageError(`${traceOnly.map((o) => `--${o}`).join(", ")} need --trace`);
    }
    const keys = args.options.get("keys");
    if (keys !== undefined && keys !== "auto" && keys !== "number" && keys !== "string") {
      throw new UsageError(`--keys must be auto, number or string, got '${keys}'`);
    }
    if (path !== null && args.options.has("generate")) throw new UsageError("give --trace or --generate, not both");
    const cap = (name: string, parse: (name: string, raw: string) => number): number | undefined => {
      const raw = args.options.get(name);
      return raw === undefined ? undefined : parse(name, raw);
    };
    const started = performance.now();
    let trace: Trace;
    let format: string;
    if (path === null) {
      const spec = args.options.get("generate") ?? DEFAULT_GENERATOR;
      const { name, params } = parseGeneratorSpec(spec);
      trace = generate(name, params, seed, {
        maxRequests: cap("max-requests", positiveInt) ?? DEFAULT_LIMITS.maxRequests,
        maxDistinct: cap("max-distinct", positiveInt) ?? DEFAULT_LIMITS.maxDistinct,
      });
      format = `generated:${spec}`;
      if (!args.options.has("generate")) {
        io.stderr.write(`no --trace given: using the built-in generated trace ${spec} (seed ${seed})\n`);
      }
    } else {
      let parseBar: ProgressBar | null = null;
      const delimiter = args.options.get("delimiter");
      const loaded = await readTrace(path, {
        format: args.options.get("format"),
        column: args.options.get("column"),
        delimiter: delimiter?.toLowerCase() === "tab" ? "\t" : delimiter,
        keys,
        maxRequests: cap("max-requests", positiveInt),
        maxDistinct: cap("max-distinct", positiveInt),
        maxDecompressedBytes: cap("max-decompressed", byteSize),
        cacheDir: traceCacheDir(args.flags),
        onProgress: (bytesRead, fileBytes) => {
          parseBar ??= new ProgressBar(io.stderr, fileBytes);
          parseBar.update(bytesRead, `reading ${path}`);
        },
      });
      (parseBar as ProgressBar | null)?.finish();
      trace = loaded.trace;
      format = loaded.format;
    }
    const parseSeconds = (performance.now() - started) / 1000;
    const source = await predictionSourceFor(spec, names, trace);

    const evictionsPath = args.options.get("evictions");
    const evictionLog = evictionsPath === undefined ? null : await OutputFile.open(evictionsPath, "--evictions");
    await evictionLog?.write("algorithm,k,t,page\n");

    const bar = new ProgressBar(io.stderr, names.length * ks.length * trace.requests.length);
    const results: SimulateRow[] = [];
    let done = 0;
    for (const k of ks) {
      for (const name of names) {
        const policy = policies.create(name, k, { seed });
        const label = `${name} k=${k}`;
        const served = source?.for(policies.get(name), k) ?? { predictions: {}, report: null };
        const t0 = performance.now();
        const run = simulate(policy, trace.requests, {
          universe: trace.distinct,
          predictions: served.predictions,
          onProgress: (served) => bar.update(done + served, label),
          recordEvictions: evictionLog !== null,
        });
        const seconds = (performance.now() - t0) / 1000;
        done += trace.requests.length;
        if (evictionLog !== null && evictionLog.error === null && run.evictions) {
          await writeEvictions(evictionLog, policies.get(name).name, k, trace, run.evictions);
        }
        results.push({
          algorithm: policies.get(name).name,
          k,
          faults: run.faults,
          hits: run.hits,
          missRatio: run.missRatio,
          seconds,
          ...(served.report === null ? {} : { prediction: served.report }),
        });
      }
    }
    bar.finish();
    await evictionLog?.close();

    const report: SimulateReport = {
      trace: { path, format, requests: trace.requests.length, distinct: trace.distinct },
      parseSeconds,
      results,
    };
    if (args.flags.has("json")) io.stdout.write(JSON.stringify(report) + "\n");
    else io.stdout.write(renderTable(report, path === null && !args.options.has("generate")));
    if (evictionLog?.error != null) {
      io.stderr.write(
        `paging-lab simulate: cannot write --evictions file ${evictionLog.path}: ${evictionLog.error}; ` +
          `the results above are complete, the evictions file is not\n`,
      );
      return 2;
    }
    return 0;
  },
};

async function writeEvictions(
  out: OutputFile,
  algorithm: string,
  k: number,
  trace: Trace,
  evictions: { times: Int32Array; pages: Int32Array },
): Promise<void> {
  const prefix = `${algorithm},${k},`;
  const lines: string[] = [];
  for (let i = 0; i < evictions.times.length; i++) {
    lines.push(`${prefix}${evictions.times[i]},${csvField(keyOf(trace, evictions.pages[i]))}\n`);
    if (lines.length === 4096 || i === evictions.times.length - 1) {
      await out.write(lines.join(""));
      if (out.error !== null) return;
      lines.length = 0;
    }
  }
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function resolveAlgorithms(raw: string, predicted: boolean): string[] {
  const names = raw.trim().toLowerCase() === "all"
    ? policies.list().filter((p) => predicted || p.needs.length === 0).map((p) => p.name)
    : expressionList("algorithms", raw);
  distinctItems("algorithms", names, (name) => policies.get(name).name); // unknown names: an InputError listing the known ones
  for (const name of names) {
    const info = policies.get(name);
    if (info.needs.length > 0 && !predicted) {
      const what = info.needs.map((n) => (n === "nextArrival" ? "next-arrival" : n === "discardBit" ? "discard-bit" : "phase-bit")).join(" and ");
      throw new UsageError(
        `algorithm '${info.name}' needs ${what} predictions: give --predictor (${PREDICTORS.join(", ")}) or --predictions FILE`,
      );
    }
  }
  return names;
}

function predictionSpec(options: ReadonlyMap<string, string>, seed: number): PredictionSpec | { file: string } | null {
  const predictor = options.get("predictor");
  const file = options.get("predictions");
  if (predictor !== undefined && file !== undefined) throw new UsageError("give --predictor or --predictions, not both");
  for (const o of ["sigma", "bit-flip"]) {
    if (options.has(o) && predictor === undefined) throw new UsageError(`--${o} needs --predictor`);
  }
  if (file !== undefined) return { file };
  if (predictor === undefined) return null;
  if (!(PREDICTORS as readonly string[]).includes(predictor)) {
    throw new UsageError(`--predictor must be one of ${PREDICTORS.join(", ")}, got '${predictor}'`);
  }
  let sigma: number | undefined;
  if (predictor === "lognormal") {
    const raw = options.get("sigma");
    if (raw === undefined) throw new UsageError("--predictor lognormal needs --sigma S (the noise; 0 = perfect order)");
    sigma = finiteNumber("sigma", raw);
    if (sigma < 0) throw new UsageError(`--sigma must be ≥ 0, got '${raw}'`);
  } else if (options.has("sigma")) {
    throw new UsageError("--sigma applies to --predictor lognormal only");
  }
  let p01 = 0;
  let p10 = 0;
  const flip = options.get("bit-flip");
  if (flip !== undefined) {
    const parts = commaList("bit-flip", flip).map((v) => finiteNumber("bit-flip", v));
    if (parts.length !== 2 || parts.some((p) => p < 0 || p > 1)) {
      throw new UsageError(`--bit-flip takes two probabilities P01,P10 in [0, 1], got '${flip}'`);
    }
    [p01, p10] = parts;
  }
  return { source: "predictor", predictor: predictor as (typeof PREDICTORS)[number], sigma, p01, p10, seed };
}

/**
 * The source of a run's predictions. A file holds one kind, chosen by what the algorithms read:
 * next arrivals, or bits (used as given for discard and phase algorithms alike).
 */
async function predictionSourceFor(
  spec: PredictionSpec | { file: string } | null,
  names: readonly string[],
  trace: Trace,
): Promise<PredictionSource | null> {
  if (spec === null) return null;
  const { PredictionSource } = await import("../../experiments/prediction-source.ts");
  if (!("file" in spec)) return new PredictionSource(spec, trace.requests, trace.distinct);
  const needs = new Set(names.flatMap((name) => policies.get(name).needs));
  const wantsNext = needs.has("nextArrival");
  const wantsBits = needs.has("discardBit") || needs.has("phaseBit");
  if (!wantsNext && !wantsBits) throw new UsageError("--predictions is given but no algorithm reads predictions");
  if (wantsNext && wantsBits) {
    throw new UsageError("--predictions FILE holds one kind, and these algorithms read both next arrivals and bits; run them separately");
  }
  const path = spec.file;
  const { readPredictions } = await import("../../predictors/read-predictions.ts");
  if (wantsNext) {
    const read = await readPredictions(path, { kind: "nextArrival", requests: trace.requests });
    return new PredictionSource({ source: "file", path, nextArrival: read.predictions }, trace.requests, trace.distinct);
  }
  const read = await readPredictions(path, { kind: "bits", requests: trace.requests });
  return new PredictionSource({ source: "file", path, bits: read.predictions }, trace.requests, trace.distinct);
}

function renderTable(report: SimulateReport, builtIn: boolean): string {
  const t = report.trace;
  const head =
    `trace: ${t.path ?? (builtIn ? "(built-in)" : "(generated)")}  format: ${t.format}  requests: ${grouped(t.requests)}  ` +
    `distinct: ${grouped(t.distinct)}  parse: ${report.parseSeconds.toFixed(3)} s\n\n`;
  const optFaults = new Map<number, number>();
  for (const r of report.results) if (r.algorithm === "opt") optFaults.set(r.k, r.faults);
  const hasOpt = optFaults.size > 0;
  const hasPredictions = report.results.some((r) => r.prediction !== undefined);
  const rows = report.results.map((r) => {
    const opt = optFaults.get(r.k);
    const cells = [
      r.algorithm,
      grouped(r.k),
      grouped(r.faults),
      grouped(r.hits),
      (r.missRatio * 100).toFixed(2) + "%",
      ...(hasOpt ? [opt === undefined || opt === 0 ? "-" : (r.faults / opt).toFixed(3)] : []),
      r.seconds.toFixed(3),
      r.seconds > 0 ? ((t.requests / r.seconds) / 1e6).toFixed(1) : "-",
      ...(hasPredictions ? [predictionCell(r.prediction)] : []),
    ];
    return cells;
  });
  const header = ["algorithm", "k", "faults", "hits", "miss ratio", ...(hasOpt ? ["/ OPT"] : []), "seconds", "M req/s", ...(hasPredictions ? ["predictions"] : [])];
  return head + formatTable(header, rows);
}

function predictionCell(p: PredictionReport | undefined): string {
  if (p === undefined) return "";
  if ("eta" in p) return `${p.kind}, η = ${p.eta === null ? "n/a" : grouped(Math.round(p.eta))}`;
  return `${p.kind}, η₀ = ${grouped(p.eta0)}, η₁ = ${grouped(p.eta1)}`;
}
