import { UsageError } from "./errors.ts";
import { InputError } from "../errors.ts";
import { splitExpressions } from "../paging/expression.ts";

/** Parsed command line: `--name value` / `--name=value` options, bare `--flag`s and positionals. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
  readonly positionals: readonly string[];
}

/**
 * Parse `argv` against the declared option names (take a value) and flag names (take none).
 * Unknown names and an option given twice are a {@link UsageError} naming the option, so typos
 * never pass silently.
 */
export function parseArgs(
  argv: readonly string[],
  spec: { options?: readonly string[]; flags?: readonly string[] },
): ParsedArgs {
  const optionNames = new Set(spec.options ?? []);
  const flagNames = new Set([...(spec.flags ?? []), "help"]);
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h") {
      flags.add("help");
      continue;
    }
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    if (flagNames.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else if (optionNames.has(name)) {
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        i++;
      }
      // `--budget --json` means the value was forgotten, not that the budget is "--json".
      if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) {
        throw new UsageError(`--${name} needs a value`);
      }
      // The last value silently winning would hide a mistake (`--k 10 … --k 20`).
      if (options.has(name)) throw new UsageError(`--${name} given twice; give one value (lists are comma-separated)`);
      options.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { options, flags, positionals };
}

/** The value of a required option, or a {@link UsageError} saying `--name is required`. */
export function requiredOption(args: ParsedArgs, name: string): string {
  const v = args.options.get(name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

/** A {@link UsageError} for the first positional argument of a command that takes none. */
export function noPositionals(args: ParsedArgs): void {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
}

/** A positive integer option (`--k 100`), or a {@link UsageError} that names the option and value. */
export function positiveInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a positive integer, got '${raw}'`);
  const v = Number(raw.trim());
  if (!Number.isSafeInteger(v) || v <= 0) throw new UsageError(`--${name} must be a positive integer, got '${raw}'`);
  return v;
}

/** A non-negative integer option (seeds). */
export function nonNegativeInt(name: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a non-negative integer, got '${raw}'`);
  const v = Number(raw.trim());
  if (!Number.isSafeInteger(v)) throw new UsageError(`--${name} is too large: '${raw}'`);
  return v;
}

/** A finite number option. */
export function finiteNumber(name: string, raw: string): number {
  const v = Number(raw.trim());
  if (raw.trim() === "" || !Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got '${raw}'`);
  return v;
}

/** A comma-separated list (`--k 100,1000`), empty items rejected. */
export function commaList(name: string, raw: string): string[] {
  const items = raw.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new UsageError(`--${name} has an empty item in '${raw}'`);
  return items;
}

/**
 * A comma-separated list of algorithm expressions (`--algorithms lru,combine-det(lru,fifo)`),
 * split at top-level commas only: commas inside `(…)` and `[…]` belong to an expression.
 */
export function expressionList(name: string, raw: string): string[] {
  try {
    return splitExpressions(raw);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(`--${name}: ${e.message}`);
    throw e;
  }
}

/**
 * The one rule for list options of every command (`--k 3,3`, `--algorithms lru,LRU`,
 * `--policies`, `--layers`, `--lru`, `--param`): an item given twice is a {@link UsageError}
 * naming it, never a repeated row or a silently merged one. `key` maps an item to what makes two
 * items the same (a canonical policy name, a number); the items are returned unchanged.
 */
export function distinctItems<T>(name: string, items: readonly T[], key: (item: T) => unknown = (item) => item): T[] {
  const seen = new Map<unknown, T>();
  for (const item of items) {
    const k = key(item);
    const earlier = seen.get(k);
    if (earlier !== undefined || seen.has(k)) {
      const same = String(earlier) === String(item) ? `'${String(item)}' twice` : `'${String(earlier)}' and '${String(item)}', the same item`;
      throw new UsageError(`--${name} lists ${same}; give each once`);
    }
    seen.set(k, item);
  }
  return [...items];
}

const SIZE_UNITS: Readonly<Record<string, number>> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/**
 * A byte count option: a positive integer with an optional binary unit, `K`, `M`, `G` or `T`
 * (also `KiB`, `MB`, …, all powers of 1024): `--max-decompressed 4G` is 4 GiB.
 */
export function byteSize(name: string, raw: string): number {
  const m = /^(\d+)\s*([kmgt]?)(?:i?b)?$/i.exec(raw.trim());
  const v = m === null ? NaN : Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()];
  if (!Number.isSafeInteger(v) || v <= 0) throw new UsageError(`--${name} must be a positive byte count such as 2G, 512M or 1048576, got '${raw}'`);
  return v;
}
