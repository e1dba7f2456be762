import { describe, expect, it } from "vitest";
import { formatExpression, parseExpression, splitExpressions } from "../../../src/paging/index.ts";
import { InputError } from "../../../src/errors.ts";

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("expected an InputError");
}

describe("algorithm expressions", () => {
  it("parses names, parameters and nested parts", () => {
    const e = parseExpression(" Combine-Rand [ eps = 0.25 , lazy=fifo ] ( combine-det(lru, FIFO) , marker ) ");
    expect(e.name).toBe("combine-rand");
    expect(e.params).toEqual({ eps: 0.25, lazy: "fifo" });
    expect(e.parts.map((p) => p.name)).toEqual(["combine-det", "marker"]);
    expect(e.parts[0].parts.map((p) => p.name)).toEqual(["lru", "fifo"]);
    expect(formatExpression(e)).toBe("combine-rand[eps=0.25,lazy=fifo](combine-det(lru,fifo),marker)");
    expect(parseExpression("lru")).toEqual({ name: "lru", params: {}, parts: [], position: 1 });
    expect(parseExpression("x[a=1e-3,b=-2,c=.5,d=2x]").params).toEqual({ a: 0.001, b: -2, c: 0.5, d: "2x" });
  });

  it("formats to a canonical text that parses back to the same expression", () => {
    for (const s of ["lru", "combine-det(lru,fifo)", "combine-det[gamma=0.05](a,b)", "a(b(c(d)),e[x=1])"]) {
      expect(formatExpression(parseExpression(s))).toBe(s);
    }
  });

  it("a malformed expression is a one-line InputError naming the position", () => {
    const cases: [string, RegExp][] = [
      ["combine-det(lru,", /expected an algorithm name at position 17 \(end of input\)/],
      ["combine-det(lru fifo)", /expected '\)' at position 17/],
      ["lru)", /unexpected '\)' at position 4/],
      ["", /expected an algorithm name at position 1 \(end of input\)/],
      ["combine-det[gamma](a,b)", /expected '=' at position 18/],
      ["combine-det[gamma=](a,b)", /expected a value for 'gamma' at position 19/],
      ["combine-det[](a,b)", /expected a parameter key=value at position 13/],
      ["x[a=1,a=2]", /parameter 'a' given twice at position 7/],
      ["combine-det(,lru)", /expected an algorithm name at position 13/],
      ["lru fifo", /unexpected 'f' at position 5/],
    ];
    for (const [src, re] of cases) {
      const msg = errorOf(() => parseExpression(src));
      expect(msg, src).toMatch(re);
      expect(msg, src).toContain(`'${src}'`);
      expect(msg.includes("\n"), src).toBe(false);
    }
    expect(errorOf(() => parseExpression("a(".repeat(40) + "b" + ")".repeat(40)))).toMatch(/nesting deeper than 32/);
  });

  it("splits a list at top-level commas only", () => {
    expect(splitExpressions("lru,combine-det(lru,fifo), opt")).toEqual(["lru", "combine-det(lru,fifo)", "opt"]);
    expect(splitExpressions("combine-det[gamma=0.1,lazy=fifo](a,b)")).toEqual(["combine-det[gamma=0.1,lazy=fifo](a,b)"]);
    expect(splitExpressions("a(b(c,d),e),f")).toEqual(["a(b(c,d),e)", "f"]);
    expect(errorOf(() => splitExpressions("lru,,fifo"))).toMatch(/item 2 is empty/);
    expect(errorOf(() => splitExpressions("combine-det(lru,fifo"))).toMatch(/'\(' at position 12 is never closed/);
    expect(errorOf(() => splitExpressions("lru),fifo"))).toMatch(/unmatched '\)' at position 4/);
    expect(errorOf(() => splitExpressions("a[x=1)"))).toMatch(/unmatched '\)' at position 6/);
  });
});
