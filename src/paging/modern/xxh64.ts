// 64-bit words as (hi, lo) pairs of unsigned 32-bit halves held in locals (module-level
// registers would box every double they hold).

/** High 32 bits of the 64-bit product of unsigned 32-bit a and b (exact). */
export function mulHi(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
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
  // h = seed + PRIME64_5 + len (8)
  const s = (seed >>> 0) + 0x165667cd;
  let hl = s >>> 0;
  let hh = (0x27d4eb2f + (s > 0xffffffff ? 1 : 0)) >>> 0;
  // k1 = rotl(key · PRIME64_2, 31) · PRIME64_1
  let l = Math.imul(kl, 0x27d4eb4f) >>> 0;
  let h = (mulHi(kl, 0x27d4eb4f) + Math.imul(kh, 0x27d4eb4f) + Math.imul(kl, 0xc2b2ae3d)) >>> 0;
  let rl = ((l << 31) | (h >>> 1)) >>> 0;
  let rh = ((h << 31) | (l >>> 1)) >>> 0;
  l = Math.imul(rl, 0x85ebca87) >>> 0;
  h = (mulHi(rl, 0x85ebca87) + Math.imul(rh, 0x85ebca87) + Math.imul(rl, 0x9e3779b1)) >>> 0;
  // h = rotl(h ^ k1, 27) · PRIME64_1 + PRIME64_4
  hl = (hl ^ l) >>> 0;
  hh = (hh ^ h) >>> 0;
  rl = ((hl << 27) | (hh >>> 5)) >>> 0;
  rh = ((hh << 27) | (hl >>> 5)) >>> 0;
  l = Math.imul(rl, 0x85ebca87) >>> 0;
  h = (mulHi(rl, 0x85ebca87) + Math.imul(rh, 0x85ebca87) + Math.imul(rl, 0x9e3779b1)) >>> 0;
  const sum = l + 0xc2b2ae63;
  hl = sum >>> 0;
  hh = (h + 0x85ebca77 + (sum > 0xffffffff ? 1 : 0)) >>> 0;
  // avalanche: h ^= h >> 33; h *= PRIME64_2; h ^= h >> 29; h *= PRIME64_3; h ^= h >> 32
  hl = (hl ^ (hh >>> 1)) >>> 0;
  l = Math.imul(hl, 0x27d4eb4f) >>> 0;
  h = (mulHi(hl, 0x27d4eb4f) + Math.imul(hh, 0x27d4eb4f) + Math.imul(hl, 0xc2b2ae3d)) >>> 0;
  hl = (l ^ ((l >>> 29) | (h << 3))) >>> 0;
  hh = (h ^ (h >>> 29)) >>> 0;
  l = Math.imul(hl, 0x9e3779f9) >>> 0;
  h = (mulHi(hl, 0x9e3779f9) + Math.imul(hh, 0x9e3779f9) + Math.imul(hl, 0x165667b1)) >>> 0;
  return (l ^ h) >>> 0;
}
