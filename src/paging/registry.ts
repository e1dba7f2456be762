import { InputError } from "../errors.ts";
import { checkCacheSize } from "./core/cache.ts";
import type { Policy } from "./core/policy.ts";
import { formatExpression, parseExpression, type AlgorithmExpression } from "./expression.ts";

/** Which per-request predictions a policy consumes. */
export type PredictionKind = "nextArrival" | "discardBit" | "phaseBit";

/** Construction options shared by every policy factory. */
export interface PolicyOptions {
  /** Seed of randomized policies (same seed, same run). Ignored by deterministic ones. */
  readonly seed?: number;
  /**
   * Policy-specific parameters, checked against {@link PolicyInfo.params} (an undeclared name is
   * an {@link InputError}). The same parameters can be written in the name:
   * `combine-det[gamma=0.05](lru,fifo)`; giving one in both places is an error.
   */
  readonly params?: Readonly<Record<string, number | string>>;
  /**
   * The parts of a combiner, built by the registry from the expression (or the entry's default
   * parts), each for the same k and with a seed derived by {@link partSeed}.
   */
  readonly parts?: readonly Policy[];
}

/** How many parts a combiner takes, and which it uses when an expression names none. */
export interface PartsSpec {
  /** Fewest parts an expression may name (0: the parts are fixed to `defaults`). */
  readonly min: number;
  /** Most parts an expression may name. */
  readonly max: number;
  /** Expressions of the parts used when none are named (`blind-oracle`, `marker`). */
  readonly defaults: readonly string[];
  /**
   * Whether the combiner's own choices are random. (The entry's `randomized`, `offline` and
   * `needs` describe it with its default parts; a combination is randomized if this is set or
   * a part is, offline if a part is, and needs what its parts need.)
   */
  readonly randomized: boolean;
}

/**
 * What the registry knows of a policy: its name, what it needs, and a factory. The simulation
 * core and the CLI know policies only through these entries.
 */
export interface PolicyInfo {
  /** Registry name, lower case (`lru`, `opt`, `predictive-marker`). */
  readonly name: string;
  /** Other accepted names (`belady` for `opt`). */
  readonly aliases?: readonly string[];
  /** Folder-level family, for listings. */
  readonly family: "classical" | "offline" | "learning-augmented" | "combiner" | "modern";
  /** One line: what it evicts, with the source. */
  readonly summary: string;
  /** True if it must see the whole trace (offline). */
  readonly offline: boolean;
  /** True if its choices depend on the seed. */
  readonly randomized: boolean;
  /** Predictions it consumes, if any (for a combination: its own and all its parts'). */
  readonly needs: readonly PredictionKind[];
  /** Parameters it accepts, name → one-line meaning with the default (none when absent). */
  readonly params?: Readonly<Record<string, string>>;
  /** Set for combiners: they take other registered policies as parts. */
  readonly parts?: PartsSpec;
  /** Build a fresh instance for cache size k (validated ≥ 1 by the registry). */
  create(k: number, options: PolicyOptions): Policy;
}

/** Nesting of default parts deeper than this means a combiner's defaults name themselves. */
const MAX_DEFAULT_DEPTH = 16;

/**
 * Name → policy map. Lookups are case-insensitive; an unknown name is an {@link InputError}
 * listing the known names, so a CLI typo never runs the wrong algorithm.
 *
 * Names are algorithm expressions ({@link parseExpression}): a registered name, optionally with
 * parameters in brackets and, for a combiner, its parts in parentheses —
 * `combine-det[gamma=0.05](blind-oracle,lru)`. The parts are looked up here when the policy is
 * created, so a combiner can take any registered policy (or combination) as a part; the
 * simulation engine only ever sees the combined {@link Policy}.
 */
export class PolicyRegistry {
  private readonly byName = new Map<string, PolicyInfo>();
  private readonly ordered: PolicyInfo[] = [];
  // Resolved expressions (runners create the same combination thousands of times).
  private readonly resolved = new Map<string, PolicyInfo>();

