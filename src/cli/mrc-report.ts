import { InputError } from "../errors.ts";

/** The `paging-lab mrc --json` document, which `paging-lab plot` reads back. */
export interface MrcReport {
  /** The trace path as given. */
  trace: string;
  /** Requests in the trace. */
  requests: number;
  /** The largest cache size; every curve has maxK entries. */
  maxK: number;
  /** `faults[algorithm][k − 1]` = faults (cold misses included) with k frames, k = 1..maxK. */
  faults: Record<string, number[]>;
}

/**
 * Check that `value` (parsed JSON) is an {@link MrcReport}: a trace name, a positive integer
 * request count, maxK ≥ 1, and per algorithm maxK non-negative integer fault counts ≤ requests.
 * Anything else is an `InputError` naming `source` and the first field that is wrong.
 */
export function checkMrcReport(value: unknown, source: string): MrcReport {
  const fail = (what: string): never => {
    throw new InputError(`${source}: not an mrc result (${what}); expected the output of 'paging-lab mrc --json'`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail("not a JSON object");
  const r = value as Record<string, unknown>;
  if (typeof r.trace !== "string") fail(`"trace" is not a string`);
  if (!Number.isSafeInteger(r.requests) || (r.requests as number) < 1) fail(`"requests" is not a positive integer`);
  if (!Number.isSafeInteger(r.maxK) || (r.maxK as number) < 1) fail(`"maxK" is not a positive integer`);
  if (typeof r.faults !== "object" || r.faults === null || Array.isArray(r.faults)) fail(`"faults" is not an object`);
  const faults = r.faults as Record<string, unknown>;
  const names = Object.keys(faults);
  if (names.length === 0) fail(`"faults" holds no curve`);
  for (const name of names) {
    const curve = faults[name];
    if (!Array.isArray(curve)) fail(`"faults.${name}" is not an array`);
    const list = curve as unknown[];
    if (list.length !== r.maxK) fail(`"faults.${name}" has ${list.length} entries, maxK is ${r.maxK}`);
    for (let i = 0; i < list.length; i++) {
      const f = list[i];
      if (!Number.isSafeInteger(f) || (f as number) < 0 || (f as number) > (r.requests as number)) {
        fail(`"faults.${name}[${i}]" is ${JSON.stringify(f)}, not a fault count between 0 and ${r.requests}`);
      }
    }
  }
  return value as MrcReport;
}
