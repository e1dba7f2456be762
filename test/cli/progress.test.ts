import { describe, expect, it } from "vitest";
import { ProgressBar } from "../../src/cli/progress.ts";

function stream(isTTY: boolean, columns?: number) {
  let out = "";
  return { write: (s: string) => (out += s), isTTY, columns, get text() { return out; } };
}

describe("ProgressBar", () => {
  it.each([undefined, 0, 10, 200])("draws and erases on a TTY with %s columns", (columns) => {
    const s = stream(true, columns);
    const bar = new ProgressBar(s, 100);
    bar.update(100, "lru k=10");
    expect(s.text).toMatch(/100%/);
    bar.finish();
    expect(s.text.endsWith("\r")).toBe(true);
  });

  it("writes nothing when the stream is not a TTY", () => {
    const s = stream(false, 80);
    const bar = new ProgressBar(s, 100);
    bar.update(50, "x");
    bar.finish();
    expect(s.text).toBe("");
  });
});
