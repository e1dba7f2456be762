import type { Command, Io } from "../command.ts";
import { noPositionals, parseArgs, requiredOption, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";
// Only the dependency-free limits at start-up: the search and mathjs load in `run`.
import {
  DEFAULT_MAX_SEQUENCES,
  DEFAULT_MAX_STATES,
  WORST_CASE_MAX_K,
  WORST_CASE_MAX_LENGTH,
  WORST_CASE_MAX_PAGES,
  WORST_CASE_MAX_STATES,
  WORST_CASE_MAX_STORED_SETS,
} from "../../proofs-check/worst-case-limits.ts";

/** The `prove --json` document. */
export interface ProveReport {
  algorithm: string;
  k: number;
  length: number;
  pages: number;
  /** Sequences of length 1..length covered, one per class up to renaming pages. */
  sequences: number;
  /** States searched (dynamic programming) or sequences simulated (enumeration). */
  states: number;
  method: "states" | "sequences";
  /** True when ALG is a randomized policy's exact expected number of faults. */
  expectation: boolean;
  worst: {
    ratio: number;
    ratioExact: string;
    alg: number;
    algExact: string;
    opt: number;
    sequence: number[];
  };
  exact: true;
  seconds: number;
}

function help(): string {
  return `paging-lab prove — exact worst case of an online paging algorithm on small instances

Usage:
  paging-lab prove --algorithm NAME --k K --length L [--pages P] [--max-states N] [--json]

Finds max ALG/OPT over every request sequence of length 1..L on P pages (default k+1), exactly,
with a shortest sequence attaining it. ALG and OPT both start with an empty cache and count
cold misses; the ratio has no additive constant. OPT >= 1 on every non-empty sequence, so the
ratio is always defined (the first request is a cold miss for both). OPT is computed by
exhaustive search over eviction choices (not Belady's rule) and the ratio as an exact fraction.

Randomized algorithms: ALG is the exact expected number of faults (an oblivious adversary picks
the sequence in advance), for marker and random; other randomized algorithms are refused.

"sequences" counts the sequences of length 1..L over P pages up to renaming pages: one per
class, the sequence whose pages first appear in the order 0, 1, 2, ... (sum of Stirling numbers
S(n, j), j <= P). Every sequence is covered: the registered policies ignore page ids.

Method: dynamic programming over states (ALG's state, OPT's reachable cache sets with their
costs) up to renaming pages, keeping per state the Pareto set of (ALG cost, OPT cost) pairs;
pairs that cannot reach the best ratio even with faults on every remaining request are dropped.
Needs the policy's canonical state (lru, fifo, fwf, clock, marking, mru; marker and random by
their exact distributions). Other deterministic policies (lfu, combiners without predictions)
are enumerated sequence by sequence, re-simulating prefixes.

Options:
  --algorithm NAME  an online algorithm that needs no predictions
  --k K             cache size of both ALG and OPT (1..${WORST_CASE_MAX_K})
  --length L        longest sequence (1..${WORST_CASE_MAX_LENGTH})
  --pages P         pages 0..P-1 (1..${WORST_CASE_MAX_PAGES}; default k+1)
  --max-states N    most distinct states kept for one length (default ${DEFAULT_MAX_STATES}, at most ${WORST_CASE_MAX_STATES})
  --json            one JSON object: {"algorithm","k","length","pages","sequences","states",
                    "method","expectation","worst":{"ratio","ratioExact","alg","algExact","opt",
                    "sequence"},"exact":true,"seconds"}; ratio/alg are numbers, ratioExact/algExact
                    fractions such as "9/5"

Limits (checked before the search, or as it grows, before storing beyond them):
  k <= ${WORST_CASE_MAX_K}, P <= ${WORST_CASE_MAX_PAGES}, L <= ${WORST_CASE_MAX_LENGTH}; at most N states per length, lowered so that
  at most ${WORST_CASE_MAX_STORED_SETS} cache sets are stored per length; enumeration (no canonical state)
  refused beyond ${DEFAULT_MAX_SEQUENCES} sequences.

Example: paging-lab prove --algorithm lru --k 3 --length 14   # 2, on 0 1 2 3 0 1 2 3 0 1 2 3
`;
}

/** `paging-lab prove`: the exact worst-case ratio of an algorithm over all short sequences. */
export const proveCommand: Command = {
  name: "prove",
  summary: "exact worst-case ratio ALG/OPT over every sequence of length <= L on P pages, with a witness",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, { options: ["algorithm", "k", "length", "pages", "max-states"], flags: ["json"] });
    noPositionals(args);
    const required = (name: string): string => requiredOption(args, name);
    const algorithm = required("algorithm");
    const k = positiveInt("k", required("k"));
    const length = positiveInt("length", required("length"));
    const pagesRaw = args.options.get("pages");
    const pages = pagesRaw === undefined ? k + 1 : positiveInt("pages", pagesRaw);
    const statesRaw = args.options.get("max-states");
    const maxStates = statesRaw === undefined ? DEFAULT_MAX_STATES : positiveInt("max-states", statesRaw);
    if (k > WORST_CASE_MAX_K) throw new UsageError(`--k must be at most ${WORST_CASE_MAX_K}, got ${k}`);
    if (length > WORST_CASE_MAX_LENGTH) throw new UsageError(`--length must be at most ${WORST_CASE_MAX_LENGTH}, got ${length}`);
    if (pages > WORST_CASE_MAX_PAGES) throw new UsageError(`--pages must be at most ${WORST_CASE_MAX_PAGES}, got ${pages}`);
    if (maxStates > WORST_CASE_MAX_STATES) throw new UsageError(`--max-states must be at most ${WORST_CASE_MAX_STATES}, got ${maxStates}`);

    // The state search needs no mathjs; only the enumeration fallback loads it.
    const { searchWorstCase } = await import("../../proofs-check/worst-case-search.ts");
    const { policies } = await import("../../paging/catalog.ts");
    const name = policies.get(algorithm).name;
    const started = performance.now();
    const options = { k, maxLength: length, pages, maxStates };
    const found = searchWorstCase(name, options);
    let result: Omit<ProveReport, "algorithm" | "k" | "length" | "pages" | "exact" | "seconds">;
    if (found !== undefined) {
      result = {
        sequences: found.sequences,
        states: found.states,
        method: "states",
        expectation: found.expectation,
        worst: {
          ratio: quotient(found.alg, found.denominator * BigInt(found.opt)),
          ratioExact: found.ratioText,
          alg: quotient(found.alg, found.denominator),
          algExact: found.algText,
          opt: found.opt,
          sequence: Array.from(found.witness),
        },
      };
    } else {
      const { exactWorstCase } = await import("../../proofs-check/exact-worst-case.ts");
      const { show } = await import("../../proofs-check/exact.ts");
      const w = exactWorstCase(name, options);
      result = {
        sequences: w.sequences,
        states: w.states,
        method: w.method,
        expectation: w.expectation,
        worst: {
          ratio: Number(w.ratio.valueOf()),
          ratioExact: show(w.ratio),
          alg: Number(w.alg.valueOf()),
          algExact: show(w.alg),
          opt: w.opt,
          sequence: Array.from(w.witness),
        },
      };
    }
    const seconds = (performance.now() - started) / 1000;
    const report: ProveReport = { algorithm: name, k, length, pages, ...result, exact: true, seconds };
    const w = report;
    if (args.flags.has("json")) {
      io.stdout.write(JSON.stringify(report) + "\n");
      return 0;
    }
    const g = (n: number) => n.toLocaleString("en-US");
    const alg = w.expectation ? `E[ALG] ${report.worst.algExact} (≈ ${report.worst.alg.toFixed(4)})` : `ALG ${report.worst.alg}`;
    io.stdout.write(
      [
        `${name}  k=${k}  length<=${length}  pages=${pages}${w.expectation ? "  (exact expectation)" : ""}`,
        `worst ratio  ${report.worst.ratioExact} ≈ ${report.worst.ratio.toFixed(4)}`,
        `witness      ${report.worst.sequence.join(" ")}  (${alg}, OPT ${w.worst.opt})`,
        `covered      ${g(w.sequences)} sequences up to renaming pages`,
        w.method === "states"
          ? `searched     ${g(w.states)} states (dynamic programming) in ${seconds.toFixed(2)} s`
          : `searched     ${g(w.states)} sequences one by one in ${seconds.toFixed(2)} s`,
      ].join("\n") + "\n",
    );
    return 0;
  },
};

/** n/d as a double, also when n and d exceed the double range (denominators of probabilities). */
function quotient(n: bigint, d: bigint): number {
  const scale = 10n ** 15n;
  return Number((n * scale) / d) / 1e15;
}
