import type { Command, Io } from "../command.ts";
import { commaList, distinctItems, nonNegativeInt, parseArgs, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";
// Only the light modules at start-up: the kernels and mathjs (exact lower bounds) load in `run`,
// so `paging-lab io --help` does not pay a second for them.
import { ATTENTION_ALGORITHMS, attentionAlgorithm } from "../../attention-io/registry.ts";
import { MAX_EXECUTE_WORDS, MAX_EXECUTE_WORK, MAX_TRACE_LENGTH } from "../../attention-io/limits.ts";
import type { IoRunResult } from "../../attention-io/index.ts";

/** The `io --json` document (reads and writes in words, summed over heads). */
export interface IoReport {
  algorithm: string;
  N: number;
  d: number;
  M: number;
  heads: number;
  br: number;
  bc: number;
  reads: number;
  writes: number;
  footprint: number;
  lowerBound: number;
  /** Only with --B: the block size and aligned-block counts. */
  B?: number;
  readBlocks?: number;
  writeBlocks?: number;
  /** Only with --check: max relative error of O against reference attention. */
  maxRelError?: number;
  /** Only with --lru / --opt: misses of the word-access trace replayed through LRU / Belady. */
  lru?: { capacity: number; misses: number }[];
  opt?: { capacity: number; misses: number };
}

function help(): string {
  return `paging-lab io — slow-memory traffic of tiled attention on a two-level machine

Usage:
  paging-lab io --algorithm NAME [--N 4096] [--d 64] [--M 65536] [--br R] [--bc C] [--heads H]
                [--B b] [--count-only] [--check] [--lru M1,M2] [--opt] [--seed S] [--json]
  paging-lab io --sweep M=LO..HI [--algorithm a,b] [--N 4096] [--d 64] [--heads H] [--B b]

A scratchpad of M words (fast memory) beside unbounded slow memory; every word moved between
them is counted. The algorithm executes on random Float64 inputs (seed S) unless --count-only,
which walks the same schedule without arithmetic (identical counts; fine for N up to 10^6).

Algorithms:
${ATTENTION_ALGORITHMS.map((a) => `  ${a.name.padEnd(10)} ${a.summary}`).join("\n")}

Options:
  --algorithm NAME  one of the above (a comma list with --sweep; default all)
  --N, --d          sequence length and head dimension (default 4096, 64)
  --M               fast-memory words (default 65536)
  --br, --bc        block sizes; default the largest whose real footprint fits in M (neither
                    can grow), the least-I/O such pair; one given: the other is the largest
                    that fits with it; square tiling: br = bc
  --heads H         independent heads, counts summed (default 1)
  --B b             also count aligned b-word blocks (Aggarwal-Vitter); reads/writes stay in words
  --count-only      no arithmetic: count the schedule's transfers only
  --check           compare O with reference softmax(QK^T/sqrt(d))V (needs execution)
  --lru LIST        replay the word-access trace through LRU with these capacities (words)
  --opt             also replay through Belady's optimal policy with capacity M
  --seed S          seed of the random inputs (default 1)
  --json            one JSON object: {"algorithm","N","d","M","heads","br","bc","reads","writes",
                    "footprint","lowerBound"} (+ B/readBlocks/writeBlocks, maxRelError, lru, opt
                    when asked for)
  --sweep M=LO..HI  M = LO, 2·LO, 4·LO, ... HI for each algorithm, count-only, as CSV on stdout;
                    points where an algorithm does not fit are listed on stderr

lowerBound = heads · max(4Nd, N²d²/(4(M+d²)) − M) words (Saha-Ye 2024 with the project's
derived constant); every count is at least this.

Limits (each checked before anything is allocated or computed):
  executed runs: heads·N²·d <= ${MAX_EXECUTE_WORK} multiply-adds (N = 5792 at d = 64) and at most
  ${MAX_EXECUTE_WORDS} words of slow memory; beyond, use --count-only (same counts, no arithmetic).
  --lru/--opt traces: at most ${MAX_TRACE_LENGTH} accesses. Counts must stay below 2^53 words.
  The default block choice takes O(sqrt(N) log^2 N) steps, fast for any N.
  Lists (--lru, --algorithm with --sweep) must not repeat an item.
`;
}

const OPTIONS = ["algorithm", "N", "d", "M", "br", "bc", "heads", "B", "seed", "lru", "sweep"];
const FLAGS = ["count-only", "check", "opt", "json"];

/** `paging-lab io`: count (and optionally execute, check and replay) one attention schedule, or sweep M. */
export const ioCommand: Command = {
  name: "io",
  summary: "count slow-memory words moved by tiled attention (standard, FlashAttention 1/2, square tiling)",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, { options: OPTIONS, flags: FLAGS });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const int = (name: string, fallback?: number): number | undefined => {
      const raw = args.options.get(name);
      return raw === undefined ? fallback : positiveInt(name, raw);
    };
    const N = int("N", 4096)!;
    const d = int("d", 64)!;
    const heads = int("heads", 1)!;
    const B = int("B");
    const sweep = args.options.get("sweep");
    const { ioSweep, maxRelativeError, parseSweep, referenceAttention, replayAttentionTrace, runAttentionIo, sweepCsv } =
      await import("../../attention-io/index.ts");

    if (sweep !== undefined) {
      for (const o of ["M", "br", "bc", "lru", "seed"]) {
        if (args.options.has(o)) throw new UsageError(`--${o} does not apply to --sweep`);
      }
      for (const f of ["check", "opt", "json"]) {
        if (args.flags.has(f)) throw new UsageError(`--${f} does not apply to --sweep`);
      }
      const { values } = parseSweep(sweep);
      const raw = args.options.get("algorithm");
      const algorithms = raw === undefined ? ATTENTION_ALGORITHMS : distinctItems("algorithm", commaList("algorithm", raw), (n) => attentionAlgorithm(n).name).map(attentionAlgorithm);
      const { rows, skipped } = ioSweep({ N, d, heads, Ms: values, B: B ?? 1, algorithms });
      io.stdout.write(sweepCsv(rows, B ?? 1));
      for (const s of skipped) io.stderr.write(`skipped ${s.algorithm} at M = ${s.M}: ${s.reason}\n`);
      return 0;
    }

    const name = args.options.get("algorithm");
    if (name === undefined) {
      throw new UsageError(`--algorithm is required (one of ${ATTENTION_ALGORITHMS.map((a) => a.name).join(", ")})`);
    }
    const algorithm = attentionAlgorithm(name);
    const M = int("M", 65536)!;
    const countOnly = args.flags.has("count-only");
    if (countOnly && args.flags.has("check")) throw new UsageError("--check needs execution; drop --count-only");
    const seed = nonNegativeInt("seed", args.options.get("seed") ?? "1");
    const base = { algorithm, N, d, M, heads, br: int("br"), bc: int("bc"), B: B ?? 1 };

    // The replay first: it refuses oversized traces before any long execution starts.
    const lruRaw = args.options.get("lru");
    let replay: ReturnType<typeof replayAttentionTrace> | undefined;
    if (lruRaw !== undefined || args.flags.has("opt")) {
      const capacities = lruRaw === undefined ? [] : distinctItems("lru", commaList("lru", lruRaw).map((v) => positiveInt("lru", v)));
      replay = replayAttentionTrace(base, capacities, args.flags.has("opt"));
    }

    const run: IoRunResult = runAttentionIo({ ...base, mode: countOnly ? "count" : "execute", seed });
    const report: IoReport = {
      algorithm: run.algorithm, N, d, M, heads, br: run.br, bc: run.bc,
      reads: run.reads, writes: run.writes, footprint: run.footprint, lowerBound: run.lowerBound,
    };
    if (B !== undefined) Object.assign(report, { B, readBlocks: run.readBlocks, writeBlocks: run.writeBlocks });
    if (args.flags.has("check")) {
      let worst = 0;
      run.outputs!.forEach((out, h) => {
        const input = run.inputs![h];
        const ref = referenceAttention(input.Q, input.K, input.V, N, d);
        worst = Math.max(worst, maxRelativeError(out.O, ref.O));
      });
      report.maxRelError = worst;
    }
    if (replay !== undefined) {
      if (lruRaw !== undefined) report.lru = replay.lru.map((p) => ({ ...p }));
      if (replay.opt) report.opt = { ...replay.opt };
    }
    if (args.flags.has("json")) io.stdout.write(JSON.stringify(report) + "\n");
    else io.stdout.write(renderText(report, countOnly, algorithm.closedForm({ N, d }, run, M)));
    return 0;
  },
};

