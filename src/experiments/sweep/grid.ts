import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "../../errors.ts";
import { policies } from "../../paging/catalog.ts";
import { TRACE_FORMATS } from "../../traces/formats.ts";
import { duplicateKey } from "./json-keys.ts";
import { GRID_KEYS, MAX_GRID_BYTES, MAX_SWEEP_CELLS, SWEEP_PREDICTORS } from "./constants.ts";

export { GRID_KEYS, MAX_GRID_BYTES, MAX_SWEEP_CELLS, SWEEP_PREDICTORS };

/** A next-arrival predictor of a sweep. */
export type SweepPredictor = (typeof SWEEP_PREDICTORS)[number];

/**
 * The parameters of one cell: everything its result depends on, nothing else. `trace` is the
 * path as the grid writes it (relative to the grid file), so a cell's id is the same on every
 * machine and in every checkout. `predictor` and `sigma` are present only for an algorithm that
 * reads next arrivals, `sigma` only for the lognormal predictor (one-bit algorithms get the
 * perfect bits of their kind whatever the predictor, as `simulate` gives them).
 */
export interface CellParams {
  readonly trace: string;
  readonly format?: string;
  /** The registry's canonical name of the algorithm (expression). */
  readonly algorithm: string;
  readonly k: number;
  /** Seed of the algorithm and of the prediction noise, as `simulate --seed`. */
  readonly seed: number;
  readonly predictor?: SweepPredictor;
  readonly sigma?: number;
}

/** One cell of a sweep: its parameters and its stable id. */
export interface SweepCell extends CellParams {
  /** {@link cellId} of the parameters. */
  readonly id: string;
}

/** A validated grid. */
export interface SweepGrid {
  /** The grid file as given. */
  readonly path: string;
  /** Directory the trace paths are relative to. */
  readonly dir: string;
  /** Every cell, traces outermost (then algorithms, k, predictor, σ, seeds), in the grid's order. */
  readonly cells: readonly SweepCell[];
}

/**
 * The canonical JSON of a cell's parameters: keys in alphabetical order, absent options left out,
 * numbers as `JSON.stringify` writes them. Equal parameters give equal text on every platform.
 */
export function canonicalParams(p: CellParams): string {
  const entries: [string, unknown][] = [
    ["algorithm", p.algorithm],
    ["format", p.format],
    ["k", p.k],
    ["predictor", p.predictor],
    ["seed", p.seed],
    ["sigma", p.sigma],
    ["trace", p.trace],
  ];
  return JSON.stringify(Object.fromEntries(entries.filter(([, v]) => v !== undefined)));
}

/**
 * A cell's stable id: the first 16 hex digits (64 bits) of the SHA-256 of its
 * {@link canonicalParams}. The chance that two of a million cells share an id is below 3·10⁻⁸.
 */
export function cellId(p: CellParams): string {
  return createHash("sha256").update(canonicalParams(p)).digest("hex").slice(0, 16);
}

/**
 * Shard of a cell for `--shard i/n`: the first 8 hex digits of its id modulo n. Depends on the id
 * only, so every machine agrees on the split and the shards partition the grid.
 */
export function shardOf(id: string, n: number): number {
  return Number.parseInt(id.slice(0, 8), 16) % n;
}

/**
 * Read and validate a grid file (see {@link GRID_KEYS}) and expand it to its cells. Every mistake
 * is an {@link InputError} of one line naming the grid file and the key: unreadable or invalid
 * JSON, a key given twice, an unknown or missing key, an empty list or one naming an item twice,
 * an unknown algorithm or malformed expression (through the registry), k ≤ 0, a negative seed,
 * a trace that is not a regular file, an algorithm that needs predictions without a predictor,
 * σ without the lognormal predictor or the reverse, more than {@link MAX_SWEEP_CELLS} cells.
 */
