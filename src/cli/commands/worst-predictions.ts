import type { Command, Io } from "../command.ts";
import { nonNegativeInt, noPositionals, parseArgs, requiredOption, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";
// Only the limits at start-up: the search, the policies and mathjs load in `run`.
import {
  WORST_PREDICTIONS_MAX_EVALUATIONS,
  WORST_PREDICTIONS_MAX_LENGTH,
  WORST_PREDICTIONS_MAX_PAGES,
  WORST_PREDICTIONS_MAX_WORK,
} from "../../proofs-check/worst-predictions-limits.ts";
import type { RegisteredBound, WorstPredictions } from "../../proofs-check/adversarial-predictions.ts";

/** A registered bound in the `worst-predictions --json` document. */
export interface WorstPredictionsBoundJson {
  claim: string;
  statement: string;
  status: "asserted" | "report-only";
  /** The bound at the witness (≈), and exactly. */
  value: number;
  valueExact: string;
  /** Bound (+ Hoeffding slack of a sampled ALG) − ALG; negative = the witness beats it. */
  slack: number;
  slackExact: string;
  holds: boolean;
}

/** The `worst-predictions --json` document. */
export interface WorstPredictionsJson {
  algorithm: string;
  k: number;
  length: number;
  pages: number;
  search: "exhaustive" | "local";
  objective: "ratio" | "excess";
  seed: number;
  budget: { eta0: number; eta1: number; truth: "discard" | "phase" } | { eta: number };
  /** With --generate: the spec and how many sequences were searched (then `pages` is the witness's). */
  generated?: { spec: string; count: number };
  evaluations: number;
  witness: {
    requests: number[];
    /** Bits (0 = KEEP, 1 = EVICT) or next-arrival times (n = never again). */
    predictions: number[];
    kind: "bits" | "nextArrival";
    error: { eta0: number; eta1: number } | { eta: number };
  };
  alg: number;
  algExact: string;
  /** False when ALG is a mean over seeds (a randomized algorithm without an exact expectation). */
  exact: boolean;
  opt: number;
  ratio: number;
  ratioExact: string;
  /** The tightest asserted registered bound at the witness, and its slack (null: none registered). */
  bound: WorstPredictionsBoundJson | null;
  slack: number | null;
  bounds: WorstPredictionsBoundJson[];
}

function help(): string {
  return `paging-lab worst-predictions — adversarial predictions for a learning-augmented algorithm

Usage:
  paging-lab worst-predictions --algorithm NAME --k K (--length L [--pages P] | --generate SPEC [--count N])
                               (--eta0 A --eta1 B | --eta E) [--search exhaustive|local]
                               [--seed S] [--iterations N] [--objective ratio|excess]
                               [--against CLAIM] [--json]

Searches the predictions within an error budget, and the sequence among every sequence of
length L over P pages (up to renaming pages), that maximise ALG/OPT: a lower-bound witness
for the algorithm's robustness and smoothness constants. The registered claims about the
algorithm (paging-lab's proofs-check) are evaluated at the witness; a witness above an
asserted bound (negative slack) would be a finding about that claim.

Options:
  --algorithm NAME  a registered algorithm or combiner expression that reads one kind of
                    prediction (follow-discard, mark-and-predict, blind-oracle, guard,
                    'combine-det(blind-oracle,lru)', ...; see 'paging-lab simulate --help')
  --k K             cache size
  --length L        sequence length
  --pages P         pages of the sequences (default K+1)
  --generate SPEC   instead of every sequence: N generated ones, NAME:key=value,... as for
                    'simulate --generate' (n <= ${WORST_PREDICTIONS_MAX_LENGTH} must be given), seeds S, S+1, ...
  --count N         how many to generate (default 1, at most 1024)
  --eta0 A, --eta1 B  one-bit predictions: at most A false KEEPs and B false EVICTs against
                    the perfect bits (discard: Belady's labels; phase: the k-phase oracle);
                    one of them may be omitted (0)
  --eta E           next-arrival predictions: l1 error at most E against the true next
                    arrivals (never again = L), over integer predictions in (t, L]
  --search S        exhaustive (default): every sequence and every prediction within the
                    budget; local: seeded simulated annealing over predictions and requests
  --seed S          seed of the local search and of --generate (default 0); same seed, same result
  --iterations N    local search iterations (default 4000)
  --objective O     ratio (default): ALG/OPT; excess: ALG minus the tightest asserted bound
  --against CLAIM   with --objective excess: maximise ALG minus this registered claim's bound
                    (report-only claims too, to probe UNVERIFIED statements)
  --json            one JSON object: {"algorithm","k","length","pages","search","objective",
                    "seed","budget","evaluations","witness":{"requests","predictions","kind",
                    "error"},"alg","algExact","exact","opt","ratio","ratioExact","bound",
                    "slack","bounds"}

ALG is exact for deterministic algorithms and for those with an exact expectation (Marker's
kin: follow-discard-rand, mark-and-predict, guard, combine-rand over deterministic parts);
otherwise the mean of 16 seeded runs, re-measured for the witness on 16 fresh seeds.

Limits (checked before the search starts):
  exhaustive: at most ${WORST_PREDICTIONS_MAX_EVALUATIONS} candidates (sequences x predictions)
  local: at most ${WORST_PREDICTIONS_MAX_EVALUATIONS} iterations and ${WORST_PREDICTIONS_MAX_WORK} request-steps (iterations x L)
  L <= ${WORST_PREDICTIONS_MAX_LENGTH}, P <= ${WORST_PREDICTIONS_MAX_PAGES}
`;
}

const OPTIONS = ["algorithm", "k", "length", "pages", "generate", "count", "eta0", "eta1", "eta", "search", "seed", "iterations", "objective", "against"];
const FLAGS = ["json"];

/** `paging-lab worst-predictions`: the adversarial-prediction search on the command line. */
export const worstPredictionsCommand: Command = {
  name: "worst-predictions",
  summary: "search the predictions within an error budget that maximise ALG/OPT (lower-bound witnesses)",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, { options: OPTIONS, flags: FLAGS });
    noPositionals(args);
    const required = (name: string): string => requiredOption(args, name);
    const algorithm = required("algorithm");
    const k = positiveInt("k", required("k"));
    const spec = args.options.get("generate");
    if (spec !== undefined && (args.options.has("length") || args.options.has("pages"))) {
      throw new UsageError("give --length/--pages (every sequence) or --generate (generated ones), not both");
    }
    if (spec === undefined && args.options.has("count")) throw new UsageError("--count applies to --generate");
    const generated = spec === undefined ? undefined : generatedShape(spec, args.options.get("count"));
    const length = generated?.n ?? positiveInt("length", required("length"));
    if (length > WORST_PREDICTIONS_MAX_LENGTH) throw new UsageError(`--length must be at most ${WORST_PREDICTIONS_MAX_LENGTH}, got ${length}`);
    const pagesRaw = args.options.get("pages");
    const pages = pagesRaw === undefined ? k + 1 : positiveInt("pages", pagesRaw);
    if (pages > WORST_PREDICTIONS_MAX_PAGES) throw new UsageError(`--pages must be at most ${WORST_PREDICTIONS_MAX_PAGES}, got ${pages}`);
    const count = (name: string) => {
      const v = args.options.get(name);
      return v === undefined ? undefined : nonNegativeInt(name, v);
    };
    const budget = { eta0: count("eta0"), eta1: count("eta1"), eta: count("eta") };
    if (budget.eta !== undefined && (budget.eta0 !== undefined || budget.eta1 !== undefined)) {
      throw new UsageError("give --eta (next arrivals) or --eta0/--eta1 (one-bit predictions), not both");
    }
    if (budget.eta === undefined && budget.eta0 === undefined && budget.eta1 === undefined) {
      throw new UsageError("give an error budget: --eta0 A --eta1 B (one-bit predictions) or --eta E (next arrivals)");
    }
    const search = args.options.get("search") ?? "exhaustive";
    if (search !== "exhaustive" && search !== "local") throw new UsageError(`--search must be exhaustive or local, got '${search}'`);
    const objective = args.options.get("objective") ?? "ratio";
    if (objective !== "ratio" && objective !== "excess") throw new UsageError(`--objective must be ratio or excess, got '${objective}'`);
    const against = args.options.get("against");
    if (against !== undefined && objective !== "excess") throw new UsageError("--against needs --objective excess");
    const seed = nonNegativeInt("seed", args.options.get("seed") ?? "0");
    const iterationsRaw = args.options.get("iterations");
    if (iterationsRaw !== undefined && search !== "local") throw new UsageError("--iterations applies to --search local");
    const iterations = iterationsRaw === undefined ? undefined : positiveInt("iterations", iterationsRaw);
    if (iterations !== undefined && iterations > WORST_PREDICTIONS_MAX_EVALUATIONS) {
      throw new UsageError(`--iterations must be at most ${WORST_PREDICTIONS_MAX_EVALUATIONS}, got ${iterations}`);
    }
    if (search === "local" && (iterations ?? 4000) * length > WORST_PREDICTIONS_MAX_WORK) {
      throw new UsageError(`a local search of ${iterations ?? 4000} iterations on ${length} requests is over the limit of ${WORST_PREDICTIONS_MAX_WORK} request-steps`);
    }

    const { worstPredictions } = await import("../../proofs-check/adversarial-predictions.ts");
    const sequences = generated === undefined ? undefined : await generateSequences(generated, seed);
    const w = worstPredictions({
      algorithm,
      k,
      ...(sequences === undefined ? { length, pages } : { sequences }),
      budget: {
        ...(budget.eta0 !== undefined ? { eta0: budget.eta0 } : {}),
        ...(budget.eta1 !== undefined ? { eta1: budget.eta1 } : {}),
        ...(budget.eta !== undefined ? { eta: budget.eta } : {}),
      },
      search,
      objective,
      seed,
      ...(against !== undefined ? { against } : {}),
      ...(iterations !== undefined ? { iterations } : {}),
    });
    const json = toJson(w, { length, pages: sequences === undefined ? pages : Math.max(...w.requests, 0) + 1, seed });
    if (sequences !== undefined) json.generated = { spec: spec!, count: sequences.length };
    io.stdout.write(args.flags.has("json") ? JSON.stringify(json) + "\n" : renderText(json));
    return 0;
  },
};

