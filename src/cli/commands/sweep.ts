import type { Command, Io } from "../command.ts";
import { parseArgs, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";
import { ProgressBar } from "../progress.ts";
import { GRID_KEYS, MAX_GRID_BYTES, MAX_RESULTS_BYTES, MAX_SWEEP_CELLS, SWEEP_PREDICTORS } from "../../experiments/sweep/constants.ts";
// The grid, the registry and the runner load only when a sub-command runs, keeping --help light.

/** Exit code of `status` and `merge --partial` when cells are left: not a mistake, not done. */
const INCOMPLETE = 3;

function help(): string {
  return `paging-lab sweep — a declarative grid of simulations, run in shards, resumed, merged

Usage:
  paging-lab sweep run GRID --out RESULTS.jsonl [--workers N] [--shard I/N] [--resume]
  paging-lab sweep status GRID RESULTS.jsonl...  [--list]
  paging-lab sweep merge OUT.jsonl SHARD.jsonl... --grid GRID [--partial]

The grid is a JSON object (paths relative to the grid file):
  {"traces": ["a.trace", ...], "algorithms": ["lru", "combine-det(follow-discard,lru)", ...],
   "k": [10, 100], "seeds": [1, 2, 3],
   "format": "be32",                       optional, as simulate --format, for every trace
   "predictor": "lognormal" | [..],       optional: ${SWEEP_PREDICTORS.join(", ")}
   "sigma": [0, 2, 5]}                     with the lognormal predictor only
Keys: ${GRID_KEYS.join(", ")}; anything else, a key given twice, an empty list, an item listed
twice, an unknown algorithm, k <= 0, a missing trace is a one-line error naming the grid file
and the key. At most ${MAX_SWEEP_CELLS} cells and ${MAX_GRID_BYTES} bytes of grid.

A cell is (trace, algorithm, k, seed[, predictor[, sigma]]): predictor and sigma vary only the
algorithms that read next arrivals (the others run once per trace, k and seed). One-bit
algorithms get the perfect bits of their kind, as simulate does; any algorithm that reads
predictions needs the "predictor" key. A cell's id is the first 16 hex
digits of the SHA-256 of its parameters as canonical JSON (trace paths as the grid writes them),
the same on every machine. A cell's result equals 'paging-lab simulate --trace T --k K
--algorithms A --seed S [--predictor P --sigma σ]'.

run      runs the cells and appends one JSON line per finished cell to --out:
           {"id","trace",["format"],"algorithm","k","seed",["predictor"],["sigma"],"faults",
            "requests",["eta" | "eta0","eta1"]}
         (faults include cold misses; eta as simulate's prediction report; no timings, so a
         cell's line is the same on every run). Each line is one write of the whole line to a
         file opened with O_APPEND: a killed run (SIGKILL, OOM, Ctrl-C) loses only the cells in
         flight and never an earlier line. fdatasync runs at most once a second and at the end,
         so a machine crash loses at most the last second of lines.
  --out FILE     results file; must be absent or empty unless --resume
  --workers N    worker threads on this machine (default 1); each keeps its traces parsed
                 between cells of the same trace
  --shard I/N    only the cells whose id hash is I modulo N (0 <= I < N): N machines, each with
                 one I, run the grid exactly once between them (a Slurm array, a Kubernetes
                 Indexed Job, GNU parallel over ssh; see the README)
  --resume       continue --out: skip the cells it holds, cut a torn last line (no newline or
                 not a valid result) and redo its cell
status   counts the cells of the grid with a result in the files and what is left (torn last
         lines are ignored); exit code 0 when complete, ${INCOMPLETE} when cells are left
  --list         print each cell left as one JSON line
merge    writes the results of the files to OUT, one line per cell in grid order (via a
         temporary file and a rename). A cell found twice with identical lines is kept once;
         with different lines, or a line whose cell is not in the grid, or a torn line, it is an
         error. Cells without a result are an error unless --partial (then exit code ${INCOMPLETE})
  --grid GRID    the grid the shards ran (required: it defines the gaps)

Results files are read up to ${MAX_RESULTS_BYTES} bytes; every line is checked (its id must be the
hash of its parameters).
`;
}

/** `paging-lab sweep`: run a grid of simulations (sharded, resumable), report and merge results. */
export const sweepCommand: Command = {
  name: "sweep",
  summary: "a JSON grid of simulations: run it (threads, --shard i/n over machines, --resume), status, merge",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const [sub, ...rest] = argv;
    if (sub === "run") return runCmd(rest, io);
    if (sub === "status") return statusCmd(rest, io);
    if (sub === "merge") return mergeCmd(rest, io);
    throw new UsageError(sub === undefined ? "give a sub-command: run, status or merge" : `unknown sub-command '${sub}' (known: run, status, merge)`);
  },
};