function renderText(r: IoReport, countOnly: boolean, perHead: { reads: number; writes: number }): string {
  const g = (n: number) => n.toLocaleString("en-US");
  const total = r.reads + r.writes;
  const row = (label: string, value: string) => `${label.padEnd(13)}${value}`;
  const lines = [
    `${r.algorithm}  N=${r.N} d=${r.d} M=${r.M} heads=${r.heads}  br=${r.br} bc=${r.bc}  ` +
      (countOnly ? "(count-only)" : "(executed on random inputs)"),
    row("reads", `${g(r.reads)} words`),
    row("writes", `${g(r.writes)} words`),
    row("total", `${g(total)} words`),
    row("closed form", `${g(r.heads * perHead.reads)} + ${g(r.heads * perHead.writes)} words`) +
      (r.heads * (perHead.reads + perHead.writes) === total ? " (equal)" : " (DIFFERS)"),
    row("footprint", `${g(r.footprint)} of ${g(r.M)} words`),
    row("lower bound", `${g(r.lowerBound)} words (total is ${(total / r.lowerBound).toFixed(2)}x)`),
  ];
  if (r.B !== undefined) lines.push(row("blocks", `${g(r.readBlocks!)} read + ${g(r.writeBlocks!)} written (B = ${r.B})`));
  if (r.maxRelError !== undefined) lines.push(row("max rel err", `${r.maxRelError.toExponential(2)} against reference attention`));
  for (const p of r.lru ?? []) lines.push(row(`LRU(${g(p.capacity)})`, `${g(p.misses)} misses`));
  if (r.opt) lines.push(row(`OPT(${g(r.opt.capacity)})`, `${g(r.opt.misses)} misses`));
  return lines.join("\n") + "\n";
}
