import type { ModernGoldenRow } from "./libcachesim-goldens.ts";

/**
 * libCacheSim's W-TinyLFU miss counts on the shared traces (unit sizes), the sizes of the parity
 * table (test/paging/modern/libcachesim-reference.ts). Source: libCacheSim at commit
 * aa0fc40914b2b786f4b9f4dafb099f8f332b216a, each trace written as oracleGeneral with dense ids
 * by our `writeOracleGeneral(…, { objectIds: "dense" })`, run through the library's own
 * `WTinyLFU_init` with default parameters (window 0.01, main SLRU 1:4), `ignore_obj_size`, by
 * the same small C driver as libcachesim-goldens.ts (`cache->get` per request, misses counted
 * exactly). The counts of `cachesim … WTinyLFU` round to its printed ratios.
 */
function rows(file: string, ...pairs: [number, number][]): ModernGoldenRow[] {
  return pairs.map(([k, misses]) => ({ file, k, misses: { "w-tinylfu": misses } }));
}

/** Small traces (fast group). */
export const WTINYLFU_GOLDEN_SMALL: readonly ModernGoldenRow[] = [
  ...rows("lirs/cpp.trace", [200, 1_453], [800, 1_237]),
  ...rows("lirs/cs.trace", [200, 6_010], [800, 3_733]),
  ...rows("lirs/gli.trace", [200, 5_313], [800, 3_329]),
  ...rows("lirs/ps.trace", [200, 5_617], [800, 3_888]),
  ...rows("lirs/sprite.trace", [500, 40_756], [2_000, 15_694]),
  ...rows("lirs/multi1.trace", [200, 8_451], [800, 6_151]),
  ...rows("lirs/multi2.trace", [500, 13_190], [2_000, 7_772]),
  ...rows("lirs/multi3.trace", [500, 17_722], [2_000, 11_621]),
  ...rows("cache2k/web07.trace", [1_000, 37_859], [5_000, 29_460]),
  ...rows("cache2k/web12.trace", [1_000, 32_028], [5_000, 19_017]),
  ...rows("libcachesim-cloudphysics/cloudPhysicsIO.oracleGeneral.bin", [1_000, 95_026], [10_000, 77_087]),
];

/** Large traces (slow group). */
export const WTINYLFU_GOLDEN_LARGE: readonly ModernGoldenRow[] = [
  ...rows("arc/OLTP.lis.gz", [1_000, 621_886], [20_000, 346_095]),
  ...rows("cache2k/orm-busy.trace.gz", [1_000, 2_154_341], [10_000, 475_525]),
];
