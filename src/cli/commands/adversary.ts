import type { Command, Io } from "../command.ts";
import { nonNegativeInt, noPositionals, parseArgs, requiredOption, positiveInt } from "../args.ts";
import { UsageError } from "../errors.ts";

/** Longest cruel sequence the command builds (the stepper keeps an eviction log of it). */
export const ADVERSARY_MAX_LENGTH = 1 << 22;

/** Largest cache size the command attacks. */
export const ADVERSARY_MAX_K = 1 << 20;

/** The `adversary --json` document. */
export interface AdversaryReport {
  algorithm: string;
  k: number;
  length: number;
  /** Pages used: 0..k. */
  pages: number;
  seed: number;
  alg: number;
  opt: number;
  ratio: number;
  ratioExact: string;
  /** n/(k + ⌈(n−k)/k⌉) for n ≥ k (1 below): the ratio the adversary is guaranteed to force. */
  guaranteed: number;
  guaranteedExact: string;
  sequence: number[];
}

function help(): string {
  return `paging-lab adversary — run the cruel adaptive adversary against an online algorithm

Usage:
  paging-lab adversary --algorithm NAME --k K --length L [--seed S] [--json]

The cruel adversary (Sleator & Tarjan 1985) uses k+1 pages and always requests a page missing
from the algorithm's cache (the smallest such id), watching the algorithm request by request. So
ALG faults on every request (ALG = L), while OPT (Belady, offline) faults at most k + ceil((L-k)/k)
times (L ≥ k; below, OPT = ALG = L): the ratio is at least L/(k + ceil((L-k)/k)), which tends to k. Both count cold misses.
A randomized algorithm runs with --seed S and the adversary sees its choices (adaptive-online).

Options:
  --algorithm NAME  an online algorithm that needs no predictions
  --k K             cache size (1..${ADVERSARY_MAX_K})
  --length L        requests (1..${ADVERSARY_MAX_LENGTH})
  --seed S          seed of a randomized algorithm (default 0)
  --json            one JSON object: {"algorithm","k","length","pages","seed","alg","opt","ratio",
                    "ratioExact","guaranteed","guaranteedExact","sequence"}; the sequence in full

Limits (checked before anything runs): k <= ${ADVERSARY_MAX_K}, L <= ${ADVERSARY_MAX_LENGTH}.
`;
}

/** `paging-lab adversary`: the cruel adversary's sequence against an algorithm, with ALG, OPT and the ratio. */
export const adversaryCommand: Command = {
  name: "adversary",
  summary: "run the cruel adaptive adversary against an algorithm: ALG, OPT, ratio and the sequence",
  get help() {
    return help();
  },
  async run(argv: readonly string[], io: Io): Promise<number> {
    const args = parseArgs(argv, { options: ["algorithm", "k", "length", "seed"], flags: ["json"] });
    noPositionals(args);
    const required = (name: string): string => requiredOption(args, name);
    const algorithm = required("algorithm");
    const k = positiveInt("k", required("k"));
    const length = positiveInt("length", required("length"));
    const seed = nonNegativeInt("seed", args.options.get("seed") ?? "0");
    if (k > ADVERSARY_MAX_K) throw new UsageError(`--k must be at most ${ADVERSARY_MAX_K}, got ${k}`);
    if (length > ADVERSARY_MAX_LENGTH) throw new UsageError(`--length must be at most ${ADVERSARY_MAX_LENGTH}, got ${length}`);

    const { policies, simulate } = await import("../../paging/index.ts");
    const { cruelSequence, cruelOptUpperBound } = await import("../../adversaries/cruel.ts");
    const { frac, show } = await import("../../proofs-check/exact.ts");
    const info = policies.get(algorithm);
    if (info.offline) throw new UsageError(`the adversary attacks online algorithms; '${info.name}' is offline`);
    if (info.needs.length > 0) throw new UsageError(`'${info.name}' needs predictions, which the adversary does not supply`);
    const sequence = cruelSequence(policies.create(info.name, k, { seed }), length);
    const alg = simulate(policies.create(info.name, k, { seed }), sequence, { universe: k + 1 }).faults;
    const opt = simulate(policies.create("opt", k), sequence, { universe: k + 1 }).faults;
    const ratio = frac(alg, opt);
    const guaranteed = frac(length, cruelOptUpperBound(length, k));
    const report: AdversaryReport = {
      algorithm: info.name,
      k,
      length,
      pages: k + 1,
      seed,
      alg,
      opt,
      ratio: Number(ratio.valueOf()),
      ratioExact: show(ratio),
      guaranteed: Number(guaranteed.valueOf()),
      guaranteedExact: show(guaranteed),
      sequence: Array.from(sequence),
    };
    if (args.flags.has("json")) {
      io.stdout.write(JSON.stringify(report) + "\n");
      return 0;
    }
    const shown = length <= 40 ? report.sequence.join(" ") : `${report.sequence.slice(0, 40).join(" ")} … (--json for all ${length})`;
    io.stdout.write(
      [
        `${info.name}  k=${k}  length=${length}  pages 0..${k}${info.randomized ? `  seed ${seed}` : ""}`,
        `ALG          ${alg}`,
        `OPT          ${opt}`,
        `ratio        ${report.ratioExact} ≈ ${report.ratio.toFixed(4)}  (guaranteed ≥ ${report.guaranteedExact} ≈ ${report.guaranteed.toFixed(4)})`,
        `sequence     ${shown}`,
      ].join("\n") + "\n",
    );
    return 0;
  },
};
