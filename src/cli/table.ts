/**
 * Format rows as an aligned plain-text table: text columns left-aligned, numeric columns
 * right-aligned (a column is numeric when every cell is).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d,.]+%?$|^[-–]$/.test(r[i])));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

/**
 * An integer with thousands separators (`1,061,057`), as `toLocaleString("en-US")` writes it.
 * Integers are grouped here: the first `toLocaleString` call of a process loads the ICU locale
 * data, 20–40 ms of a CLI run that prints one table. Other numbers still go through it.
 */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += "," + digits.slice(i, i + 3);
  return n < 0 || Object.is(n, -0) ? "-" + out : out;
}
