import { describe, expect, it } from "vitest";
import { doublingRange, ioSweep, logLogSlope, parseSweep, sweepCsv } from "../../src/attention-io/index.ts";

describe("sweep helpers", () => {
  it("doublingRange doubles from lo and ends at hi", () => {
    expect(doublingRange(1024, 8192)).toEqual([1024, 2048, 4096, 8192]);
    expect(doublingRange(3, 20)).toEqual([3, 6, 12, 20]);
    expect(doublingRange(5, 5)).toEqual([5]);
    expect(() => doublingRange(0, 4)).toThrow(/bad range/);
  });

  it("parseSweep reads M=LO..HI", () => {
    expect(parseSweep("M=1024..1048576").values).toHaveLength(11);
    expect(parseSweep(" M = 2 .. 8 ")).toEqual({ parameter: "M", values: [2, 4, 8] });
    expect(() => parseSweep("M=1024")).toThrow(/NAME=LO..HI/);
  });

  it("logLogSlope recovers exponents of power laws", () => {
    const xs = [1, 2, 4, 8, 16];
    expect(logLogSlope(xs, xs.map((x) => 7 / x))).toBeCloseTo(-1, 12);
    expect(logLogSlope(xs, xs.map((x) => 3 * Math.sqrt(x)))).toBeCloseTo(0.5, 12);
    expect(() => logLogSlope([2, 2], [1, 3])).toThrow(/distinct/);
  });

  it("sweepCsv adds the block columns only when B > 1, with blocks ≥ words / B", () => {
    const words = ioSweep({ N: 300, d: 16, Ms: [512, 2048] });
    expect(sweepCsv(words.rows).split("\n")[0]).toBe("algorithm,N,d,M,heads,br,bc,reads,writes,total,footprint,lowerBound");
    const blocks = ioSweep({ N: 300, d: 16, Ms: [512, 2048], B: 8 });
    const lines = sweepCsv(blocks.rows, 8).trim().split("\n");
    expect(lines[0]).toBe("algorithm,N,d,M,heads,br,bc,reads,writes,total,footprint,lowerBound,B,readBlocks,writeBlocks");
    for (const r of blocks.rows) {
      expect(r.readBlocks).toBeGreaterThanOrEqual(Math.ceil(r.reads / 8));
      expect(r.writeBlocks).toBeGreaterThanOrEqual(Math.ceil(r.writes / 8));
      expect(r.readBlocks).toBeLessThanOrEqual(r.reads);
    }
    // Words do not depend on B.
    expect(blocks.rows.map((r) => r.total)).toEqual(words.rows.map((r) => r.total));
  });
});