  /** Add a policy; a name or alias already taken (case-insensitively) is a programming error. */
  register(info: PolicyInfo): void {
    for (const name of [info.name, ...(info.aliases ?? [])]) {
      const key = name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`policy name '${name}' registered twice`);
      this.byName.set(key, info);
    }
    this.ordered.push(info);
    this.resolved.clear();
  }

  /**
   * The entry for `name` (or an alias), or for an algorithm expression the entry describing the
   * combination: its canonical name, `offline`/`randomized` if it or any part is, and the union
   * of the predictions they need. Throws {@link InputError} for an unknown name, a malformed
   * expression, an undeclared parameter or a wrong number of parts.
   */
  get(name: string): PolicyInfo {
    const direct = this.byName.get(name.trim().toLowerCase());
    if (direct !== undefined && direct.parts === undefined) return direct;
    let info = this.resolved.get(name);
    if (info === undefined) {
      info = this.resolve(parseExpression(name), name, 0);
      if (this.resolved.size >= 1024) this.resolved.clear();
      this.resolved.set(name, info);
    }
    return info;
  }

  /** Whether `name` is a registered name or alias (case-insensitive). */
  has(name: string): boolean {
    return this.byName.has(name.trim().toLowerCase());
  }

  /** All entries in registration order. */
  list(): readonly PolicyInfo[] {
    return this.ordered;
  }

  /** Build policy `name` (an algorithm expression) for cache size k; validates k and the name. */
  create(name: string, k: number, options: PolicyOptions = {}): Policy {
    checkCacheSize(k);
    const info = this.get(name);
    // Combinations check the options' parameters when merging them with the written ones.
    if (options.params !== undefined && info.parts === undefined) checkParams(info, options.params, name);
    return info.create(k, options);
  }

  private entry(e: AlgorithmExpression, source: string): PolicyInfo {
    const info = this.byName.get(e.name);
    if (info === undefined) {
      const where = source.trim().toLowerCase() === e.name ? "" : ` in '${source}'`;
      throw new InputError(`unknown algorithm '${e.name}'${where} (known: ${this.ordered.map((p) => p.name).join(", ")})`);
    }
    return info;
  }

  private resolve(e: AlgorithmExpression, source: string, depth: number): PolicyInfo {
    const info = this.entry(e, source);
    checkParams(info, e.params, source);
    const spec = info.parts;
    if (spec === undefined) {
      if (e.parts.length > 0) throw new InputError(`'${info.name}' takes no parts (in '${source}')`);
      return Object.keys(e.params).length === 0 ? info : withParams(info, e);
    }
    if (e.parts.length > 0 && (e.parts.length < spec.min || e.parts.length > spec.max)) {
      const range = spec.max === 0 ? "no parts" : spec.min === spec.max ? `${spec.min} parts` : `${spec.min} to ${spec.max} parts`;
      throw new InputError(`'${info.name}' takes ${range}, got ${e.parts.length} (in '${source}')`);
    }
    let partExprs = e.parts;
    if (partExprs.length === 0) {
      if (depth >= MAX_DEFAULT_DEPTH) throw new Error(`default parts of '${info.name}' nest too deep (do they name it?)`);
      partExprs = spec.defaults.map((d) => parseExpression(d));
      depth++;
    }
    const parts = partExprs.map((p) => this.resolve(p, source, depth));
    const named = e.parts.length > 0 || Object.keys(e.params).length > 0;
    const needs: PredictionKind[] = [];
    for (const part of parts) for (const n of part.needs) if (!needs.includes(n)) needs.push(n);
    const params = e.params;
    return {
      name: named ? formatExpression(e) : info.name,
      family: info.family,
      summary: info.summary,
      offline: parts.some((p) => p.offline),
      randomized: spec.randomized || parts.some((p) => p.randomized),
      needs,
      ...(info.params ? { params: info.params } : {}),
      parts: spec,
      create(k: number, options: PolicyOptions): Policy {
        const seed = options.seed ?? 0;
        const built = parts.map((p, i) => p.create(k, { seed: partSeed(seed, i) }));
        const policy = info.create(k, { seed, params: mergeParams(info, params, options.params, source), parts: built });
        combinations.set(policy, { infos: parts, parts: built, own: spec.randomized });
        return policy;
      },
    };
  }
}

