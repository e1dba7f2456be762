import { InputError } from "../errors.ts";
import type { Trace } from "../paging/core/trace.ts";
import { NumericIdMap } from "../traces/numeric-id-map.ts";
import { TraceLimitError } from "../traces/limits.ts";
import { resolveParams, type GeneratorInfo, type ParamValue } from "./generator.ts";
import { uniformGenerator } from "./uniform.ts";
import { zipfGenerator } from "./zipf.ts";
import { loopGenerator } from "./loop.ts";
import { workingSetGenerator } from "./working-set.ts";
import { cruelGenerator } from "./cruel-generator.ts";

/**
 * Name → request-sequence generator. Lookups are case-insensitive; an unknown name or
 * parameter is an `InputError` listing what is known, so a typo never generates the wrong trace.
 */
export class GeneratorRegistry {
  private readonly byName = new Map<string, GeneratorInfo>();

  /** Add a generator; a name already taken (case-insensitively) is a programming error. */
  register(info: GeneratorInfo): void {
    const key = info.name.toLowerCase();
    if (this.byName.has(key)) throw new Error(`generator '${info.name}' registered twice`);
    this.byName.set(key, info);
  }

  /** The entry for `name`; throws `InputError` for an unknown one. */
  get(name: string): GeneratorInfo {
    const info = this.byName.get(name.trim().toLowerCase());
    if (!info) throw new InputError(`unknown generator '${name}' (known: ${[...this.byName.keys()].join(", ")})`);
    return info;
  }

  /** Whether `name` is a registered generator (case-insensitive). */
  has(name: string): boolean {
    return this.byName.has(name.trim().toLowerCase());
  }

  /** All entries in registration order. */
  list(): readonly GeneratorInfo[] {
    return [...this.byName.values()];
  }
}

/** Every built-in generator: uniform, zipf, loop, working-set, cruel. */
export const generators = new GeneratorRegistry();
for (const info of [uniformGenerator, zipfGenerator, loopGenerator, workingSetGenerator, cruelGenerator]) {
  generators.register(info);
}

/**
 * The raw requests of generator `name` with `params` (defaults filled in, validated) and
 * `seed`: page ids in `[0, universe)` as the generator defines them (Zipf rank order, loop
 * position, …). Same arguments, same sequence.
 */
export function generateRequests(name: string, params: Readonly<Record<string, ParamValue>> = {}, seed = 0): Int32Array {
  const info = generators.get(name);
  return info.generate(resolveParams(info, params), seed);
}

/**
 * A generated {@link Trace}: the requests of {@link generateRequests}, renumbered densely in
 * order of first request (so `distinct` counts the pages actually requested), with the
 * generator's page ids kept as the keys. E.g. `generate("zipf", { n: 1e6, universe: 1e4,
 * alpha: 0.8 }, 42)`. Memory follows n, not the universe: the requests are renumbered in place,
 * through a table of the universe only when it is at most 2n pages, else through a hash map of
 * the pages actually requested. `caps` holds a generated trace to the limits a read one has
 * (the CLI passes its `--max-requests` and `--max-distinct`): n beyond `maxRequests` is refused
 * before generating, and the page beyond `maxDistinct` before the id map grows for it.
 */
export function generate(
  name: string,
  params: Readonly<Record<string, ParamValue>> = {},
  seed = 0,
  caps: { readonly maxRequests?: number; readonly maxDistinct?: number } = {},
): Trace {
  const info = generators.get(name);
  const resolved = resolveParams(info, params);
  const n = resolved.n as number;
  if (caps.maxRequests !== undefined && n > caps.maxRequests) {
    throw new InputError(`generator '${info.name}': n = ${n} is more than ${caps.maxRequests} requests (the maxRequests cap, --max-requests)`);
  }
  const atLeast = info.minDistinct?.(resolved) ?? 0;
  if (caps.maxDistinct !== undefined && atLeast > caps.maxDistinct) {
    throw new InputError(
      `generator '${info.name}': requests ${atLeast} distinct pages, more than ${caps.maxDistinct} (the maxDistinct cap, --max-distinct)`,
    );
  }
  try {
    return denseByFirstRequest(info.generate(resolved, seed), info.universe(resolved), caps.maxDistinct ?? 2 ** 30);
  } catch (err) {
    if (err instanceof TraceLimitError) throw new InputError(`generator '${info.name}': ${err.message}`);
    throw err;
  }
}

// Renumbers `raw` in place (the generator's array is ours to reuse).
function denseByFirstRequest(raw: Int32Array, universe: number, maxDistinct: number): Trace {
  const n = raw.length;
  if (universe > 2 * n + 1024) {
    // Grown as pages appear: sized for n up front, a table could dwarf what few pages are used.
    const map = new NumericIdMap(1024, maxDistinct);
    for (let t = 0; t < n; t++) raw[t] = map.idOf(raw[t]);
    return { requests: raw, distinct: map.size, keys: { kind: "number", values: map.keys() } };
  }
  const id = new Int32Array(universe).fill(-1);
  let keys = new Float64Array(Math.min(1024, universe));
  let distinct = 0;
  for (let t = 0; t < n; t++) {
    const p = raw[t];
    let d = id[p];
    if (d < 0) {
      if (distinct >= maxDistinct) throw new TraceLimitError(`more than ${maxDistinct} distinct ids (the maxDistinct cap, --max-distinct)`);
      if (distinct === keys.length) {
        const grown = new Float64Array(Math.min(universe, 2 * keys.length));
        grown.set(keys);
        keys = grown;
      }
      d = id[p] = distinct;
      keys[distinct++] = p;
    }
    raw[t] = d;
  }
  return { requests: raw, distinct, keys: { kind: "number", values: keys.slice(0, distinct) } };
}

/**
 * Parse a generator spec `name` or `name:key=value,key=value` (as a CLI might take it, e.g.
 * `zipf:n=1000000,alpha=0.9`). Values stay strings; {@link generate} validates them. Throws
 * `InputError` on a malformed spec.
 */
export function parseGeneratorSpec(spec: string): {
  /** The generator name (not yet looked up). */
  name: string;
  /** The `key=value` pairs, values unparsed. */
  params: Record<string, string>;
} {
  const colon = spec.indexOf(":");
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim();
  if (name === "") throw new InputError(`generator spec '${spec}': missing generator name`);
  const params: Record<string, string> = {};
  if (colon >= 0) {
    for (const part of spec.slice(colon + 1).split(",")) {
      if (part.trim() === "") continue;
      const eq = part.indexOf("=");
      if (eq <= 0) throw new InputError(`generator spec '${spec}': expected key=value, got '${part}'`);
      const key = part.slice(0, eq).trim();
      if (Object.hasOwn(params, key)) throw new InputError(`generator spec '${spec}': parameter '${key}' given twice`);
      params[key] = part.slice(eq + 1).trim();
    }
  }
  return { name, params };
}
