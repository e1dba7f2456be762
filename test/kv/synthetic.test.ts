import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.ts";
import { generateAttentionTrace, HEAD_MODELS, SYNTHETIC_KINDS } from "../../src/kv/synthetic.ts";
import { checkAttentionTrace, parseBudget, parseLayers, rowOffset } from "../../src/kv/trace.ts";
import { headStats } from "../../src/kv/analysis.ts";

describe("synthetic attention traces", () => {
  it("every kind gives a valid trace, reproducible from its seed", () => {
    for (const kind of SYNTHETIC_KINDS) {
      const a = generateAttentionTrace({ kind, seed: 17, layers: 2, heads: 3, length: 50, headDim: 4 });
      checkAttentionTrace(a);
      const b = generateAttentionTrace({ kind, seed: 17, layers: 2, heads: 3, length: 50, headDim: 4 });
      expect(b.rows).toEqual(a.rows);
      expect(b.values).toEqual(a.values);
      const c = generateAttentionTrace({ kind, seed: 18, layers: 2, heads: 3, length: 50, headDim: 4 });
      expect(c.rows).not.toEqual(a.rows);
    }
    expect(() => generateAttentionTrace({ kind: "nope", seed: 1 })).toThrow(InputError);
    expect(() => generateAttentionTrace({ kind: "sinks", seed: 1, length: 0 })).toThrow(InputError);
  });

  const T = 256;
  const one = (kind: string) => generateAttentionTrace({ kind, seed: 3, layers: 1, heads: 1, length: T, headDim: 1 }).rows[0];
  const meanMassOn = (rows: Float64Array, pick: (t: number, j: number) => boolean) => {
    let total = 0;
    for (let t = 16; t < T; t++) for (let j = 0; j <= t; j++) if (pick(t, j)) total += rows[rowOffset(t) + j];
    return total / (T - 16);
  };

  it("sinks put most of each row on the first 4 tokens; recency on the last 8", () => {
    expect(meanMassOn(one("sinks"), (_t, j) => j < 4)).toBeGreaterThan(0.5);
    expect(meanMassOn(one("recency"), (t, j) => j > t - 8)).toBeGreaterThan(0.85);
    expect(meanMassOn(one("dirichlet"), (_t, j) => j < 4)).toBeLessThan(0.2);
  });

  it("heavy hitters concentrate accumulated attention; regime switches move it", () => {
    const hh = headStats(generateAttentionTrace({ kind: "heavy-hitters", seed: 3, layers: 1, heads: 1, length: T, headDim: 1 }))[0];
    const dir = headStats(generateAttentionTrace({ kind: "dirichlet", seed: 3, layers: 1, heads: 1, length: T, headDim: 1 }))[0];
    expect(hh.topShare).toBeGreaterThan(0.5);
    expect(dir.topShare).toBeLessThan(hh.topShare);
    // Regime switch: the heaviest key of a row in regime r is rarely the heaviest in regime r + 1.
    const rows = one("regime-switch");
    const argmax = (t: number) => {
      let best = 0;
      for (let j = 1; j <= 40; j++) if (rows[rowOffset(t) + j] > rows[rowOffset(t) + best]) best = j;
      return best;
    };
    const len = HEAD_MODELS["regime-switch"].regimeLength;
    let same = 0;
    let samePersistent = 0;
    const persistent = one("heavy-hitters");
    const argmaxP = (t: number) => {
      let best = 0;
      for (let j = 1; j <= 40; j++) if (persistent[rowOffset(t) + j] > persistent[rowOffset(t) + best]) best = j;
      return best;
    };
    for (let r = 2; r + 1 < T / len; r++) {
      if (argmax(r * len) === argmax((r + 1) * len)) same++;
      if (argmaxP(r * len) === argmaxP((r + 1) * len)) samePersistent++;
    }
    expect(same).toBeLessThan(samePersistent);
  });
});

describe("budget and layer arguments", () => {
  it("parses K, fractions of T, and rejects k ≤ 0, k ≥ T and junk", () => {
    expect(parseBudget("100", 512)).toBe(100);
    expect(parseBudget("0.2", 512)).toBe(102);
    expect(parseBudget(".5", 512)).toBe(256);
    expect(parseBudget("511", 512)).toBe(511);
    for (const bad of ["0", "0.0", "0.001", "-3", "1.5", "512", "600", "abc", "", "1e3"]) expect(() => parseBudget(bad, 512)).toThrow(InputError);
  });

  it("parses layer lists and ranges within the trace", () => {
    expect(parseLayers("0,2", 6)).toEqual([0, 2]);
    expect(parseLayers("0-3", 6)).toEqual([0, 1, 2, 3]);
    expect(parseLayers("4, 1-2", 6)).toEqual([1, 2, 4]);
    expect(() => parseLayers("4, 1-2,2", 6)).toThrow("--layers lists layer 2 twice");
    expect(parseLayers("all", 3)).toEqual([0, 1, 2]);
    for (const bad of ["6", "3-1", "a", "1,,2", "-1"]) expect(() => parseLayers(bad, 6)).toThrow(InputError);
  });
});
