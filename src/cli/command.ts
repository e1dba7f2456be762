/** What the CLI writes to; tests pass buffers, the binary passes the process streams. */
export interface Io {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
}

/**
 * One `paging-lab` sub-command. `run` returns the exit code; user mistakes are thrown as
 * `UsageError` and turned into a one-line message with exit code 2 by the dispatcher.
 */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full help text, printed by `paging-lab NAME --help`. */
  readonly help: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}
