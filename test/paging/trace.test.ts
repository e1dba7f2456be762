import { describe, expect, it } from "vitest";
import { countDistinct, denseTrace, keyOf, traceFromKeys } from "../../src/paging/index.ts";
import { InputError } from "../../src/errors.ts";

describe("building traces by hand", () => {
  it("denseTrace keeps dense ids as they are, with identity keys", () => {
    const t = denseTrace([2, 0, 2, 1]);
    expect(Array.from(t.requests)).toEqual([2, 0, 2, 1]);
    expect(t.distinct).toBe(3);
    expect(t.keys).toEqual({ kind: "identity", size: 3 });
    expect(keyOf(t, 2)).toBe("2");
    expect(denseTrace(Int32Array.from([0, 1]), 5).distinct).toBe(5);
  });

  it("denseTrace refuses ids that are negative, fractional, beyond 32 bits or outside the universe", () => {
    expect(() => denseTrace([0, -1])).toThrow(new InputError("request 1: page id -1 is not a non-negative 32-bit integer"));
    expect(() => denseTrace([1.5])).toThrow(InputError);
    expect(() => denseTrace([2 ** 31])).toThrow(InputError);
    expect(() => denseTrace(Int32Array.from([0, -4]))).toThrow(InputError);
    expect(() => denseTrace([0, 3], 3)).toThrow(/outside the universe of 3 pages/);
  });

  it("traceFromKeys numbers keys densely in order of first request and keeps them exactly", () => {
    const numbers = traceFromKeys([40, 7, 40, 2 ** 53 - 1]);
    expect(Array.from(numbers.requests)).toEqual([0, 1, 0, 2]);
    expect(keyOf(numbers, 2)).toBe(String(2 ** 53 - 1));
    const strings = traceFromKeys(["b", "a", "b"]);
    expect(strings.keys).toEqual({ kind: "string", values: ["b", "a"] });
    expect(countDistinct(strings.requests)).toBe(2);
    expect(() => traceFromKeys([1, "a"])).toThrow(/mixed key types/);
    expect(() => traceFromKeys([0.5])).toThrow(/not an exact integer/);
  });
});
