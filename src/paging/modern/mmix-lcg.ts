import { mulHi } from "./xxh64.ts";

/**
 * libCacheSim's `next_rand` (utils/mymath.h, commit aa0fc40): Knuth's MMIX linear congruential
 * generator s ← 6364136223846793005·s + 1442695040888963407 mod 2^64, whose draws libCacheSim
 * reduces as `next_rand() % m`. Kept as two 32-bit halves; {@link MmixLcg.nextMod} gives that
 * remainder exactly (checked against BigInt arithmetic in the tests). Its low bits are weak (bit
 * j has period 2^(j+1)), and `% 100` keeps them in the low two bits of the result; libCacheSim's
 * policies run on those draws, so the ones ported from it do too.
 */
export class MmixLcg {
  private hi: number;
  private lo: number;

  /** @param seed initial state (a non-negative integer < 2^53; libCacheSim: `set_rand_seed`) */
  constructor(seed: number) {
    // Halves kept as signed int32 (small integers to V8: no boxed doubles in the fields).
    this.hi = Math.floor(seed / 4294967296) | 0;
    this.lo = seed | 0;
  }

  /** Advance the state and return it mod m (1 ≤ m ≤ 2^20). */
  nextMod(m: number): number {
    const lo = this.lo >>> 0;
    const hi = this.hi;
    const sum = (Math.imul(lo, 0x4c957f2d) >>> 0) + 0xf767814f;
    const nextLo = sum >>> 0;
    const nextHi = (mulHi(lo, 0x4c957f2d) + Math.imul(hi, 0x4c957f2d) + Math.imul(lo, 0x5851f42d) + 0x14057b7e + (sum > 0xffffffff ? 1 : 0)) >>> 0;
    this.lo = nextLo | 0;
    this.hi = nextHi | 0;
    return mod(mod(nextHi, m) * mod(4294967296, m) + mod(nextLo, m), m);
  }
}

/**
 * x mod m for integers 0 ≤ x < 2^53, m ≥ 1, by a floored quotient (`%` on non-int32 doubles is a
 * slow fmod): the quotient can only round up to the next integer, and then the remainder is < 0.
 */
function mod(x: number, m: number): number {
  const r = x - Math.floor(x / m) * m;
  return r < 0 ? r + m : r;
}
