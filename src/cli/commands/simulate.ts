import type { Command, Io } from "../command.ts";
import { commaList, expressionList, nonNegativeInt, parseArgs, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";
import { formatTable, grouped } from "../table.ts";
import { ProgressBar } from "../progress.ts";
import { policies } from "../../paging/catalog.ts";
import { simulate } from "../../paging/core/simulate.ts";
import { keyOf, type Trace } from "../../paging/core/trace.ts";
import { createWriteStream, type WriteStream } from "node:fs";
import { InputError } from "../../errors.ts";
import { readTrace, TRACE_FORMATS } from "../../traces/index.ts";
import { generate, generators, parseGeneratorSpec } from "../../adversaries/registry.ts";

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
}

/** The `simulate --json` document. */
export interface SimulateReport {
  trace: { path: string | null; format: string; requests: number; distinct: number };
  parseSeconds: number;
  results: SimulateRow[];
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
  .map((g) => `                       ${g.name.padEnd(14)} ${g.summary}\n                       ${" ".repeat(14)} params: ${g.params.map((p) => `${p.name}=${p.default}`).join(",")}`)
  .join("\n")}
  --format F         trace format (inferred from the name and contents when unambiguous):
${TRACE_FORMATS.map((f) => `                       ${f.name.padEnd(14)} ${f.description}`).join("\n")}
  --column C         csv only: the id column, by header name or 0-based index
  --keys K           txt/csv ids: auto (default: numeric if the first id is a decimal integer),
                     number, or string
  --k LIST           cache sizes, comma-separated positive integers (default ${DEFAULT_K})
  --algorithms LIST  comma-separated names (default ${DEFAULT_ALGORITHMS}); 'all' runs every
                     algorithm that needs no predictions. A combiner takes its parts in
                     parentheses and parameters in brackets: 'combine-det[gamma=0.05](lru,opt)'
                     (quote it in the shell). Known:
${policies
  .list()
  .map((p) => `                       ${p.name.padEnd(14)} ${p.summary}`)
  .join("\n")}
  --seed S           seed of randomized algorithms and of generated traces (default 1)
  --json             one JSON object on stdout instead of a table
  --evictions FILE   also write every eviction as CSV: algorithm,k,t,page (t = 0-based index of
                     the request whose fault evicted the page; page = its original key)

Faults count cold misses. 'seconds' is the simulation alone; parsing is reported separately.
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
      options: ["trace", "format", "column", "keys", "generate", "k", "algorithms", "seed", "evictions"],
      flags: ["json"],
    });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const ks = commaList("k", args.options.get("k") ?? DEFAULT_K).map((v) => positiveInt("k", v));
    const seed = nonNegativeInt("seed", args.options.get("seed") ?? "1");
    const names = resolveAlgorithms(args.options.get("algorithms") ?? DEFAULT_ALGORITHMS);

    const path = args.options.get("trace") ?? null;
    if (path === null && (args.options.has("format") || args.options.has("column") || args.options.has("keys"))) {
      throw new UsageError("--format, --column and --keys need --trace");
    }
    const keys = args.options.get("keys");
    if (keys !== undefined && keys !== "auto" && keys !== "number" && keys !== "string") {
      throw new UsageError(`--keys must be auto, number or string, got '${keys}'`);
    }
    if (path !== null && args.options.has("generate")) throw new UsageError("give --trace or --generate, not both");
    const started = performance.now();
    let trace: Trace;
    let format: string;
    if (path === null) {
      const spec = args.options.get("generate") ?? DEFAULT_GENERATOR;
      const { name, params } = parseGeneratorSpec(spec);
      trace = generate(name, params, seed);
      format = `generated:${spec}`;
      if (!args.options.has("generate")) {
        io.stderr.write(`no --trace given: using the built-in generated trace ${spec} (seed ${seed})\n`);
      }
    } else {
      let parseBar: ProgressBar | null = null;
      const loaded = await readTrace(path, {
        format: args.options.get("format"),
        column: args.options.get("column"),
        keys,
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

    const evictionsPath = args.options.get("evictions");
    const evictionLog = evictionsPath === undefined ? null : await openCsv(evictionsPath);

    const bar = new ProgressBar(io.stderr, names.length * ks.length * trace.requests.length);
    const results: SimulateRow[] = [];
    let done = 0;
    for (const k of ks) {
      for (const name of names) {
        const policy = policies.create(name, k, { seed });
        const label = `${name} k=${k}`;
        const t0 = performance.now();
        const run = simulate(policy, trace.requests, {
          universe: trace.distinct,
          onProgress: (served) => bar.update(done + served, label),
          recordEvictions: evictionLog !== null,
        });
        const seconds = (performance.now() - t0) / 1000;
        done += trace.requests.length;
        if (evictionLog !== null && run.evictions) {
          await writeEvictions(evictionLog, policies.get(name).name, k, trace, run.evictions);
        }
        results.push({ algorithm: policies.get(name).name, k, faults: run.faults, hits: run.hits, missRatio: run.missRatio, seconds });
      }
    }
    bar.finish();
    if (evictionLog !== null) await new Promise<void>((done, fail) => evictionLog.end((err?: Error | null) => (err ? fail(err) : done())));

    const report: SimulateReport = {
      trace: { path, format, requests: trace.requests.length, distinct: trace.distinct },
      parseSeconds,
      results,
    };
    if (args.flags.has("json")) io.stdout.write(JSON.stringify(report) + "\n");
    else io.stdout.write(renderTable(report, path === null && !args.options.has("generate")));
    return 0;
  },
};

async function openCsv(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  await new Promise<void>((done, fail) => {
    stream.once("open", () => done());
    stream.once("error", (err) => fail(new InputError(`cannot write --evictions file ${path}: ${err.message}`)));
  });
  stream.write("algorithm,k,t,page\n");
  return stream;
}

async function writeEvictions(
  out: WriteStream,
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
      if (!out.write(lines.join(""))) await new Promise<void>((r) => out.once("drain", () => r()));
      lines.length = 0;
    }
  }
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function resolveAlgorithms(raw: string): string[] {
  const names = raw.trim().toLowerCase() === "all"
    ? policies.list().filter((p) => p.needs.length === 0).map((p) => p.name)
    : expressionList("algorithms", raw);
  for (const name of names) {
    const info = policies.get(name); // unknown names: an InputError listing the known ones
    if (info.needs.length > 0) {
      throw new UsageError(`algorithm '${info.name}' needs predictions (${info.needs.join(", ")}); simulate runs prediction-free algorithms`);
    }
  }
  return names;
}

function renderTable(report: SimulateReport, builtIn: boolean): string {
  const t = report.trace;
  const head =
    `trace: ${t.path ?? (builtIn ? "(built-in)" : "(generated)")}  format: ${t.format}  requests: ${grouped(t.requests)}  ` +
    `distinct: ${grouped(t.distinct)}  parse: ${report.parseSeconds.toFixed(3)} s\n\n`;
  const optFaults = new Map<number, number>();
  for (const r of report.results) if (r.algorithm === "opt") optFaults.set(r.k, r.faults);
  const hasOpt = optFaults.size > 0;
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
    ];
    return cells;
  });
  const header = ["algorithm", "k", "faults", "hits", "miss ratio", ...(hasOpt ? ["/ OPT"] : []), "seconds", "M req/s"];
  return head + formatTable(header, rows);
}
