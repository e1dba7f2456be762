import { describe, expect, it } from "vitest";
import { DOMParser } from "linkedom";
import { ioChart, ioChartSeries } from "../../src/attention-io/chart.ts";
import { attentionLowerBound, doublingRange, ioSweep } from "../../src/attention-io/index.ts";

const sweep = ioSweep({ N: 4096, d: 64, Ms: doublingRange(1024, 1 << 20), heads: 2 });

describe("ioChartSeries", () => {
  const points = ioChartSeries(sweep.rows);

  it("has one point per algorithm and M, and the lower bound at every M", () => {
    expect(points.filter((p) => p.kind === "algorithm")).toHaveLength(sweep.rows.length);
    const bound = points.filter((p) => p.kind === "bound");
    expect(bound.map((p) => p.M)).toEqual(doublingRange(1024, 1 << 20));
    for (const p of bound) expect(p.words).toBe(attentionLowerBound(4096, 64, p.M, 2).words);
  });

  it("draws the two regimes meeting at M = d², where both equal heads·N²", () => {
    const small = points.filter((p) => p.series === "Θ(N²d/√M)");
    const large = points.filter((p) => p.series === "Θ(N²d²/M)");
    expect(small[small.length - 1]).toMatchObject({ M: 4096, words: 2 * 4096 * 4096 });
    expect(large[0]).toMatchObject({ M: 4096, words: 2 * 4096 * 4096 });
    expect(small.every((p) => p.M <= 4096) && large.every((p) => p.M >= 4096)).toBe(true);
  });

  it("refuses rows of different shapes", () => {
    const other = ioSweep({ N: 100, d: 8, Ms: [1024] }).rows;
    expect(() => ioChartSeries([...sweep.rows, ...other])).toThrow(/mix different/);
  });
});

describe("ioChart", () => {
  it("renders log-log lines for each algorithm, the bound, the regimes and the crossover rule", () => {
    const svg = ioChart(sweep.rows).svg;
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    const root = doc.documentElement as unknown as { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
    const texts = Array.from(root.querySelectorAll("text")).map((t) => t.textContent ?? "");
    for (const label of ["M = d²", "lower bound", "Θ(N²d/√M)", "Θ(N²d²/M)", "standard", "fa1", "fa2", "square"]) {
      expect(texts.some((t) => t.includes(label)), label).toBe(true);
    }
    // 4 algorithm paths + bound + 2 regime paths.
    expect(root.querySelectorAll("g[aria-label=line] path").length).toBe(7);
    expect(root.querySelectorAll("g[aria-label=rule] line").length).toBe(1);
  });
});
