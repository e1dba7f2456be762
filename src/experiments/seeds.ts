/**
 * A 32-bit seed derived from a list of integers (splitmix32 steps over the words, high bits of
 * safe integers included): equal lists give equal seeds, and changing any word changes the seed
 * unpredictably — so a study's draws depend only on (master seed, run, trace, …), never on the
 * order in which they are computed.
 */
export function mixSeed(...words: number[]): number {
  let h = 0x243f6a88;
  for (const w of words) {
    h = splitmix(h ^ (w >>> 0));
    h = splitmix(h ^ (Math.floor(w / 4294967296) >>> 0));
  }
  return h >>> 0;
}

/** FNV-1a hash of a string (UTF-16 code units), for seeds that follow an algorithm's name. */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function splitmix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
