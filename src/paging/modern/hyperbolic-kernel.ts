import { HYPERBOLIC_KERNEL_BYTES } from "./hyperbolic-kernel-bytes.ts";

/** The parts of the WebAssembly API used here (TypeScript's ES library does not declare them). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}

/**
 * Position of the lowest count/age among the `m` ring positions from `from` (wrapping at `n`),
 * ages taken at time `t`; ties keep the earliest position scanned (hyperbolic-kernel.wat).
 */
export type RingArgmin = (t: number, from: number, m: number, n: number) => number;

/** Most pairs a {@link KernelRing} holds: 2 GiB of WebAssembly memory. */
export const KERNEL_RING_MAX = 2 ** 27;

let compiled: object | undefined;

/**
 * `capacity` (count, entry) pairs in WebAssembly memory and Hyperbolic's scan over them, compiled
 * from hyperbolic-kernel.wat: the scan is the policy's whole cost per eviction (64 pairs), and
 * WebAssembly runs it without the bounds and type checks a JavaScript loop keeps (about 1.25×
 * the eviction rate on orm-busy at k = 1,000). The module is compiled once per process, the
 * memory made per ring: 16·capacity bytes, rounded up to 64 KiB.
 */
export class KernelRing {
  /** The pairs: count at 2j, entry time at 2j + 1. */
  readonly pairs: Float64Array;
  /** The scan over {@link KernelRing.pairs}. */
  readonly argmin: RingArgmin;

  /** @param capacity pairs held (1 ≤ capacity ≤ {@link KERNEL_RING_MAX}) */
  constructor(readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1 && capacity <= KERNEL_RING_MAX)) throw new RangeError(`KernelRing: capacity ${capacity} outside 1…2^27`);
    const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    compiled ??= new wasm.Module(HYPERBOLIC_KERNEL_BYTES);
    const memory = new wasm.Memory({ initial: Math.ceil((16 * capacity) / 65536) });
    this.pairs = new Float64Array(memory.buffer, 0, 2 * capacity);
    this.argmin = new wasm.Instance(compiled, { env: { memory } }).exports.argmin as RingArgmin;
  }
}
