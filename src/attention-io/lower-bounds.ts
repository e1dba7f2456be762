import { ceil, fraction, larger, max, multiply, number, subtract } from "mathjs";
import type { Fraction } from "mathjs";
import { InputError } from "../errors.ts";

/** A certified lower bound on slow-memory traffic, exact and rounded up to whole words. */
export interface IoLowerBound {
  /** ⌈bound⌉ in words: every algorithm's reads + writes are at least this. */
  readonly words: number;
  /** The exact rational bound (summed over heads). */
  readonly exact: Fraction;
  /** Which term is larger: the compulsory 4Nd, or the partition bound. */
  readonly binding: "compulsory" | "partition";
}

/**
 * The I/O lower bound every algorithm here is checked against, for H independent heads of
 * attention on N×d inputs with a fast memory of M words (red-blue pebble game, reads and writes
 * one word each, recomputation allowed):
 *
 *   Q ≥ H · max(4Nd, N²d²/(4(M + d²)) − M).
 *
 * - 4Nd (compulsory): every word of Q, K, V must be read and every word of O written once.
 * - N²d²/(4(M + d²)) − M: the explicit-constant form of Saha & Ye's Lemma 3.4 (ICML 2024,
 *   arXiv 2402.07443), derived in the project notes (attention-io.md §1) from their Lemma 3.3
 *   counting argument on a 2M-partition with Hong & Kung's partition lemma Q ≥ M·(P(2M) − 1)
 *   (STOC 1981, Thm 3.1). The authors state only Ω(N²d²/M); the constant is derived, not theirs.
 *   It uses only the QKᵀ sub-DAG, so it holds for every algorithm that computes each score.
 * - Heads: pebbling H disjoint graphs with M red pebbles restricts to a pebbling of each with at
 *   most M, so the per-head bounds add.
 *
 * Exact rational arithmetic (mathjs fractions over bigint): N²d² exceeds 2^53 for N = 10⁶.
 */
export function attentionLowerBound(N: number, d: number, M: number, heads = 1): IoLowerBound {
  for (const [name, v] of [["N", N], ["d", d], ["M", M], ["heads", heads]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new InputError(`${name} must be a positive integer, got ${v}`);
  }
  const n = BigInt(N);
  const dd = BigInt(d);
  const compulsory = fraction(4n * n * dd);
  const partition = subtract(fraction(n * n * dd * dd, 4n * (BigInt(M) + dd * dd)), fraction(BigInt(M))) as Fraction;
  const perHead = max(compulsory, partition) as Fraction;
  const exact = multiply(perHead, fraction(BigInt(heads))) as Fraction;
  const words = number(ceil(exact) as Fraction) as number;
  if (!Number.isSafeInteger(words)) throw new InputError(`lower bound ${words} exceeds 2^53 words`);
  return { words, exact, binding: larger(partition, compulsory) ? "partition" : "compulsory" };
}

/**
 * The shape of Saha & Ye's Theorem 3.1, min(N²d/√M, N²d²/M) per head (constants 1): the two
 * regimes — Θ(N²d/√M) for M < d² (square tiling), Θ(N²d²/M) for M ≥ d² (FlashAttention) —
 * meet at M = d², where both equal N². A guide line for charts, not a bound.
 */
export function ioRegimeShape(N: number, d: number, M: number): number {
  return Math.min((N * N * d) / Math.sqrt(M), (N * N * d * d) / M);
}
