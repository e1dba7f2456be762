import type { Command } from "./command.ts";

/**
 * A sub-command as the dispatcher sees it before loading it: commands are imported only when
 * run, so `paging-lab simulate` does not pay for mathjs or the attention code at start-up.
 */
export interface CommandEntry {
  readonly name: string;
  /** One line for the command list (keep in step with the command's own `summary`). */
  readonly summary: string;
  load(): Promise<Command>;
}

/**
 * The sub-commands, in the order `paging-lab --help` lists them. Each lives in its own file
 * under `commands/`; adding one is one entry here with a lazy `import()`.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "simulate",
    summary: "run paging algorithms on a trace (or a built-in one) and count faults",
    load: async () => (await import("./commands/simulate.ts")).simulateCommand,
  },
  {
    name: "experiment",
    summary: "the learning-augmented study: algorithms × prediction noise × runs over a dataset of traces",
    load: async () => (await import("./commands/experiment.ts")).experimentCommand,
  },
  {
    name: "io",
    summary: "count slow-memory words moved by tiled attention (standard, FlashAttention 1/2, square tiling)",
    load: async () => (await import("./commands/io.ts")).ioCommand,
  },
  {
    name: "kv",
    summary: "replay KV-cache eviction policies (H2O, StreamingLLM, TOVA, ..., offline optimum) on attention traces",
    load: async () => (await import("./commands/kv.ts")).kvCommand,
  },
  {
    name: "sweep",
    summary: "a JSON grid of simulations: run it (threads, --shard i/n over machines, --resume), status, merge",
    load: async () => (await import("./commands/sweep.ts")).sweepCommand,
  },
  {
    name: "prove",
    summary: "exact worst-case ratio ALG/OPT over every sequence of length <= L on P pages, with a witness",
    load: async () => (await import("./commands/prove.ts")).proveCommand,
  },
  {
    name: "claims",
    summary: "check every registered competitive-ratio claim on a battery of instances: status, sources, worst slack, witnesses",
    load: async () => (await import("./commands/claims.ts")).claimsCommand,
  },
  {
    name: "adversary",
    summary: "run the cruel adaptive adversary against an algorithm: ALG, OPT, ratio and the sequence",
    load: async () => (await import("./commands/adversary.ts")).adversaryCommand,
  },
  {
    name: "worst-predictions",
    summary: "search the predictions within an error budget that maximise ALG/OPT (lower-bound witnesses)",
    load: async () => (await import("./commands/worst-predictions.ts")).worstPredictionsCommand,
  },
  {
    name: "mrc",
    summary: "miss counts at every cache size 1..K in one pass (LRU, OPT), as JSON, a table or an SVG chart",
    load: async () => (await import("./commands/mrc.ts")).mrcCommand,
  },
  {
    name: "plot",
    summary: "render a saved 'mrc --json' result as an SVG chart",
    load: async () => (await import("./commands/plot.ts")).plotCommand,
  },
];
