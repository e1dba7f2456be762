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
