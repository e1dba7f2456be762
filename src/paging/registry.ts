import { InputError } from "../errors.ts";
import { checkCacheSize } from "./core/cache.ts";
import type { Policy } from "./core/policy.ts";

/** Which per-request predictions a policy consumes. */
export type PredictionKind = "nextArrival" | "discardBit" | "phaseBit";

/** Construction options shared by every policy factory. */
export interface PolicyOptions {
  /** Seed of randomized policies (same seed, same run). Ignored by deterministic ones. */
  readonly seed?: number;
  /** Extra, policy-specific parameters (documented by each policy). */
  readonly params?: Readonly<Record<string, number | string>>;
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
  readonly family: "classical" | "offline" | "learning-augmented" | "combiner";
  /** One line: what it evicts, with the source. */
  readonly summary: string;
  /** True if it must see the whole trace (offline). */
  readonly offline: boolean;
  /** True if its choices depend on the seed. */
  readonly randomized: boolean;
  /** Predictions it consumes, if any. */
  readonly needs: readonly PredictionKind[];
  /** Build a fresh instance for cache size k (validated ≥ 1 by the registry). */
  create(k: number, options: PolicyOptions): Policy;
}

/**
 * Name → policy map. Lookups are case-insensitive; an unknown name is an {@link InputError}
 * listing the known names, so a CLI typo never runs the wrong algorithm.
 */
export class PolicyRegistry {
  private readonly byName = new Map<string, PolicyInfo>();
  private readonly ordered: PolicyInfo[] = [];

  /** Add a policy; a name or alias already taken (case-insensitively) is a programming error. */
  register(info: PolicyInfo): void {
    for (const name of [info.name, ...(info.aliases ?? [])]) {
      const key = name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`policy name '${name}' registered twice`);
      this.byName.set(key, info);
    }
    this.ordered.push(info);
  }

  /** The entry for `name` (or an alias); throws {@link InputError} for an unknown name. */
  get(name: string): PolicyInfo {
    const info = this.byName.get(name.trim().toLowerCase());
    if (!info) {
      throw new InputError(`unknown algorithm '${name}' (known: ${this.ordered.map((p) => p.name).join(", ")})`);
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

  /** Build policy `name` for cache size k; validates k and the name. */
  create(name: string, k: number, options: PolicyOptions = {}): Policy {
    const info = this.get(name);
    checkCacheSize(k);
    return info.create(k, options);
  }
}
