import { basename } from "node:path";
import { InputError } from "../errors.ts";
import { decompressHint, otherCompression } from "../files/compression.ts";
import type { Sample, TraceFormat } from "./format.ts";
import { TRACE_FORMATS, traceFormat } from "./formats.ts";
import { isBinarySample } from "./sample-text.ts";

/** How a trace's format was chosen. */
export type FormatChoice = "option" | "name" | "content";

/** The outcome of {@link inferFormat}. */
export interface FormatInference {
  /** The chosen format. */
  readonly format: TraceFormat;
  /** What decided it: the `format` option, the file name or the content. */
  readonly choice: FormatChoice;
}

/**
 * Choose the format of `path`:
 * 1. the `format` option when given; otherwise content that starts with the magic number of
 *    another compressor than gzip (zstd, xz, bzip2, lz4, zip) is refused, as no format reads it;
 * 2. else the file name (a trailing `.gz` ignored): `.txt` txt, `.lis` arc, `.csv` csv, `.vscsi`
 *    vscsi, any name containing `.oracleGeneral` oracleGeneral, `.be32` be32 — unless the
 *    content has another format's signature (a `.txt` with a CSV header is refused rather than
 *    misread; a malformed file of the named format goes to its reader for a located error);
 * 3. else the content: the formats with a signature (arc: four integers a line; csv: a header
 *    row with commas; vscsi: version 1 in every record; oracleGeneral: every next_access_vtime
 *    −1 or later than its record) win if exactly one matches; with none, the fallback of the
 *    content's kind applies — text with one token a line is txt; binary content is be32 (the
 *    only headerless binary format) only with evidence: a `*.trace` name (cache2k's) and ids
 *    that repeat like page references (see `be32Format`). Random bytes are never guessed.
 * Anything else — a name the content contradicts, two signatures, text with several fields a
 * line — is an {@link InputError} asking for `--format`.
 */
export function inferFormat(path: string, sample: Sample, explicit: string | undefined): FormatInference {
  if (explicit !== undefined) return { format: traceFormat(explicit), choice: "option" };
  const packed = otherCompression(sample.bytes);
  if (packed !== undefined) {
    throw new InputError(
      `${path}: the content is ${packed}-compressed; only gzip is decompressed while reading — ` +
        `decompress it first (${decompressHint(packed)}), or give --format to read the bytes as they are`,
    );
  }
  const name = basename(path).toLowerCase().replace(/\.(gz|gzip)$/, "");
  const byName = TRACE_FORMATS.filter((f) => f.matchesName(name));
  const signatures: TraceFormat[] = [];
  const fallbacks: TraceFormat[] = [];
  for (const format of TRACE_FORMATS) {
    const seen = format.detect(sample);
    if (seen === "signature") signatures.push(format);
    else if (seen === "fallback") fallbacks.push(format);
  }
  const known = TRACE_FORMATS.map((f) => f.name).join(", ");
  if (byName.length === 1) {
    const named = byName[0];
    // Only another format's signature overrules a name; a malformed file of the named format
    // goes to its reader, which names the bad line or offset.
    const rivals = signatures.filter((f) => f !== named);
    if (signatures.includes(named) || rivals.length === 0) return { format: named, choice: "name" };
    const looks = rivals.map((f) => f.name).join(" or ");
    throw new InputError(`cannot tell the format of ${path}: its name says ${named.name} but its content looks like ${looks}; choose one with --format (${known})`);
  }
  const candidates = signatures.length > 0 ? signatures : fallbacks;
  if (candidates.length === 1) return { format: candidates[0], choice: "content" };
  const why =
    sample.bytes.length === 0
      ? "it is empty"
      : candidates.length > 1
        ? `it could be ${candidates.map((f) => f.name).join(" or ")}`
        : isBinarySample(sample)
          ? "its content is binary and matches no format's signature (raw big-endian ids are inferred as be32 " +
            "only in a *.trace file whose ids repeat)"
          : "its name and contents match no format";
  throw new InputError(`cannot tell the format of ${path}: ${why}; choose one with --format (${known})`);
}
