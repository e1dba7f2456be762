import type { Command } from "./command.ts";
import { simulateCommand } from "./commands/simulate.ts";
import { ioCommand } from "./commands/io.ts";

/**
 * The sub-commands, in the order `paging-lab --help` lists them. Each lives in its own file
 * under `commands/`; adding one is one import and one entry here.
 */
export const COMMANDS: readonly Command[] = [
  simulateCommand,
  ioCommand,
];
