import type { Command, Io } from "../command.ts";
import { commaList, distinctItems, nonNegativeInt, parseArgs } from "../args.ts";
import { UsageError } from "../errors.ts";
import { formatTable } from "../table.ts";
import { ProgressBar } from "../progress.ts";
import { kvPolicies } from "../../kv/catalog.ts";
import { evaluateEntry } from "../../kv/evaluate.ts";
import { H_NAMES } from "../../kv/concave.ts";
import type { KvParams } from "../../kv/params.ts";
import type { KvEntry } from "../../kv/registry.ts";
import type { KvResult } from "../../kv/result.ts";
import { MAX_ATTENTION_ENTRIES, MAX_META_BYTES, parseShape, readAttentionTrace } from "../../kv/reader.ts";
import { generateAttentionTrace, SYNTHETIC_KINDS } from "../../kv/synthetic.ts";
import { type AttentionTrace, parseBudget, parseLayers } from "../../kv/trace.ts";

const DEFAULT_BUDGET = "0.2";

/** Means of one layer in `kv --json`. */
export interface KvLayerReport {
  layer: number;
  meanKeptMass: number;
  meanTV: number;
  meanOutputError: number;
}

/** One policy in `kv --json`. */
export interface KvPolicyReport {
  policy: string;
  meanKeptMass: number;
  meanTV: number;
  meanOutputError: number;
  perLayer: KvLayerReport[];
}

/** The `kv --json` document. */
export interface KvReport {
  trace: string;
  budget: number;
  results: KvPolicyReport[];
}

function help(): string {
  const entries = kvPolicies.list();
  const width = Math.max(...entries.map((e) => e.name.length));
  return `paging-lab kv — KV-cache eviction policies replayed on an attention trace

Usage:
  paging-lab kv --trace PATH [--budget K|FRACTION] [--policies h2o-greedy,h2o,streaming,opt]
                [--layers 0,2|0-3] [--h id|sqrt|log] [--param NAME=V,...] [--seed S] [--json]
  paging-lab kv --synthetic KIND [same options]

Each (layer, head) keeps at most k tokens. At step t the attended set is A_t = S_{t-1} + {t};
the step's kept mass, total variation and output error are measured on A_t (restricted softmax,
open-loop), then the policy evicts. Means are over all (layer, head, step t) with t >= k.

Options:
  --trace PATH      attention trace in the shared format (.bin or .bin.gz); its shape comes from a
                    meta.json beside it or from --shape
  --shape L,H,T,D   layers, heads, sequence length, head dimension (overrides meta.json)
  --synthetic KIND  a generated trace instead (2 layers x 4 heads, T = 256, d = 16, seeded by
                    --seed): ${SYNTHETIC_KINDS.join(", ")}
  --budget B        k tokens (an integer), or a fraction of T (0.2 -> floor(0.2 T)); default ${DEFAULT_BUDGET}
  --policies LIST   comma-separated names, or 'all' (default). Known:
${entries.map((e) => `                      ${e.name.padEnd(width)}  ${e.summary}`).join("\n")}
  --layers SPEC     layers to replay: 0,2 or 0-3 or all (default); a layer listed twice is refused
  --h H             h2o-greedy's concave h: ${H_NAMES.join(", ")} (same as --param h2o-greedy.h=H)
  --param LIST      policy parameters NAME=VALUE (every policy that reads NAME) or
                    POLICY.NAME=VALUE, comma-separated. Known:
${entries
  .filter((e) => e.params.length > 0)
  .flatMap((e) => e.params.map((p) => `                      ${`${e.name}.${p.name}`.padEnd(26)} ${p.description}`))
  .join("\n")}
  --seed S          seed of randomized policies and of --synthetic (default 1)
  --json            one JSON object: {"trace", "budget", "results": [{"policy", "meanKeptMass",
                    "meanTV", "meanOutputError", "perLayer": [{"layer", ...same means}]}]}

opt is the exact offline optimum (known future rows, irreversible eviction; min-cost flow), so
its kept mass is >= every policy's; topk re-admits tokens and bounds opt from above.

Limits (each checked before the memory or the reading beyond it):
  --trace must be a regular file (a FIFO or a device is refused), gzip or uncompressed (zstd,
  xz, ... are refused by name); its content must have exactly the size the shape gives, and
  nothing past that is read or inflated. A trace holds at most ${MAX_ATTENTION_ENTRIES} probabilities and
  value entries (256 MiB decoded); meta.json at most ${MAX_META_BYTES} bytes.
  Lists (--policies, --layers, --param) must not repeat an item. A parameter a policy clamps at
  this budget (snapkv's window, streaming's sinks, at most k) shows its effective value in the
  policy's label.
`;
}

