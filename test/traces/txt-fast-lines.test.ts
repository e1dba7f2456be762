import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TraceFormatError } from "../../src/traces/index.ts";
import { parseInChunks } from "./chunking.ts";

// The txt reader takes lines of plain digits in one byte loop once the ids are known to be
// numbers, and hands every other line to the general line path. Held here to the literal
// definition of the format, with chunk cuts anywhere (a line, a "\r\n" or a digit run split
// between chunks), so both paths and their hand-overs are exercised.

const SEED = 20_261_129;

/** Lines a numeric txt trace may hold, and a few it may not. */
const lineArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((v) => `00${v}`) }, // leading zeros: the same id
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((v) => `${v}\r`) }, // CRLF
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }).map((v) => ` \t${v} `) }, // blanks around
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((v) => `-${v}`) }, // negative
  { weight: 1, arbitrary: fc.constantFrom("", "*", " ", "\r") }, // skipped
  { weight: 1, arbitrary: fc.constantFrom("123456789012345", "1234567890123456", "9007199254740991", "000000000000000000007") }, // 15–21 digits
  { weight: 2, arbitrary: fc.integer({ min: 8, max: 15 }).chain((digits) => fc.stringMatching(new RegExp(`^[1-9][0-9]{${digits - 1}}$`))) }, // 8–15 digits
);
const badArb = fc.constantFrom("12x", "9007199254740992", "1 2", "abc", "1\r2");

/** The literal reading: trim blanks, skip empty and `*`, each remaining line a decimal integer. */
function literal(lines: readonly string[]): { ids: number[]; keys: number[] } | { line: number } {
  const ids: number[] = [];
  const keys: number[] = [];
  const seen = new Map<number, number>();
  for (let i = 0; i < lines.length; i++) {
    const token = lines[i].replace(/^[ \t\r]+|[ \t\r]+$/g, "");
    if (token === "" || token === "*") continue;
    if (!/^-?[0-9]+$/.test(token) || !Number.isSafeInteger(Number(token))) return { line: i + 1 };
    const key = Number(token);
    let id = seen.get(key);
    if (id === undefined) {
      id = keys.length;
      seen.set(key, id);
      keys.push(key);
    }
    ids.push(id);
  }
  return { ids, keys };
}

describe(`txt: plain-digit lines in one loop (fast-check seed ${SEED})`, () => {
  it("the same ids, keys and error lines as the literal reading, whatever the chunk cuts", () => {
    console.log(`txt fast lines: fast-check seed ${SEED}`);
    const caseArb = fc
      .tuple(
        fc.array(lineArb, { minLength: 1, maxLength: 80 }),
        fc.option(fc.tuple(fc.nat(), badArb), { freq: 3 }),
        fc.boolean(),
        fc.array(fc.nat({ max: 2000 }), { maxLength: 8 }),
      )
      .map(([lines, bad, finalNewline, cuts]) => {
        const all = ["1", ...lines]; // a numeric first id: the trace is numeric
        if (bad !== null) all.splice(1 + (bad[0] % all.length), 0, bad[1]);
        return { all, text: all.join("\n") + (finalNewline ? "\n" : ""), cuts: [2, ...cuts].sort((a, b) => a - b) };
      });
    fc.assert(
      fc.property(caseArb, ({ all, text, cuts }) => {
        const expected = literal(all);
        const bytes = new TextEncoder().encode(text);
        let error: unknown = null;
        let got: ReturnType<typeof parseInChunks> | null = null;
        try {
          got = parseInChunks("txt", bytes, cuts);
        } catch (err) {
          error = err;
        }
        if ("line" in expected) {
          expect(error).toBeInstanceOf(TraceFormatError);
          expect((error as TraceFormatError).line).toBe(expected.line);
        } else {
          expect(error).toBe(null);
          expect(Array.from(got!.requests)).toEqual(expected.ids);
          expect(got!.keys.kind === "number" && Array.from(got!.keys.values)).toEqual(expected.keys);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
