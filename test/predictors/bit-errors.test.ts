import { describe, expect, it } from "vitest";
import { EVICT, KEEP } from "../../src/paging/index.ts";
import { bitErrors } from "../../src/predictors/index.ts";
import { InputError } from "../../src/errors.ts";

describe("bitErrors", () => {
  it("counts false KEEPs as η₀ and false EVICTs as η₁", () => {
    const truth = Uint8Array.from([KEEP, KEEP, EVICT, EVICT, EVICT]);
    const predicted = Uint8Array.from([KEEP, EVICT, KEEP, KEEP, EVICT]);
    expect(bitErrors(predicted, truth)).toEqual({ eta0: 2, eta1: 1 });
    expect(bitErrors(truth, truth)).toEqual({ eta0: 0, eta1: 0 });
  });

  it("rejects a length mismatch and values other than KEEP/EVICT", () => {
    expect(() => bitErrors(new Uint8Array(2), new Uint8Array(3))).toThrow(InputError);
    expect(() => bitErrors(Uint8Array.from([0, 2]), new Uint8Array(2))).toThrow(/request 1 has bit 2/);
    expect(() => bitErrors(new Uint8Array(2), Uint8Array.from([0, 7]))).toThrow(/request 1 has bit 7/);
  });
});
