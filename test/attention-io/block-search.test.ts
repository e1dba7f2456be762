import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ATTENTION_ALGORITHMS, largestFitting } from "../../src/attention-io/index.ts";
import type { AttentionAlgorithm, AttentionShape, Blocks } from "../../src/attention-io/index.ts";

const SEED = 515;

/** The default-block rule by definition: every br, its largest fitting bc, least I/O, then the tie-break. */
function blocksByScan(alg: AttentionAlgorithm, shape: AttentionShape, M: number): Blocks | null {
  let best: Blocks | null = null;
  let bestTotal = Infinity;
  for (let br = 1; br <= shape.N; br++) {
    const bc = largestFitting(shape.N, (x) => alg.footprint(shape, { br, bc: x }, M) <= M);
    if (bc === 0) break;
    const c = alg.closedForm(shape, { br, bc }, M);
    const total = c.reads + c.writes;
    const min = Math.min(br, bc);
    const bestMin = best === null ? -1 : Math.min(best.br, best.bc);
    if (total < bestTotal || (total === bestTotal && (min > bestMin || (min === bestMin && br > best!.br)))) {
      best = { br, bc };
      bestTotal = total;
    }
  }
  return best;
}

describe(`default blocks: the interval search equals the scan over every br (fast-check seed ${SEED})`, () => {
  const rectangular = ATTENTION_ALGORITHMS.filter((a) => !a.squareTiles);

  it("on random shapes and scratchpads, for every rectangular algorithm", () => {
    console.log(`block search property: fast-check seed ${SEED}`);
    fc.assert(
      fc.property(
        fc.constantFrom(...rectangular.map((a) => a.name)),
        fc.integer({ min: 1, max: 2500 }),
        fc.integer({ min: 1, max: 130 }),
        fc.oneof(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 1, max: 3_000_000 })),
        (name, N, d, M) => {
          const alg = rectangular.find((a) => a.name === name)!;
          const shape = { N, d };
          expect(alg.defaultBlocks(shape, M), `${alg.name} N=${N} d=${d} M=${M}`).toEqual(blocksByScan(alg, shape, M));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("stays cheap where the scan would visit every row size (N = 10^9, M = 10^11)", () => {
    for (const alg of rectangular) {
      const blocks = alg.defaultBlocks({ N: 1e9, d: 64 }, 1e11)!;
      expect(alg.footprint({ N: 1e9, d: 64 }, blocks, 1e11)).toBeLessThanOrEqual(1e11);
      // Maximal: neither side can grow.
      for (const grown of [{ br: blocks.br + 1, bc: blocks.bc }, { br: blocks.br, bc: blocks.bc + 1 }]) {
        expect(grown.br > 1e9 || grown.bc > 1e9 || alg.footprint({ N: 1e9, d: 64 }, grown, 1e11) > 1e11).toBe(true);
      }
    }
  });
});
