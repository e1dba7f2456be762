import { describe, expect, it } from "vitest";
import { MmixLcg } from "../../../src/paging/modern/mmix-lcg.ts";

describe("MmixLcg (libCacheSim's next_rand)", () => {
  it("nextMod(m) is the 64-bit MMIX state mod m, step by step from any seed", () => {
    for (const seed of [0, 1, 2, 2 ** 32 + 5, 2 ** 53 - 1]) {
      const lcg = new MmixLcg(seed);
      let s = BigInt(seed);
      for (let i = 0; i < 200; i++) {
        s = (6364136223846793005n * s + 1442695040888963407n) & 0xffffffffffffffffn;
        const m = [100, 1000, 7, 2 ** 20][i % 4];
        expect(lcg.nextMod(m), `seed ${seed} draw ${i}`).toBe(Number(s % BigInt(m)));
      }
    }
  });
});
