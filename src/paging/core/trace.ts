import { InputError } from "../../errors.ts";

/**
 * The original keys behind a trace's dense ids: `values[id]` is the key of page `id`.
 * Numeric keys are exact integers (readers reject ids that do not fit exactly).
 */
export type TraceKeys =
  | { readonly kind: "number"; readonly values: Float64Array }
  | { readonly kind: "bigint"; readonly values: BigUint64Array }
  | { readonly kind: "string"; readonly values: readonly string[] }
  | { readonly kind: "identity"; readonly size: number };

/**
 * A request sequence over dense page ids `0..distinct-1`, numbered in order of first request,
 * with the map back to the original keys. Every algorithm runs on `requests` alone.
 */
export interface Trace {
  /** Request t asks for page `requests[t]`; every value lies in `[0, distinct)`. */
  readonly requests: Int32Array;
  /** Number of distinct pages (the universe size). */
  readonly distinct: number;
  /** Original keys of the dense ids. */
  readonly keys: TraceKeys;
}

/** The original key of dense page `id`, as a string (for reports). */
export function keyOf(trace: Trace, id: number): string {
  const keys = trace.keys;
  switch (keys.kind) {
    case "number":
      return String(keys.values[id]);
    case "bigint":
      return String(keys.values[id]);
    case "string":
      return keys.values[id];
    case "identity":
      return String(id);
  }
}

/**
 * A trace over already dense ids. Requests must be integers in `[0, distinct)`; `distinct`
 * defaults to `max + 1`. Keys are the ids themselves. Throws {@link InputError} on a negative
 * or out-of-range id (naming its position).
 */
export function denseTrace(requests: ArrayLike<number>, distinct?: number): Trace {
  const arr = requests instanceof Int32Array ? requests : Int32Array.from(requests);
  let max = -1;
  for (let t = 0; t < arr.length; t++) {
    const p = arr[t];
    if (p < 0 || (requests instanceof Int32Array ? false : p !== (requests[t] as number))) {
      throw new InputError(`request ${t}: page id ${requests[t]} is not a non-negative 32-bit integer`);
    }
    if (p > max) max = p;
  }
  const universe = distinct ?? max + 1;
  if (max >= universe) throw new InputError(`request has page id ${max}, outside the universe of ${universe} pages`);
  return { requests: arr, distinct: universe, keys: { kind: "identity", size: universe } };
}

/**
 * Build a trace from arbitrary keys (numbers or strings), renumbering them densely in order of
 * first request. Numbers must be exact integers.
 */
export function traceFromKeys(keys: Iterable<number | string>): Trace {
  const ids = new Map<number | string, number>();
  const out: number[] = [];
  const numeric: number[] = [];
  const strings: string[] = [];
  let kind: "number" | "string" | undefined;
  let t = 0;
  for (const key of keys) {
    const k = typeof key;
    if (k !== "number" && k !== "string") throw new InputError(`request ${t}: key must be a number or string`);
    if (kind === undefined) kind = k as "number" | "string";
    else if (kind !== k) throw new InputError(`request ${t}: mixed key types (${kind} and ${k})`);
    if (k === "number" && !Number.isSafeInteger(key)) {
      throw new InputError(`request ${t}: key ${key} is not an exact integer`);
    }
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      if (k === "number") numeric.push(key as number);
      else strings.push(key as string);
    }
    out.push(id);
    t++;
  }
  const requests = Int32Array.from(out);
  return {
    requests,
    distinct: ids.size,
    keys: kind === "string" ? { kind: "string", values: strings } : { kind: "number", values: Float64Array.from(numeric) },
  };
}

/** Number of distinct values in `requests` (for traces built by hand). */
export function countDistinct(requests: Int32Array): number {
  let max = -1;
  for (let t = 0; t < requests.length; t++) if (requests[t] > max) max = requests[t];
  const seen = new Uint8Array(max + 1);
  let d = 0;
  for (let t = 0; t < requests.length; t++) {
    if (seen[requests[t]] === 0) {
      seen[requests[t]] = 1;
      d++;
    }
  }
  return d;
}
