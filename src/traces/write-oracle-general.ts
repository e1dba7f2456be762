import { open } from "node:fs/promises";
import { InputError } from "../errors.ts";
import type { Trace } from "../paging/core/trace.ts";
import { ORACLE_GENERAL_RECORD_BYTES } from "./formats/oracle-general.ts";

/** Records per write (1.5 MiB buffers). */
const BATCH = 1 << 16;

/** Options of {@link writeOracleGeneral}. */
export interface WriteOracleGeneralOptions {
  /** Per-request `time` (u32); default: the 1-based request number. */
  readonly time?: ArrayLike<number>;
  /** Per-request `obj_size` (u32); default 1, so a libCacheSim cache of size k holds k pages. */
  readonly size?: ArrayLike<number>;
  /**
   * `obj_id` source: `"keys"` (default) writes the trace's original keys (non-negative integers
   * < 2^64; string keys are refused); `"dense"` writes the dense ids 0..distinct−1.
   */
  readonly objectIds?: "keys" | "dense";
}

/**
 * The `next_access_vtime` column of libCacheSim's oracleGeneral format for `requests`: entry t
 * is the 1-based number of the next request to the same page (t' + 1 for the next t' > t with
 * `requests[t'] = requests[t]`), or −1 if there is none. One backward pass, O(n + distinct).
 */
export function nextAccessVtimes(requests: Int32Array, distinct: number): Float64Array {
  const next = new Float64Array(requests.length);
  const upcoming = new Float64Array(distinct).fill(-1);
  for (let t = requests.length - 1; t >= 0; t--) {
    const p = requests[t];
    next[t] = upcoming[p];
    upcoming[p] = t + 1;
  }
  return next;
}

/**
 * Write `trace` to `path` in libCacheSim's oracleGeneral format (packed little-endian 24-byte
 * records `{u32 time; u64 obj_id; u32 obj_size; i64 next_access_vtime}`), computing
 * `next_access_vtime` exactly as libCacheSim's trace converter does (see {@link nextAccessVtimes}).
 * Reading a file, keeping its columns (`readTrace(p, { keepColumns: true })`) and writing it back
 * with them reproduces the file byte for byte. Streams in 1.5 MiB batches; throws an
 * {@link InputError} for keys that do not fit u64 or columns of the wrong length or range.
 */
export async function writeOracleGeneral(path: string, trace: Trace, options: WriteOracleGeneralOptions = {}): Promise<void> {
  const n = trace.requests.length;
  const { time, size } = options;
  if (time !== undefined && time.length !== n) throw new InputError(`writeOracleGeneral: time has ${time.length} entries for ${n} requests`);
  if (size !== undefined && size.length !== n) throw new InputError(`writeOracleGeneral: size has ${size.length} entries for ${n} requests`);
  const objectIds = objectIdWriter(trace, options.objectIds ?? "keys");
  const next = nextAccessVtimes(trace.requests, trace.distinct);
  const buffer = Buffer.alloc(Math.min(n, BATCH) * ORACLE_GENERAL_RECORD_BYTES);
  const handle = await open(path, "w").catch((err: Error) => {
    throw new InputError(`cannot write ${path}: ${err.message}`);
  });
  try {
    for (let from = 0; from < n; from += BATCH) {
      const to = Math.min(n, from + BATCH);
      for (let t = from; t < to; t++) {
        const at = (t - from) * ORACLE_GENERAL_RECORD_BYTES;
        buffer.writeUInt32LE(u32("time", time === undefined ? t + 1 : time[t], t), at);
        objectIds(buffer, at + 4, trace.requests[t]);
        buffer.writeUInt32LE(u32("size", size === undefined ? 1 : size[t], t), at + 12);
        const following = next[t];
        if (following < 0) {
          buffer.writeInt32LE(-1, at + 16);
          buffer.writeInt32LE(-1, at + 20);
        } else {
          buffer.writeUInt32LE(following % 4294967296, at + 16);
          buffer.writeUInt32LE(Math.floor(following / 4294967296), at + 20);
        }
      }
      await handle.write(buffer, 0, (to - from) * ORACLE_GENERAL_RECORD_BYTES);
    }
  } finally {
    await handle.close();
  }
}

function u32(what: string, value: number, t: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new InputError(`writeOracleGeneral: ${what}[${t}] = ${value} is not an unsigned 32-bit integer`);
  }
  return value;
}

type IdWriter = (buffer: Buffer, at: number, id: number) => void;

function objectIdWriter(trace: Trace, mode: "keys" | "dense"): IdWriter {
  const keys = trace.keys;
  if (mode === "dense" || keys.kind === "identity") {
    return (buffer, at, id) => {
      buffer.writeUInt32LE(id, at);
      buffer.writeUInt32LE(0, at + 4);
    };
  }
  switch (keys.kind) {
    case "bigint":
      return (buffer, at, id) => buffer.writeBigUInt64LE(keys.values[id], at);
    case "number": {
      for (let id = 0; id < keys.values.length; id++) {
        const key = keys.values[id];
        if (!Number.isSafeInteger(key) || key < 0) {
          throw new InputError(`writeOracleGeneral: key ${key} (page ${id}) is not an unsigned integer; use objectIds "dense"`);
        }
      }
      return (buffer, at, id) => {
        const key = keys.values[id];
        buffer.writeUInt32LE(key % 4294967296, at);
        buffer.writeUInt32LE(Math.floor(key / 4294967296), at + 4);
      };
    }
    case "string":
      throw new InputError(`writeOracleGeneral: the trace has string keys, which oracleGeneral cannot hold; use objectIds "dense"`);
  }
}