function parseShard(raw: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index >= count) {
    throw new UsageError(`--shard must be I/N with 0 <= I < N, got '${raw}'`);
  }
  return { index, count };
}

async function runCmd(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ["out", "workers", "shard"], flags: ["resume"] });
  if (args.positionals.length !== 1) throw new UsageError("sweep run takes one GRID file (and --out FILE)");
  const out = args.options.get("out");
  if (out === undefined) throw new UsageError("sweep run needs --out FILE");
  const workers = positiveInt("workers", args.options.get("workers") ?? "1");
  const shardRaw = args.options.get("shard");
  const shard = shardRaw === undefined ? undefined : parseShard(shardRaw);
  const { loadGrid } = await import("../../experiments/sweep/grid.ts");
  const { runSweep } = await import("../../experiments/sweep/run.ts");
  const grid = loadGrid(args.positionals[0]);
  let bar: ProgressBar | null = null;
  const summary = await runSweep({
    grid,
    out,
    workers,
    shard,
    resume: args.flags.has("resume"),
    onProgress: (done, total) => {
      bar ??= new ProgressBar(io.stderr, total);
      bar.update(done, `${done}/${total} cells`);
    },
  });
  (bar as ProgressBar | null)?.finish();
  const part = shard === undefined ? "" : ` (shard ${shard.index}/${shard.count})`;
  const torn = summary.truncatedAt === null ? "" : `; cut a torn last line at byte ${summary.truncatedAt} and redid its cell`;
  io.stderr.write(`${grid.path}${part}: ${summary.cells} cells, ${summary.skipped} already in ${out}, ran ${summary.ran}${torn}\n`);
  return 0;
}

async function statusCmd(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { flags: ["list"] });
  const [gridPath, ...files] = args.positionals;
  if (gridPath === undefined) throw new UsageError("sweep status takes GRID and results files");
  const { loadGrid } = await import("../../experiments/sweep/grid.ts");
  const { collectResults } = await import("../../experiments/sweep/merge.ts");
  const grid = loadGrid(gridPath);
  const c = collectResults(grid, files, true);
  const done = grid.cells.length - c.missing.length;
  const torn = c.torn.length === 0 ? "" : `; torn last line in ${c.torn.join(", ")} (ignored; 'sweep run --resume' redoes it)`;
  io.stdout.write(`${grid.path}: ${grid.cells.length} cells, ${done} done, ${c.missing.length} left${torn}\n`);
  if (c.missing.length > 0) {
    const byTrace = new Map<string, number>();
    for (const m of c.missing) byTrace.set(m.trace, (byTrace.get(m.trace) ?? 0) + 1);
    io.stdout.write(`left by trace: ${[...byTrace].map(([t, n]) => `${t} ${n}`).join(", ")}\n`);
  }
  if (args.flags.has("list")) for (const m of c.missing) io.stdout.write(JSON.stringify(m) + "\n");
  return c.missing.length === 0 ? 0 : INCOMPLETE;
}

async function mergeCmd(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ["grid"], flags: ["partial"] });
  const [out, ...files] = args.positionals;
  const gridPath = args.options.get("grid");
  if (out === undefined || files.length === 0) throw new UsageError("sweep merge takes OUT and one or more results files");
  if (gridPath === undefined) throw new UsageError("sweep merge needs --grid GRID (the grid the shards ran)");
  const { loadGrid } = await import("../../experiments/sweep/grid.ts");
  const { mergeResults } = await import("../../experiments/sweep/merge.ts");
  const grid = loadGrid(gridPath);
  const c = mergeResults(grid, files, out, args.flags.has("partial"));
  const dup = c.duplicates === 0 ? "" : `, ${c.duplicates} identical duplicates dropped`;
  io.stderr.write(`${out}: ${c.byId.size} of ${grid.cells.length} cells from ${files.length} files${dup}\n`);
  return c.missing.length === 0 ? 0 : INCOMPLETE;
}