interface GeneratedShape {
  readonly name: string;
  readonly params: Record<string, string>;
  readonly n: number;
  readonly count: number;
}

/** The generator spec's n and the count, checked against the limits before anything is generated. */
function generatedShape(spec: string, countRaw: string | undefined): GeneratedShape {
  const colon = spec.indexOf(":");
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  const params: Record<string, string> = {};
  for (const part of colon < 0 ? [] : spec.slice(colon + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw new UsageError(`--generate '${spec}': expected key=value, got '${part}'`);
    params[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  if (params.n === undefined) throw new UsageError(`--generate needs n (at most ${WORST_PREDICTIONS_MAX_LENGTH}), e.g. zipf:n=200,universe=8`);
  const n = positiveInt("generate n", params.n);
  if (n > WORST_PREDICTIONS_MAX_LENGTH) throw new UsageError(`--generate: n must be at most ${WORST_PREDICTIONS_MAX_LENGTH}, got ${n}`);
  const count = countRaw === undefined ? 1 : positiveInt("count", countRaw);
  if (count > 1024) throw new UsageError(`--count must be at most 1024, got ${count}`);
  return { name, params, n, count };
}

async function generateSequences(shape: GeneratedShape, seed: number): Promise<Int32Array[]> {
  const { generate } = await import("../../adversaries/registry.ts");
  const out: Int32Array[] = [];
  for (let i = 0; i < shape.count; i++) {
    try {
      out.push(generate(shape.name, shape.params, seed + i, { maxRequests: WORST_PREDICTIONS_MAX_LENGTH, maxDistinct: WORST_PREDICTIONS_MAX_PAGES }).requests);
    } catch (e) {
      // The generator names the caps by simulate's options; here they are this command's limits.
      if (e instanceof Error && /\(the max\w+ cap, --max-[a-z-]+\)/.test(e.message)) {
        throw new UsageError(`--generate: ${e.message.replace(/ \(the max\w+ cap, --max-[a-z-]+\)/, "")} (this command's limit)`);
      }
      throw e;
    }
  }
  return out;
}

function exactText(x: { n: bigint; d: bigint; s: bigint }): string {
  const sign = x.s < 0n && x.n !== 0n ? "-" : "";
  return x.d === 1n ? `${sign}${x.n}` : `${sign}${x.n}/${x.d}`;
}

function boundJson(b: RegisteredBound): WorstPredictionsBoundJson {
  return {
    claim: b.claim,
    statement: b.statement,
    status: b.status,
    value: Number(b.value.valueOf()),
    valueExact: exactText(b.value),
    slack: Number(b.slack.valueOf()),
    slackExact: exactText(b.slack),
    holds: b.holds,
  };
}

function toJson(w: WorstPredictions, meta: { length: number; pages: number; seed: number }): WorstPredictionsJson {
  const bits = w.predictions.bits;
  const bound = w.bound ? boundJson(w.bound) : null;
  return {
    algorithm: w.algorithm,
    k: w.k,
    length: meta.length,
    pages: meta.pages,
    search: w.search,
    objective: w.objective,
    seed: meta.seed,
    budget: w.budget.kind === "bits" ? { eta0: w.budget.eta0, eta1: w.budget.eta1, truth: w.budget.truth } : { eta: w.budget.eta },
    evaluations: w.evaluations,
    witness: {
      requests: Array.from(w.requests),
      predictions: Array.from(bits ?? w.predictions.nextArrival!),
      kind: bits ? "bits" : "nextArrival",
      error: w.error,
    },
    alg: Number(w.alg.valueOf()),
    algExact: exactText(w.alg),
    exact: w.exact,
    opt: w.opt,
    ratio: Number(w.ratio.valueOf()),
    ratioExact: exactText(w.ratio),
    bound,
    slack: bound?.slack ?? null,
    bounds: w.bounds.map(boundJson),
  };
}

function renderText(j: WorstPredictionsJson): string {
  const budget = "eta" in j.budget ? `η ≤ ${j.budget.eta}` : `η₀ ≤ ${j.budget.eta0}, η₁ ≤ ${j.budget.eta1} (${j.budget.truth} bits)`;
  const error = "eta" in j.witness.error ? `η = ${j.witness.error.eta}` : `η₀ = ${j.witness.error.eta0}, η₁ = ${j.witness.error.eta1}`;
  const lines = [
    `${j.algorithm}, k = ${j.k}: ${j.generated ? `${j.generated.count} sequence(s) of ${j.generated.spec}` : `every sequence of length ${j.length} over ${j.pages} pages`}, ` +
      `${budget} — ${j.search} search, ${j.evaluations} candidates`,
    `  σ            ${j.witness.requests.join(" ")}`,
    `  predictions  ${j.witness.kind === "bits" ? j.witness.predictions.map((b) => (b === 1 ? "E" : "K")).join(" ") : j.witness.predictions.join(" ")}  (${error})`,
    `  ALG = ${j.algExact}${j.exact ? "" : " (mean over 16 seeds)"}, OPT = ${j.opt}, ALG/OPT = ${j.ratioExact} ≈ ${j.ratio.toFixed(4)}`,
  ];
  if (j.bounds.length === 0) lines.push("  no registered bound on this algorithm's cost");
  for (const b of j.bounds) {
    const verdict = b.holds ? `slack ${b.slackExact}` : `EXCEEDED by ${b.slackExact.replace(/^-/, "")} — a finding about this claim`;
    lines.push(`  [${b.claim}] ${b.status === "asserted" ? "" : "(report-only) "}${b.statement}: bound ${b.valueExact} ≈ ${b.value.toFixed(3)}, ${verdict}`);
  }
  return lines.join("\n") + "\n";
}
