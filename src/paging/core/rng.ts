/**
 * A small, fast, seeded pseudo-random generator (xoshiro128**, seeded through splitmix32).
 * Same seed, same sequence, on every platform: randomized policies and generators take one
 * of these so that every result is reproducible.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed any safe integer; equal seeds give equal streams */
  constructor(
    /** The seed this generator started from. */
    readonly seed: number,
  ) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    // Mix in the high bits of seeds above 2^32 so distinct safe-integer seeds differ.
    s = (s ^ Math.floor(seed / 4294967296)) >>> 0;
    // Kept as int32 (the same bits as the uint32 words): every update below is a 32-bit
    // operation, and int32 fields stay small integers, where uint32 ones above 2^31 were boxed
    // doubles that deoptimized `nextU32` on first sight.
    this.a = next() | 0;
    this.b = next() | 0;
    this.c = next() | 0;
    this.d = next() | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias (rejection sampling). */
  int(n: number): number {
    if (n <= 1) return 0;
    // n = 2^32 (or a non-integer): the general formula with `%`.
    if (n >>> 0 !== n) return this.intSlow(n);
    // Rejection keeps it exactly uniform; the loop almost never repeats.
    const limit = 4294967296 - remainder(4294967296, n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return remainder(x, n);
  }

  private intSlow(n: number): number {
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** Standard normal variate (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/**
 * x mod n for integers 0 ≤ x < 2^53 and n ≥ 1, exactly as `x % n`. V8 compiles `%` on such
 * values (above 2^31) to an x87 `fprem` loop, which was half the time of Marker's eviction; a
 * float division is ~3× cheaper. Exact: when x/n is not an integer it lies at least 1/n from
 * every integer, more than half an ulp of x/n (≤ (x/n)·2^−53, as x < 2^53), so the correctly
 * rounded quotient has the true floor; the product and difference are integers below 2^53.
 */
export function remainder(x: number, n: number): number {
  return x - Math.floor(x / n) * n;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
