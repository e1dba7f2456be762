import type { Sample } from "./format.ts";

/**
 * The sample's lines (latin1, `\r` stripped, trailing partial line dropped unless the sample is
 * the whole content), or `null` if the sample is not text: any NUL or other control byte than
 * tab, `\n`, `\r` makes it binary.
 */
export function sampleLines(sample: Sample): string[] | null {
  const bytes = sample.bytes;
  if (bytes.length === 0) return null;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return null;
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  const lines = text.split("\n");
  if (!sample.complete && lines.length > 1) lines.pop();
  return lines.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
}

/** True if the sample holds a byte that no text trace holds. */
export function isBinarySample(sample: Sample): boolean {
  return sample.bytes.length > 0 && sampleLines(sample) === null;
}
