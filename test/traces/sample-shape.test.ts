import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Sample } from "../../src/traces/format.ts";
import { arcFormat } from "../../src/traces/formats/arc.ts";
import { csvFormat } from "../../src/traces/formats/csv.ts";
import { txtFormat } from "../../src/traces/formats/txt.ts";
import { isBinarySample, sampleLines, sampleNewlines } from "../../src/traces/sample-text.ts";

// The text detectors answer from a byte scan when every line is one token, and split the sample
// into lines otherwise. Held here to the split-line definitions they had before the scan, on
// samples built from the bytes that decide them: every whitespace byte JavaScript's \s matches
// in latin1 text, commas, '*', high bytes, a control byte now and then, complete or cut short.

const SEED = 20_261_130;

/** The detectors as they read the split lines, one rule each (the reference). */
function reference(sample: Sample): { txt: unknown; arc: unknown; csv: unknown; binary: boolean } {
  const lines = sampleLines(sample);
  const binary = sample.bytes.length > 0 && lines === null;
  if (lines === null) return { txt: false, arc: false, csv: false, binary };
  let ids = 0;
  let txt: unknown = undefined;
  for (const line of lines) {
    const id = line.trim();
    if (id === "" || id === "*") continue;
    if (/\s/.test(id)) {
      txt = false;
      break;
    }
    ids++;
  }
  txt ??= ids > 0 ? "fallback" : false;
  let records = 0;
  let arc: unknown = undefined;
  for (const line of lines) {
    const fields = line.trim().split(/[ \t]+/);
    if (fields.length === 1 && fields[0] === "") continue;
    if (fields.length !== 4 || !fields.every((f) => /^\d+$/.test(f))) {
      arc = false;
      break;
    }
    records++;
  }
  arc ??= records > 0 ? "signature" : false;
  let csv: unknown = false;
  if (lines.length > 0) {
    const header = lines[0].split(",");
    if (!(header.length < 2 || header.every((f) => /^\s*-?\d+\s*$/.test(f)))) {
      csv = "signature";
      if (!lines.some((line) => line.includes('"'))) {
        for (const line of lines.slice(1)) if (line !== "" && line.split(",").length !== header.length) csv = false;
      }
    }
  }
  return { txt, arc, csv, binary };
}

const byteArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Buffer.from("0123456789abc")) },
  { weight: 3, arbitrary: fc.constantFrom(10, 32, 9, 13, 0xa0) },
  { weight: 1, arbitrary: fc.constantFrom(44, 42, 34, 45, 0x85, 0xe9) },
  { weight: 1, arbitrary: fc.constantFrom(0, 11, 12, 127) }, // make the sample binary
);
const sampleArb = fc.record({
  bytes: fc.oneof(
    fc.array(byteArb, { maxLength: 60 }),
    // Mostly well-formed samples: one id a line (the fast path), some of four fields (arc).
    fc.array(fc.oneof(fc.constantFrom("12\n", " 7\r\n", "*\n", "\n", "a9\t\n", "1 2 3 4\n", "x,y\n", "5,6\n"), fc.constant("\xa0\n")), { maxLength: 12 }).map((parts) => [...Buffer.from(parts.join(""), "latin1")]),
  ),
  complete: fc.boolean(),
});

describe("text detectors from the byte scan", () => {
  it(`agree with the split-line rules on every sample (fast-check seed ${SEED})`, () => {
    fc.assert(
      fc.property(sampleArb, ({ bytes, complete }) => {
        const sample: Sample = { bytes: Uint8Array.from(bytes), complete, contentBytes: complete ? bytes.length : undefined };
        const want = reference(sample);
        // A fresh sample object for each detector: none reads another's cached scan first.
        const fresh = (): Sample => ({ ...sample });
        expect({
          txt: txtFormat.detect(fresh()),
          arc: arcFormat.detect(fresh()),
          csv: csvFormat.detect(fresh()),
          binary: isBinarySample(fresh()),
        }).toEqual(want);
        // The newline count the line estimate uses: from the scan or counted, the same.
        const scanned = fresh();
        txtFormat.detect(scanned);
        const newlines = sample.bytes.filter((c) => c === 10).length;
        expect([sampleNewlines(scanned), sampleNewlines(fresh())]).toEqual([newlines, newlines]);
      }),
      { seed: SEED, numRuns: 3000, verbose: true },
    );
  });

  it("keep a .txt with a CSV header and a .lis of four fields apart from one id a line", () => {
    const text = (s: string, complete = true): Sample => ({ bytes: Buffer.from(s, "latin1"), complete, contentBytes: undefined });
    expect(txtFormat.detect(text("12\n 7\r\n*\n"))).toBe("fallback");
    expect(txtFormat.detect(text("*\n\r\n"))).toBe(false);
    expect(txtFormat.detect(text("1\n2\n3 4", false))).toBe("fallback"); // the cut last line is dropped
    expect(csvFormat.detect(text("time,key\n1,2\n"))).toBe("signature");
    expect(arcFormat.detect(text("1 2 0 3\n"))).toBe("signature");
    expect(txtFormat.detect(text("a\xa0b\n"))).toBe(false);
  });
});