/** What each combination was built from, for {@link reseedPolicy}. */
const combinations = new WeakMap<Policy, { readonly infos: readonly PolicyInfo[]; readonly parts: readonly Policy[]; readonly own: boolean }>();

/**
 * Make `policy`, built by `info.create`, run from its next `reset` on exactly as
 * `info.create(k, { seed })` would (same k and parameters): a randomized policy through its
 * {@link Policy.reseed}; a combination through its own `reseed` when its choices are random, and
 * each part with {@link partSeed}(seed, i), recursively. Deterministic policies need nothing.
 * Returns false, changing nothing, when some randomized policy on the way has no `reseed` (build
 * a new instance then). A study running many seeds on one trace keeps one instance this way.
 */
export function reseedPolicy(info: PolicyInfo, policy: Policy, seed: number): boolean {
  if (!reseedable(info, policy)) return false;
  applySeed(info, policy, seed);
  return true;
}

function reseedable(info: PolicyInfo, policy: Policy): boolean {
  if (!info.randomized) return true;
  const built = combinations.get(policy);
  if (built === undefined) return policy.reseed !== undefined && info.parts === undefined;
  if (built.own && policy.reseed === undefined) return false;
  return built.parts.every((part, i) => reseedable(built.infos[i], part));
}

function applySeed(info: PolicyInfo, policy: Policy, seed: number): void {
  if (!info.randomized) return;
  const built = combinations.get(policy);
  if (built === undefined) {
    policy.reseed!(seed);
    return;
  }
  if (built.own) policy.reseed!(seed);
  built.parts.forEach((part, i) => applySeed(built.infos[i], part, partSeed(seed, i)));
}

/**
 * The seed of part `index` (0-based) of a combiner created with `seed`: a fixed mix of both
 * (splitmix32-style), so parts draw independent streams and the same combiner seed always
 * gives the same parts' seeds. Returns an integer in [0, 2^32).
 */
export function partSeed(seed: number, index: number): number {
  let z = (Math.imul((seed >>> 0) ^ Math.floor(seed / 4294967296), 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function checkParams(info: PolicyInfo, params: Readonly<Record<string, number | string>>, source: string): void {
  for (const key of Object.keys(params)) {
    if (info.params === undefined || !Object.hasOwn(info.params, key)) {
      const known = info.params === undefined ? "it takes none" : `parameters: ${Object.keys(info.params).join(", ")}`;
      throw new InputError(`'${info.name}' has no parameter '${key}' (${known}; in '${source}')`);
    }
  }
}

function mergeParams(
  info: PolicyInfo,
  written: Readonly<Record<string, number | string>>,
  given: Readonly<Record<string, number | string>> | undefined,
  source: string,
): Readonly<Record<string, number | string>> {
  if (given === undefined) return written;
  checkParams(info, given, source);
  for (const key of Object.keys(given)) {
    if (Object.hasOwn(written, key)) throw new InputError(`parameter '${key}' of '${info.name}' given both in '${source}' and in the options`);
  }
  return { ...written, ...given };
}

/** A non-combiner entry with parameters written in its name (`name[key=value]`). */
function withParams(info: PolicyInfo, e: AlgorithmExpression): PolicyInfo {
  const source = formatExpression(e);
  const { aliases: _aliases, ...rest } = info;
  return {
    ...rest,
    name: source,
    create: (k, options) => info.create(k, { ...options, params: mergeParams(info, e.params, options.params, source) }),
  };
}
