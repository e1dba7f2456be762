// 64-bit words as (hi, lo) pairs of unsigned 32-bit halves; results in these two registers.
let rh = 0;
let rl = 0;

/** Low 64 bits of (ah·2^32 + al)·(bh·2^32 + bl), into (rh, rl). */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  rl = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  rh = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** Rotate (h, l) left by r ∈ (0, 32), into (rh, rl). */
function rotl(h: number, l: number, r: number): void {
  rh = ((h << r) | (l >>> (32 - r))) >>> 0;
  rl = ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** (ah, al) + (bh, bl) mod 2^64, into (rh, rl). */
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  rl = lo >>> 0;
  rh = (ah + bh + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/**
 * The low 32 bits of XXH64 (Collet's xxHash, 64-bit variant) of an 8-byte little-endian
 * unsigned integer `key` (< 2^53) under a 32-bit seed — what libCacheSim's counting Bloom
 * filter (`minimalIncrementCBF.c`) takes as `(unsigned int) XXH64(&obj_id, 8, seed)`. Checked
 * against libCacheSim's own xxhash.h on fixed keys (test/paging/modern/structures.test.ts).
 */
export function xxh64Low32(key: number, seed: number): number {
  const kh = Math.floor(key / 4294967296) >>> 0;
  const kl = key >>> 0;
  // h = seed + PRIME64_5 + len(8)
  add(0, seed >>> 0, 0x27d4eb2f, 0x165667c5 + 8);
  const hh0 = rh;
  const hl0 = rl;
  // k1 = rotl(key · PRIME64_2, 31) · PRIME64_1
  mul(kh, kl, 0xc2b2ae3d, 0x27d4eb4f);
  rotl(rh, rl, 31);
  mul(rh, rl, 0x9e3779b1, 0x85ebca87);
  // h = rotl(h ^ k1, 27) · PRIME64_1 + PRIME64_4
  rotl((hh0 ^ rh) >>> 0, (hl0 ^ rl) >>> 0, 27);
  mul(rh, rl, 0x9e3779b1, 0x85ebca87);
  add(rh, rl, 0x85ebca77, 0xc2b2ae63);
  // avalanche: h ^= h >> 33; h *= PRIME64_2; h ^= h >> 29; h *= PRIME64_3; h ^= h >> 32
  let h = rh;
  let l = (rl ^ (rh >>> 1)) >>> 0;
  mul(h, l, 0xc2b2ae3d, 0x27d4eb4f);
  h = rh;
  l = (rl ^ ((rl >>> 29) | (rh << 3))) >>> 0;
  h = (h ^ (h >>> 29)) >>> 0;
  mul(h, l, 0x165667b1, 0x9e3779f9);
  return (rl ^ rh) >>> 0;
}
