/**
 * The registry of KV-cache evaluators: eviction policies (online and offline) that the replay
 * engine runs, and upper bounds that are computed directly. The CLI and the notebook know them
 * only through these entries; they never switch on a name.
 * @module
 */
import { InputError } from "../errors.ts";
import type { KvParams, ParamSpec } from "./params.ts";
import type { KvPolicy } from "./policy.ts";
import type { AttentionTrace } from "./trace.ts";
import type { KvResult } from "./result.ts";

/** Fields shared by every entry. */
interface EntryBase {
  /** Registry name, lower case (`h2o-greedy`, `opt`). */
  readonly name: string;
  /** Other accepted names. */
  readonly aliases?: readonly string[];
  /** One line: what it keeps, with the source. */
  readonly summary: string;
  /** The parameters it reads from `--param` (each with its default). */
  readonly params: readonly ParamSpec[];
  /** True if its choices depend on the seed. */
  readonly randomized: boolean;
  /**
   * The label results carry, when the default of {@link entryLabel} (the name plus every
   * parameter given) is not wanted, e.g. `h2o-greedy` for `h = id`.
   */
  label?(params: KvParams): string;
  /**
   * The value each given parameter takes at budget k when the entry clamps it (SnapKV's window
   * is at most k): only the clamped ones need be returned. Labels show these effective values.
   */
  effective?(budget: number, params: KvParams): KvParams;
}

/**
 * The label of `entry`'s results: its own `label`, else the name followed by the parameters that
 * were given, in declaration order (`snapkv[window=8,pooling=max]`), so runs that differ in a
 * parameter never share a label. With `budget`, a parameter the entry clamps at that budget shows
 * its effective value (`snapkv[window=10 (clamped from 64)]`), so a label never claims a setting
 * the run did not use.
 */
export function entryLabel(entry: KvEntry, params: KvParams, budget?: number): string {
  if (entry.label !== undefined) return entry.label(params);
  const set = entry.params.filter((p) => params[p.name] !== undefined);
  if (set.length === 0) return entry.name;
  const effective = budget === undefined ? {} : (entry.effective?.(budget, params) ?? {});
  const shown = set.map((p) => {
    const given = params[p.name];
    const used = effective[p.name];
    const same = used === undefined || String(used) === String(given).trim() || Number(String(given).trim()) === Number(used);
    return same ? `${p.name}=${given}` : `${p.name}=${used} (clamped from ${given})`;
  });
  return `${entry.name}[${shown.join(",")}]`;
}

/**
 * An eviction policy the replay engine runs. `online` policies see only the restricted rows of
 * the steps so far; `offline` ones also receive the layer's full future rows in `reset`.
 * `granularity` says whether it keeps one set per head or one set per layer (TOVA).
 */
export interface KvPolicyInfo extends EntryBase {
  /** `offline` policies receive the future rows in `reset` (the replay engine hands them over). */
  readonly kind: "online" | "offline";
  /** One resident set per head, or one per layer shared by its heads (TOVA). */
  readonly granularity: "head" | "layer";
  /** A fresh policy for budget k ≥ 1 (params validated here: bad values are InputErrors). */
  create(budget: number, params: KvParams): KvPolicy;
}

/**
 * A quantity that is not a feasible eviction policy but bounds them all (e.g. re-admitting per-row
 * top-k); computed directly on the trace, reported in the same shape as policies.
 */
export interface KvBoundInfo extends EntryBase {
  /** Marks an entry that is evaluated directly rather than replayed. */
  readonly kind: "bound";
  /** Means over (layer, head, t ≥ k) on `options.layers`, in the shape of a replayed policy's result. */
  evaluate(trace: AttentionTrace, budget: number, options: { layers: readonly number[]; params: KvParams; outputError: boolean }): KvResult;
}

/** A registry entry. */
export type KvEntry = KvPolicyInfo | KvBoundInfo;

/**
 * Name → entry map, case-insensitive. An unknown name is an {@link InputError} listing the known
 * names, so a typo never runs the wrong algorithm.
 */
export class KvRegistry {
  private readonly byName = new Map<string, KvEntry>();
  private readonly ordered: KvEntry[] = [];

  /** Add an entry; a name or alias already taken is a programming error (throws). */
  register(entry: KvEntry): void {
    for (const name of [entry.name, ...(entry.aliases ?? [])]) {
      const key = name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`KV policy name '${name}' registered twice`);
      this.byName.set(key, entry);
    }
    this.ordered.push(entry);
  }

  /** The entry for `name` or an alias; an {@link InputError} for an unknown name. */
  get(name: string): KvEntry {
    const entry = this.byName.get(name.trim().toLowerCase());
    if (entry === undefined) {
      throw new InputError(`unknown KV policy '${name}' (known: ${this.ordered.map((e) => e.name).join(", ")})`);
    }
    return entry;
  }

  /** True if `name` (case-insensitive) is a registered name or alias. */
  has(name: string): boolean {
    return this.byName.has(name.trim().toLowerCase());
  }

  /** All entries in registration order. */
  list(): readonly KvEntry[] {
    return this.ordered;
  }

  /** The replayable policies (online and offline), in registration order. */
  policies(): readonly KvPolicyInfo[] {
    return this.ordered.filter((e): e is KvPolicyInfo => e.kind !== "bound");
  }
}
