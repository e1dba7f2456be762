import type { Command, Io } from "../command.ts";
import { expressionList, commaList, finiteNumber, nonNegativeInt, parseArgs, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";
import { formatTable, grouped } from "../table.ts";
import { ProgressBar } from "../progress.ts";
// Only light modules at start-up: the study, the policies and the readers load in `run`, so
// `paging-lab experiment --help` stays fast.
import { STUDY_PREDICTORS, STUDY_SIGMAS, type StudyPredictor } from "../../experiments/study-constants.ts";
import type { StudyReport } from "../../experiments/prediction-study.ts";

/**
 * The algorithms of the study of Antoniadis, Coester, Eliáš, Polak & Simon (ICML 2020,
 * `main.py plot`), in its order: OPT, LRU, the offline best marking algorithm, Marker, Random,
 * Rnd(Marker, LRU), FollowPred, FollowPredMarking, L&V's PredictiveMarker, Rnd(Marker,
 * FollowPred), LMarker, LNonMarker = Det(LNonMarker, Marker), Trust&Doubt. The combiners follow
 * their part lazily with the study code's rule (`lazy=fifo`: its `Lazy_update` evicts the
 * earliest loaded candidate, though its comment says LRU), which reproduces its numbers.
 */
export const STUDY_ALGORITHMS = [
  "opt",
  "lru",
  "opt-marking",
  "marker",
  "random",
  "combine-rand[lazy=fifo](marker,lru)",
  "blind-oracle",
  "follow-pred-marking",
  "predictive-marker",
  "combine-rand[lazy=fifo](marker,blind-oracle)",
  "lmarker",
  "combine-det[lazy=fifo](lnonmarker,marker)",
  "trust-and-doubt",
].join(",");

function help(): string {
  return `paging-lab experiment — the learning-augmented paging study over a dataset of traces

Usage:
  paging-lab experiment --dataset DIR --k K [--predictor lognormal] [--sigma 0,2,5,...]
                        [--runs 10] [--algorithms A,B,...] [--seed 1] [--workers N] [--json]

Runs every algorithm on every trace file of DIR (regular files, name order; hidden files
skipped), sums the costs over the files, and reports per algorithm and noise level the mean
total cost over the runs and the mean total cost / total OPT (OPT = Belady), as in Antoniadis
et al. (ICML 2020) and Lykouris & Vassilvitskii (ICML 2018).

Options:
  --dataset DIR      directory of traces (any format 'simulate' reads; see --format, --keys)
  --k K              cache size (e.g. 10 for BrightKite, 100 for Citi Bike)
  --predictor P      next-arrival predictions: ${STUDY_PREDICTORS.join(", ")} (default lognormal)
                       lognormal  true next arrival (never again = 10000·n) + e^N(0,σ²), per run
                       perfect    the exact next arrival
                       pleco, popu, lru  the study's learned online predictors (no σ)
  --sigma LIST       σ grid of the lognormal predictor (default ${STUDY_SIGMAS.join(",")})
  --bit-flip P       one-bit algorithms get the perfect discard / phase bits, each flipped with
                     probability P (default 0)
  --runs R           independent runs: noise and the algorithms' random choices (default 10)
  --algorithms LIST  registry names or combiner expressions, separated by top-level commas
                     (default: the study's 13, ${STUDY_ALGORITHMS})
  --seed S           master seed; every draw derives from it, the run and the file (default 1)
  --workers N        worker threads, each taking a share of the runs; same results as 1 (default 1)
  --format F         trace format of every file (default: inferred per file)
  --keys K           txt/csv ids: auto, number or string (default auto)
  --json             one JSON object: {"k","files","runs","opt","predictor","bitFlip","seed",
                     "rows":[{"algorithm","sigma","meanCost","meanRatio","minRatio","maxRatio"}]}

Algorithms that read no next-arrival predictions run once per run and file and count for every
σ. Limits: the readers' limits apply to every file; a dataset holds at most 100,000 entries.
`;
}

/** `paging-lab experiment`: the literature's prediction-noise study over a directory of traces. */
export const experimentCommand: Command = {
  name: "experiment",
  summary: "the learning-augmented study: algorithms × prediction noise × runs over a dataset of traces",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, {
      options: ["dataset", "k", "predictor", "sigma", "bit-flip", "runs", "algorithms", "seed", "workers", "format", "keys"],
      flags: ["json"],
    });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const dataset = args.options.get("dataset");
    if (dataset === undefined) throw new UsageError("--dataset DIR is required");
    const kRaw = args.options.get("k");
    if (kRaw === undefined) throw new UsageError("--k is required");
    const k = positiveInt("k", kRaw);
    const predictor = (args.options.get("predictor") ?? "lognormal") as StudyPredictor;
    if (!STUDY_PREDICTORS.includes(predictor)) {
      throw new UsageError(`--predictor must be one of ${STUDY_PREDICTORS.join(", ")}, got '${predictor}'`);
    }
    if (predictor !== "lognormal" && args.options.has("sigma")) throw new UsageError(`--sigma applies to --predictor lognormal only`);
    const sigmas = args.options.has("sigma")
      ? commaList("sigma", args.options.get("sigma")!).map((s) => {
          const v = finiteNumber("sigma", s);
          if (v < 0) throw new UsageError(`--sigma values must be ≥ 0, got '${s}'`);
          return v;
        })
      : STUDY_SIGMAS;
    if (new Set(sigmas).size !== sigmas.length) throw new UsageError(`--sigma lists a value twice`);
    const bitFlip = finiteNumber("bit-flip", args.options.get("bit-flip") ?? "0");
    if (bitFlip < 0 || bitFlip > 1) throw new UsageError(`--bit-flip must be a probability in [0, 1], got ${bitFlip}`);
    const runs = positiveInt("runs", args.options.get("runs") ?? "10");
    const seed = nonNegativeInt("seed", args.options.get("seed") ?? "1");
    const workers = positiveInt("workers", args.options.get("workers") ?? "1");
    const { policies } = await import("../../paging/catalog.ts");
    const { readDataset, runStudyInWorkers, summarizeStudy } = await import("../../experiments/index.ts");
    const algorithms = expressionList("algorithms", args.options.get("algorithms") ?? STUDY_ALGORITHMS);
    for (const name of algorithms) policies.get(name); // unknown names fail before any file is read
    const keys = args.options.get("keys");
    if (keys !== undefined && keys !== "auto" && keys !== "number" && keys !== "string") {
      throw new UsageError(`--keys must be auto, number or string, got '${keys}'`);
    }

    const traces = await readDataset(dataset, { format: args.options.get("format"), keys });
    const bar = new ProgressBar(io.stderr, runs * traces.length);
    const totals = await runStudyInWorkers(
      {
        traces,
        k,
        algorithms,
        predictor,
        sigmas,
        bitFlip,
        runs,
        seed,
        onProgress: (done, total) => bar.update(done, `run × file ${done}/${total}`),
      },
      workers,
    );
    bar.finish();
    const report = summarizeStudy(totals, { k, files: traces.length, runs, predictor, bitFlip, seed });
    if (args.flags.has("json")) io.stdout.write(JSON.stringify(report) + "\n");
    else io.stdout.write(renderTable(report, dataset));
    return 0;
  },
};

function renderTable(report: StudyReport, dataset: string): string {
  const levels = [...new Set(report.rows.map((r) => r.sigma))];
  const algorithms = [...new Set(report.rows.map((r) => r.algorithm))];
  const head =
    `dataset: ${dataset}  files: ${report.files}  k: ${report.k}  runs: ${report.runs}  Σ OPT: ${grouped(report.opt)}  ` +
    `predictor: ${report.predictor}${report.bitFlip > 0 ? `  bit flips: ${report.bitFlip}` : ""}  seed: ${report.seed}\n` +
    `mean total cost / total OPT over the runs${levels[0] === null ? "" : ", per σ"}:\n\n`;
  const header = ["algorithm", ...levels.map((s) => (s === null ? report.predictor : `σ=${s}`))];
  const rows = algorithms.map((a) => [
    a,
    ...levels.map((s) => report.rows.find((r) => r.algorithm === a && r.sigma === s)!.meanRatio.toFixed(3)),
  ]);
  return head + formatTable(header, rows);
}
