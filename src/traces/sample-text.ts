import type { Sample } from "./format.ts";

/**
 * The sample's lines (latin1, `\r` stripped, trailing partial line dropped unless the sample is
 * the whole content), or `null` if the sample is not text: any NUL or other control byte than
 * tab, `\n`, `\r` makes it binary. Computed once per sample (every format's detector asks).
 */
export function sampleLines(sample: Sample): readonly string[] | null {
  let lines = linesOf.get(sample);
  if (lines === undefined) {
    lines = splitLines(sample);
    linesOf.set(sample, lines);
  }
  return lines;
}

// Inference runs six detectors on the same sample; without this, the 64 KiB were scanned and
// split six times per file (~0.1 s of reading a 100-file dataset).
const linesOf = new WeakMap<Sample, readonly string[] | null>();

function splitLines(sample: Sample): string[] | null {
  const bytes = sample.bytes;
  if (bytes.length === 0 || !isTextBytes(bytes)) return null;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  const lines = text.split("\n");
  if (!sample.complete && lines.length > 1) lines.pop();
  return lines.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

// A function of its own: inside a larger one, this loop was compiled on-stack (OSR) and the
// code after it deoptimized on every call (~500 deopts reading 100 files).
function isTextBytes(bytes: Uint8Array, from = 0, to = bytes.length): boolean {
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return false;
  }
  return true;
}

/**
 * What a byte scan of a text sample tells without splitting it into strings: whether every line
 * {@link sampleLines} would give holds at most one token (whitespace — tab, space, `\r`, NBSP,
 * the latin1 bytes JavaScript's `\s` matches in text — only around it), whether the first
 * line holds a comma, and how many lines hold a token other than `*`. `null` for a sample that
 * is not text. Computed once per sample; the detectors of text formats answer from it when
 * every line is one token (a 100-file dataset of one id a line is then read without building
 * ~200,000 line strings), and split the lines otherwise.
 */
export interface SampleShape {
  /** Every line holds at most one token. */
  readonly singleToken: boolean;
  /** The first line holds a `,`. */
  readonly firstLineComma: boolean;
  /** Lines whose token is not `*` (counted only when {@link SampleShape.singleToken}). */
  readonly ids: number;
  /** The sample's `\n` bytes (counted only when {@link SampleShape.singleToken}). */
  readonly newlines?: number;
}

/** The {@link SampleShape} of a text sample, or `null` if the sample is not text (or empty). */
export function sampleShape(sample: Sample): SampleShape | null {
  let shape = shapeOf.get(sample);
  if (shape === undefined) {
    shape = scanShape(sample);
    shapeOf.set(sample, shape);
  }
  return shape;
}

const shapeOf = new WeakMap<Sample, SampleShape | null>();

// The same line rule as splitLines: the text after the last `\n` of an incomplete sample is
// dropped, unless there is no `\n` at all.
function scanShape(sample: Sample): SampleShape | null {
  const bytes = sample.bytes;
  if (bytes.length === 0) return null;
  let end = bytes.length;
  if (!sample.complete) {
    const last = bytes.lastIndexOf(10);
    if (last >= 0) end = last;
  }
  const ids = tokenLines(bytes, end);
  // tokenLines checked the bytes before where it stopped; the rest is checked here.
  if (ids === NOT_TEXT || !isTextBytes(bytes, ids < 0 ? scanStop : end, bytes.length)) return null;
  const newline = bytes.indexOf(10);
  const firstLineComma = bytes.subarray(0, newline < 0 ? bytes.length : newline).includes(44);
  if (ids < 0) return { singleToken: false, firstLineComma, ids: 0 };
  // tokenLines counted a newline at `end`: a real one unless `end` is the end of the sample.
  return { singleToken: true, firstLineComma, ids, newlines: scannedNewlines - (end === bytes.length ? 1 : 0) };
}

const NOT_TEXT = -2;
/** What tokenLines leaves besides its result: the newlines it counted, where it stopped. */
let scannedNewlines = 0;
let scanStop = 0;

// One pass over bytes[0 .. end), a `\n` taken at `end`: the lines with a token other than `*`,
// checking that the bytes are text (isTextBytes); −1 as soon as a line holds two tokens (where,
// in scanStop), NOT_TEXT at a byte no text holds. Leaves the newlines it counted in
// scannedNewlines. A function of its own, like isTextBytes, so its loop compiles apart from the
// code around it; nothing follows the loop but a return, as code there would have no type
// feedback when the loop is compiled on-stack, and deoptimize it at the end of every call.
function tokenLines(bytes: Uint8Array, end: number): number {
  let ids = 0;
  let newlines = 0;
  let i = 0;
  // A line at a time: blanks, a token, blanks, then `\n` (taken at `end`); a tight loop each.
  while (i <= end) {
    let c = i < end ? bytes[i] : 10;
    while (c === 32 || c === 9 || c === 13 || c === 0xa0) c = ++i < end ? bytes[i] : 10;
    const token = i;
    while (c > 32 && c !== 127 && c !== 0xa0) c = ++i < end ? bytes[i] : 10;
    if (i > token && (i - token !== 1 || bytes[token] !== 42)) ids++;
    while (c === 32 || c === 9 || c === 13 || c === 0xa0) c = ++i < end ? bytes[i] : 10;
    if (c !== 10) {
      if (c > 32 && c !== 127) {
        scanStop = i;
        return -1;
      }
      return NOT_TEXT;
    }
    scannedNewlines = ++newlines;
    i++;
  }
  return ids;
}

/**
 * Record the shape of a text sample whose lines a reader has already read — every line of
 * `sample.bytes[0 .. end)` plain (one token of printable ASCII, 33–126, or none; space, tab and
 * `\r` around it), `ids` of them with a token other than `*`, `newlines` `\n` bytes in the whole
 * sample — where `end` is where {@link sampleShape} would stop (the last `\n` of an incomplete
 * sample, else its length). The bytes after `end` are checked here; returns false, recording
 * nothing, if they are not text. Afterwards the detectors answer from this shape, as they would
 * from a scan: it is the shape the scan would find.
 */
export function primeSampleShape(sample: Sample, end: number, ids: number, newlines: number): boolean {
  const bytes = sample.bytes;
  if (bytes.length === 0 || !isTextBytes(bytes, end, bytes.length)) return false;
  const newline = bytes.indexOf(10);
  const firstLineComma = bytes.subarray(0, newline < 0 ? bytes.length : newline).includes(44);
  shapeOf.set(sample, { singleToken: true, firstLineComma, ids, newlines });
  return true;
}

/**
 * The number of `\n` bytes in the sample: from its shape scan when that covered the whole sample
 * (one token a line), else counted.
 */
export function sampleNewlines(sample: Sample): number {
  const shape = shapeOf.get(sample);
  if (shape?.newlines !== undefined) return shape.newlines;
  const bytes = sample.bytes;
  let newlines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) newlines++;
  return newlines;
}

/** True if the sample holds a byte that no text trace holds. */
export function isBinarySample(sample: Sample): boolean {
  return sample.bytes.length > 0 && sampleShape(sample) === null;
}
