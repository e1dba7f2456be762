import { describe, expect, it } from "vitest";
import { JUPYTER_DISPLAY, renderTable } from "../../src/notebook/index.ts";

describe("renderTable", () => {
  const rows = [
    { trace: "cpp", k: 100, faults: 2740, ratio: 1.7319 },
    { trace: "multi1 <mix>", k: 1000, faults: 12977, ratio: 2 },
  ];

  it("aligns text: numbers right, words left, integer columns with separators, fractional columns fixed", () => {
    expect(renderTable(rows).text).toBe(
      [
        "trace             k  faults  ratio",
        "------------  -----  ------  -----",
        "cpp             100   2,740  1.732",
        "multi1 <mix>  1,000  12,977  2.000",
      ].join("\n"),
    );
  });

  it("escapes HTML and right-aligns numeric columns", () => {
    const html = renderTable(rows, { columns: ["trace", "faults"], caption: "a & b" }).html;
    expect(html).toBe(
      "<table><caption>a &amp; b</caption><thead><tr><th>trace</th><th style=\"text-align:right\">faults</th></tr></thead>" +
        "<tbody><tr><td>cpp</td><td style=\"text-align:right\">2,740</td></tr>" +
        "<tr><td>multi1 &lt;mix&gt;</td><td style=\"text-align:right\">12,977</td></tr></tbody></table>",
    );
  });

  it("takes columns from all rows, leaves missing cells empty, applies formatters", () => {
    const table = renderTable([{ a: 1 }, { b: "x", a: null }], { format: { a: (v) => (v === null ? "—" : `#${v}`) } });
    expect(table.columns).toEqual(["a", "b"]);
    expect(table.cells).toEqual([["#1", ""], ["—", "x"]]);
    expect(table.numeric).toEqual([true, false]);
  });

  it("is displayable in Jupyter as HTML with a text fallback", () => {
    const table = renderTable(rows, { digits: 1 });
    const bundle = table[JUPYTER_DISPLAY]();
    expect(bundle["text/html"]).toBe(table.html);
    expect(bundle["text/plain"]).toBe(table.text);
    expect(String(table)).toContain("1.7");
  });
});
