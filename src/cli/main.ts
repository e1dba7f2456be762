import { COMMANDS } from "./commands.ts";
import type { Io } from "./command.ts";
import { InputError } from "../errors.ts";
import { packageVersion } from "./version.ts";

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "paging-lab — online paging research framework",
    "",
    "Usage: paging-lab <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run 'paging-lab <command> --help' (or 'paging-lab help <command>') for a command's options;",
    "'paging-lab --version' prints the version.",
    "",
  ].join("\n");
}

/**
 * Run the CLI on `argv` (without `node` and the script) and return the exit code:
 * 0 success, 2 a user mistake (one line on stderr, no stack trace), 1 an internal failure.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let [name, ...rest] = argv;
  // `paging-lab help simulate` = `paging-lab simulate --help`.
  if (name === "help" && rest.length > 0) [name, rest] = [rest[0], ["--help"]];
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(topHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    io.stdout.write(`paging-lab ${packageVersion()}\n`);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`paging-lab: unknown command '${name}' (known: ${COMMANDS.map((c) => c.name).join(", ")})\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.help.endsWith("\n") ? command.help : command.help + "\n");
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof InputError) {
      io.stderr.write(`paging-lab ${name}: ${err.message.split("\n")[0]}\n`);
      return 2;
    }
    throw err;
  }
}