/** Split `--param` items into per-policy parameter records. */
function parseParams(raw: string | undefined, h: string | undefined, entries: readonly KvEntry[]): Map<KvEntry, Record<string, string>> {
  const out = new Map<KvEntry, Record<string, string>>(entries.map((e) => [e, {}]));
  const items: [string | null, string, string][] = [];
  if (raw !== undefined) {
    for (const item of commaList("param", raw)) {
      const m = /^(?:([a-z0-9-]+)\.)?([A-Za-z]+)=(.+)$/.exec(item);
      if (m === null) throw new UsageError(`--param: expected NAME=VALUE or POLICY.NAME=VALUE, got '${item}'`);
      items.push([m[1] ?? null, m[2], m[3]]);
    }
  }
  if (h !== undefined) {
    if (!entries.includes(kvPolicies.get("h2o-greedy"))) throw new UsageError("--h applies to h2o-greedy, which is not among --policies");
    items.push(["h2o-greedy", "h", h]);
  }
  const given = new Map<string, string>();
  for (const [policy, name, value] of items) {
    let targets: KvEntry[];
    if (policy !== null) {
      const entry = kvPolicies.get(policy);
      if (!entry.params.some((p) => p.name === name)) throw new UsageError(`--param: ${entry.name} has no parameter '${name}'`);
      if (!entries.includes(entry)) throw new UsageError(`--param ${policy}.${name}: ${entry.name} is not among --policies`);
      targets = [entry];
    } else {
      targets = entries.filter((e) => e.params.some((p) => p.name === name));
      if (targets.length === 0) throw new UsageError(`--param: no selected policy reads '${name}'`);
    }
    for (const e of targets) {
      // The one rule for lists: a parameter set twice (NAME=… and POLICY.NAME=…, or --h too) is refused.
      const key = `${e.name}.${name}`;
      const item = `${policy === null ? "" : `${policy}.`}${name}=${value}`;
      if (given.has(key)) throw new UsageError(`--param sets ${key} twice ('${given.get(key)}' and '${item}'); give each once`);
      given.set(key, item);
      out.get(e)![name] = value;
    }
  }
  return out;
}

async function loadTrace(args: ReturnType<typeof parseArgs>, seed: number): Promise<{ trace: AttentionTrace; label: string }> {
  const path = args.options.get("trace");
  const kind = args.options.get("synthetic");
  if (path !== undefined && kind !== undefined) throw new UsageError("give either --trace or --synthetic, not both");
  if (path === undefined && kind === undefined) throw new UsageError("--trace PATH (or --synthetic KIND) is required");
  if (kind !== undefined) {
    if (args.options.has("shape")) throw new UsageError("--shape applies to --trace files only");
    const trace = generateAttentionTrace({ kind, seed });
    return { trace, label: trace.name };
  }
  const shapeRaw = args.options.get("shape");
  const trace = await readAttentionTrace(path!, { shape: shapeRaw === undefined ? undefined : parseShape(shapeRaw) });
  return { trace, label: path! };
}

/** `paging-lab kv`: replay KV-cache eviction policies on an attention trace. */
export const kvCommand: Command = {
  name: "kv",
  summary: "replay KV-cache eviction policies (H2O, StreamingLLM, TOVA, ..., offline optimum) on attention traces",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, {
      options: ["trace", "shape", "synthetic", "budget", "policies", "layers", "h", "param", "seed"],
      flags: ["json"],
    });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const seed = nonNegativeInt("seed", args.options.get("seed") ?? "1");
    const rawPolicies = args.options.get("policies") ?? "all";
    const entries =
      rawPolicies.trim().toLowerCase() === "all"
        ? [...kvPolicies.list()]
        : distinctItems("policies", commaList("policies", rawPolicies), (n) => kvPolicies.get(n)).map((n) => kvPolicies.get(n));
    const params = parseParams(args.options.get("param"), args.options.get("h"), entries);
    const { trace, label } = await loadTrace(args, seed);
    const budget = parseBudget(args.options.get("budget") ?? DEFAULT_BUDGET, trace.length);
    const layers = parseLayers(args.options.get("layers") ?? "all", trace.layers);

    const bar = new ProgressBar(io.stderr, entries.length);
    const results: KvResult[] = [];
    entries.forEach((entry, i) => {
      bar.update(i, entry.name);
      results.push(evaluateEntry(trace, entry, budget, { layers, seed, params: params.get(entry) as KvParams }));
    });
    bar.finish();

    const report: KvReport = {
      trace: label,
      budget,
      results: results.map((r) => ({
        policy: r.policy,
        meanKeptMass: r.meanKeptMass,
        meanTV: r.meanTV,
        meanOutputError: r.meanOutputError,
        perLayer: r.perLayer.map((l) => ({ layer: l.layer, meanKeptMass: l.meanKeptMass, meanTV: l.meanTV, meanOutputError: l.meanOutputError })),
      })),
    };
    if (args.flags.has("json")) io.stdout.write(JSON.stringify(report) + "\n");
    else io.stdout.write(renderTables(report, trace, layers));
    return 0;
  },
};

function renderTables(report: KvReport, trace: AttentionTrace, layers: readonly number[]): string {
  const k = report.budget;
  const opt = report.results.find((r) => r.policy === "opt");
  const head =
    `trace: ${report.trace}  (${trace.layers} layers x ${trace.heads} heads, T = ${trace.length}, d = ${trace.headDim})\n` +
    `budget: k = ${k} tokens (${((100 * k) / trace.length).toFixed(1)}% of T)  layers: ${layers.join(",")}  ` +
    `means over ${layers.length * trace.heads} heads x ${trace.length - k} steps (t >= k)\n\n`;
  const overall = formatTable(
    ["policy", "kept mass", "TV", "output error", ...(opt ? ["kept / opt"] : [])],
    report.results.map((r) => [
      r.policy,
      r.meanKeptMass.toFixed(4),
      r.meanTV.toFixed(4),
      r.meanOutputError.toFixed(4),
      ...(opt ? [(r.meanKeptMass / opt.meanKeptMass).toFixed(4)] : []),
    ]),
  );
  const perLayer = (metric: (l: KvLayerReport) => number) =>
    formatTable(
      ["policy", ...layers.map((l) => `L${l}`)],
      report.results.map((r) => [r.policy, ...r.perLayer.map((l) => metric(l).toFixed(4))]),
    );
  return (
    `${head}${overall}\nkept mass per layer (TV = 1 − kept mass):\n${perLayer((l) => l.meanKeptMass)}` +
    `\noutput error per layer:\n${perLayer((l) => l.meanOutputError)}`
  );
}
