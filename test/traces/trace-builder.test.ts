import { describe, expect, it } from "vitest";
import { TraceBuilder } from "../../src/traces/index.ts";

// The memory bound of the readers (request array + id map) holds only if the array is rarely
// regrown: each regrowth holds the old and the new array at once.
describe("TraceBuilder growth", () => {
  it("grows once to the projected total (+2%) when the first estimate was short", () => {
    const builder = new TraceBuilder(16, 2 ** 30, () => 10_000);
    for (let i = 0; i < 10_000; i++) builder.addNumber(i % 97);
    const { requests } = builder.finish();
    expect(requests.length).toBe(10_000);
    // One growth to ⌈10,000·1.02 + 16⌉ slots, kept as a view (slack ≤ 1/16): no ×1.5 steps.
    expect(requests.buffer.byteLength).toBe(4 * 10_216);
  });

  it("without a projection (or a useless one) it grows ×1.5 and still reads everything", () => {
    for (const project of [undefined, () => 0]) {
      const builder = new TraceBuilder(16, 2 ** 30, project);
      for (let i = 0; i < 1000; i++) builder.addNumber(i);
      const { requests, distinct } = builder.finish();
      expect(Array.from(requests)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(distinct).toBe(1000);
    }
  });
});
