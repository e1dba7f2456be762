/** True if `bytes` starts a gzip member (magic `1f 8b`, method 8 = deflate). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/**
 * Magic numbers of the other compressors traces come in (libCacheSim ships `.zst`); -1 matches
 * any byte. Read as data, such a file would otherwise be misread or fail deep inside.
 */
const COMPRESSION_MAGIC: readonly (readonly [string, readonly number[]])[] = [
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  // "BZh", the block size digit, then the block magic (π's digits): never the start of a text trace.
  ["bzip2", [0x42, 0x5a, 0x68, -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59]],
  ["lz4", [0x04, 0x22, 0x4d, 0x18]],
  ["zip", [0x50, 0x4b, 0x03, 0x04]],
];

/** Longest magic number {@link otherCompression} looks at. */
export const COMPRESSION_MAGIC_BYTES = 10;

/**
 * The compressor other than gzip whose magic number starts `bytes` (`zstd`, `xz`, `bzip2`, `lz4`,
 * `zip`), or `undefined`. Only gzip is decompressed while reading.
 */
export function otherCompression(bytes: Uint8Array): string | undefined {
  for (const [name, magic] of COMPRESSION_MAGIC) {
    if (bytes.length >= magic.length && magic.every((b, i) => b < 0 || bytes[i] === b)) return name;
  }
  return undefined;
}

/** The command that decompresses a file of compressor `name` (for messages). */
export function decompressHint(name: string): string {
  const tools: Record<string, string> = { zstd: "zstd -d", xz: "xz -d", bzip2: "bzip2 -d", lz4: "lz4 -d", zip: "unzip" };
  return tools[name] ?? `${name} -d`;
}