export function loadGrid(path: string): SweepGrid {
  const fail = (msg: string): never => {
    throw new InputError(`${path}: ${msg}`);
  };
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) fail("not a regular file");
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    return fail(`cannot read the grid: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > MAX_GRID_BYTES) fail(`the grid is ${size} bytes, over the ${MAX_GRID_BYTES}-byte limit`);
  const text = readFileSync(path, "utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("a grid is a JSON object");
  const dup = duplicateKey(text);
  if (dup !== null) fail(`key "${dup}" appears twice`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(GRID_KEYS as readonly string[]).includes(key)) fail(`unknown key "${key}" (known: ${GRID_KEYS.join(", ")})`);
  }
  const dir = dirname(resolve(path));

  const list = (key: string, required: boolean): unknown[] | undefined => {
    const v = obj[key];
    if (v === undefined) return required ? fail(`missing key "${key}"`) : undefined;
    if (!Array.isArray(v) || v.length === 0) return fail(`"${key}" must be a non-empty array`);
    return v;
  };
  const distinct = <T>(key: string, items: T[], same: (x: T) => unknown = (x) => x): T[] => {
    const seen = new Set<unknown>();
    for (const item of items) {
      const s = same(item);
      if (seen.has(s)) fail(`"${key}" lists ${JSON.stringify(item)} twice`);
      seen.add(s);
    }
    return items;
  };

  const traces = distinct(
    "traces",
    list("traces", true)!.map((t) => {
      if (typeof t !== "string" || t === "") return fail(`"traces" items must be non-empty path strings, got ${JSON.stringify(t)}`);
      let ok = false;
      try {
        ok = statSync(resolve(dir, t)).isFile();
      } catch {
        fail(`"traces": ${t} does not exist (paths are relative to the grid file)`);
      }
      if (!ok) fail(`"traces": ${t} is not a regular file`);
      return t;
    }),
    (t) => resolve(dir, t),
  );

  let format: string | undefined;
  if (obj.format !== undefined) {
    const f = obj.format;
    const known = TRACE_FORMATS.map((x) => x.name);
    if (typeof f !== "string" || !known.some((n) => n.toLowerCase() === f.toLowerCase())) {
      fail(`"format" must be one of ${known.join(", ")}, got ${JSON.stringify(f)}`);
    }
    format = known.find((n) => n.toLowerCase() === (f as string).toLowerCase());
  }

  const algorithms = distinct(
    "algorithms",
    list("algorithms", true)!.map((a) => {
      if (typeof a !== "string") return fail(`"algorithms" items must be strings, got ${JSON.stringify(a)}`);
      try {
        return policies.get(a);
      } catch (e) {
        if (e instanceof InputError) return fail(`"algorithms": ${e.message.split("\n")[0]}`);
        throw e;
      }
    }),
    (info) => info.name,
  );

  const ks = distinct(
    "k",
    list("k", true)!.map((k) => {
      if (typeof k !== "number" || !Number.isSafeInteger(k) || k <= 0) fail(`"k" items must be positive integers, got ${JSON.stringify(k)}`);
      return k as number;
    }),
  );
  const seeds = distinct(
    "seeds",
    list("seeds", true)!.map((s) => {
      if (typeof s !== "number" || !Number.isSafeInteger(s) || s < 0) fail(`"seeds" items must be non-negative integers, got ${JSON.stringify(s)}`);
      return s as number;
    }),
  );

  let predictors: SweepPredictor[] = [];
  if (obj.predictor !== undefined) {
    const items = typeof obj.predictor === "string" ? [obj.predictor] : list("predictor", false)!;
    predictors = distinct(
      "predictor",
      items.map((p) => {
        if (typeof p !== "string" || !(SWEEP_PREDICTORS as readonly string[]).includes(p)) {
          fail(`"predictor" must be one of ${SWEEP_PREDICTORS.join(", ")} (or a list of them), got ${JSON.stringify(p)}`);
        }
        return p as SweepPredictor;
      }),
    );
  }
  const sigmas = distinct(
    "sigma",
    (list("sigma", false) ?? []).map((s) => {
      if (typeof s !== "number" || !Number.isFinite(s) || s < 0) fail(`"sigma" items must be numbers ≥ 0, got ${JSON.stringify(s)}`);
      return s as number;
    }),
  );
  const lognormal = predictors.includes("lognormal");
  if (lognormal && sigmas.length === 0) fail(`"predictor" lognormal needs "sigma": [σ, …]`);
  if (!lognormal && sigmas.length > 0) fail(`"sigma" applies to the lognormal predictor only; add "predictor": "lognormal"`);
  for (const info of algorithms) {
    if (info.needs.length > 0 && predictors.length === 0) {
      fail(`"algorithms": '${info.name}' reads predictions; add "predictor": one of ${SWEEP_PREDICTORS.join(", ")}`);
    }
  }

  // The predictor and σ change only the cells of algorithms that read next arrivals; the others
  // (one-bit algorithms get the perfect bits whatever the predictor) run once per (trace, k, seed).
  const varies = (info: (typeof algorithms)[number]): boolean => info.needs.includes("nextArrival");
  type Variant = { predictor?: SweepPredictor; sigma?: number };
  const predictionVariants: Variant[] = predictors.flatMap((p): Variant[] =>
    p === "lognormal" ? sigmas.map((sigma) => ({ predictor: p, sigma })) : [{ predictor: p }],
  );
  const perTrace = algorithms.reduce((n, info) => n + (varies(info) ? predictionVariants.length : 1), 0) * ks.length * seeds.length;
  const total = perTrace * traces.length;
  if (total > MAX_SWEEP_CELLS) fail(`the grid has ${total} cells, over the limit of ${MAX_SWEEP_CELLS}; split it into several grids`);

  const cells: SweepCell[] = [];
  for (const trace of traces) {
    for (const info of algorithms) {
      for (const k of ks) {
        for (const variant of varies(info) ? predictionVariants : [{}]) {
          for (const seed of seeds) {
            const params: CellParams = { trace, ...(format === undefined ? {} : { format }), algorithm: info.name, k, seed, ...variant };
            cells.push({ id: cellId(params), ...params });
          }
        }
      }
    }
  }
  const ids = new Set<string>();
  for (const c of cells) {
    // 64-bit ids over at most 10^6 cells: a collision is astronomically unlikely, but never silent.
    if (ids.has(c.id)) fail(`two cells share the id ${c.id}; please report this grid`);
    ids.add(c.id);
  }
  return { path, dir, cells };
}
