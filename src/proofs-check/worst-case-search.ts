import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { hasCanonicalState } from "../paging/core/canonical-state.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import type { Policy } from "../paging/core/policy.ts";
import { simulate } from "../paging/core/simulate.ts";
import { bruteForceOpt } from "./brute-force-opt.ts";
import { markerModel, randomModel, replayModel, type SearchModel } from "./search-models.ts";
import { Scratch, WorkFunction } from "./work-function.ts";
import {
  DEFAULT_MAX_STATES,
  WORST_CASE_MAX_K,
  WORST_CASE_MAX_LENGTH,
  WORST_CASE_MAX_PAGES,
  WORST_CASE_MAX_STATES,
  WORST_CASE_MAX_STORED_SETS,
} from "./worst-case-limits.ts";

/**
 * The state search behind `exactWorstCase`, in integer (bigint) arithmetic only, so that the
 * command line can run it without loading mathjs (whose import costs more than the search).
 * @module
 */

/** Randomized policies whose exact expectation the worst-case search can follow, by registry name. */
export const EXACT_WORST_CASE_RANDOMIZED = ["marker", "random"] as const;

/** Options of {@link searchWorstCase} and `exactWorstCase`. */
export interface ExactWorstCaseOptions {
  /** Cache size of both ALG and OPT (at most {@link WORST_CASE_MAX_K}). */
  readonly k: number;
  /** Every request sequence of length 1..maxLength is covered (at most {@link WORST_CASE_MAX_LENGTH}). */
  readonly maxLength: number;
  /** Pages `0..pages-1` (default k+1). At most {@link WORST_CASE_MAX_PAGES}. */
  readonly pages?: number;
  /**
   * Most distinct states one length may hold (state search); exceeding it is an
   * {@link InputError}, raised before the states beyond it are stored. Default 2^20, at most
   * 2^24, and lowered so that the cache sets stored for one length stay within
   * {@link WORST_CASE_MAX_STORED_SETS}.
   */
  readonly maxStates?: number;
  /**
   * Most sequences the fallback enumeration (policies without `canonicalState`) may examine,
   * checked before it starts. Default 2^22.
   */
  readonly maxSequences?: number;
}

/** What {@link searchWorstCase} found: the worst ratio as integers. */
export interface WorstCaseSearch {
  /** ALG's cost on the witness is `alg / denominator` (faults, or expected faults). */
  readonly alg: bigint;
  /** 1 for deterministic policies; the common denominator of the probabilities otherwise. */
  readonly denominator: bigint;
  /** OPT's faults on the witness (≥ 1). */
  readonly opt: number;
  /** A shortest sequence attaining the worst ratio, pages named in order of first request. */
  readonly witness: Int32Array;
  /** Sequences covered, up to renaming pages ({@link canonicalSequenceCount}). */
  readonly sequences: number;
  /** Distinct states kept, summed over lengths. */
  readonly states: number;
  /** True when ALG is a randomized policy's exact expectation. */
  readonly expectation: boolean;
  /** The ratio in lowest terms, `n/d` or `n`. */
  readonly ratioText: string;
  /**
   * The worst case over lengths 1..n for each n = 1..maxLength: ALG's cost (over `denominator`)
   * and OPT of the worst pair found up to that length (the last entry is the result).
   */
  readonly byLength: readonly { readonly alg: bigint; readonly opt: number }[];
  /** ALG's cost in lowest terms. */
  readonly algText: string;
}

/** Sizes checked and derived by {@link checkWorstCaseOptions}. */
export interface CheckedWorstCaseOptions {
  readonly k: number;
  readonly maxLength: number;
  readonly pages: number;
  readonly maxStates: number;
  readonly sequences: number;
  /** Σ_{j≤k} C(pages, j): the most cache sets one OPT frontier can hold. */
  readonly sets: number;
  /** Σ_{j≤k} C(pages, j)·2^j: the most (resident, marked) pairs of Marker's distribution. */
  readonly markedSets: number;
}

/** Validate the sizes of a worst-case search ({@link InputError} naming the bad one). */
export function checkWorstCaseOptions(options: ExactWorstCaseOptions): CheckedWorstCaseOptions {
  const { k, maxLength } = options;
  checkCacheSize(k);
  if (k > WORST_CASE_MAX_K) throw new InputError(`k must be at most ${WORST_CASE_MAX_K} for the exhaustive search, got ${k}`);
  const pages = options.pages ?? k + 1;
  if (!Number.isSafeInteger(maxLength) || maxLength < 1 || maxLength > WORST_CASE_MAX_LENGTH) {
    throw new InputError(`the length must be an integer in 1..${WORST_CASE_MAX_LENGTH}, got ${maxLength}`);
  }
  if (!Number.isInteger(pages) || pages < 1 || pages > WORST_CASE_MAX_PAGES) {
    throw new InputError(`pages must be an integer in 1..${WORST_CASE_MAX_PAGES}, got ${pages}`);
  }
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  if (!Number.isSafeInteger(maxStates) || maxStates < 1 || maxStates > WORST_CASE_MAX_STATES) {
    throw new InputError(`the state limit must be an integer in 1..${WORST_CASE_MAX_STATES}, got ${maxStates}`);
  }
  let sets = 0;
  let markedSets = 0;
  for (let j = 0, c = 1; j <= Math.min(k, pages); j++, c = (c * (pages - j + 1)) / j) {
    sets += c;
    markedSets += c * 2 ** j;
  }
  return { k, maxLength, pages, maxStates, sets, markedSets, sequences: Number(canonicalSequenceCount(pages, maxLength)) };
}

/**
 * The state search of `exactWorstCase` (see there for the method and conventions) for a registry
 * name or a factory: the result in integers, or `undefined` when the policy is deterministic
 * but has no canonical state (the caller then enumerates sequences). Throws {@link InputError}
 * for offline policies, policies needing predictions, and randomized policies other than
 * {@link EXACT_WORST_CASE_RANDOMIZED}. The witness of a deterministic policy is re-simulated and
 * its OPT recomputed by `bruteForceOpt` before returning (a mismatch is an internal error).
 */
export function searchWorstCase(policy: string | ((k: number) => Policy), options: ExactWorstCaseOptions): WorstCaseSearch | undefined {
  const o = checkWorstCaseOptions(options);
  const { k, pages, maxLength } = o;
  const capFor = (perState: number) => Math.min(o.maxStates, Math.max(1, Math.floor(WORST_CASE_MAX_STORED_SETS / perState)));
  let make: (size: number) => Policy;
  if (typeof policy === "string") {
    const info = policies.get(policy);
    if (info.offline) throw new InputError(`worst-case search needs an online policy, '${policy}' is offline`);
    if (info.needs.length > 0) throw new InputError(`worst-case search runs without predictions, and '${policy}' needs them`);
    if (info.randomized) {
      if (info.name === "marker") return finish(search(markerModel(k, maxLength), k, pages, maxLength, capFor(o.sets + o.markedSets)), undefined, o, true);
      if (info.name === "random") return finish(search(randomModel(k, maxLength), k, pages, maxLength, capFor(2 * o.sets)), undefined, o, true);
      throw new InputError(
        `no exact expectation for the randomized policy '${policy}'; the worst-case search supports ${EXACT_WORST_CASE_RANDOMIZED.join(", ")} and every deterministic online policy`,
      );
    }
    make = (size) => policies.create(info.name, size);
  } else make = policy;
  const instance = make(k);
  if (instance.offline) throw new InputError("worst-case search needs an online policy");
  if (!hasCanonicalState(instance)) return undefined;
  return finish(search(replayModel(instance, pages), k, pages, maxLength, capFor(o.sets)), make, o, false);
}

/**
 * Σ_{n=1..maxLength} Σ_{j=1..min(n, pages)} S(n, j) (Stirling numbers of the second kind): the
 * request sequences of length 1..maxLength over `pages` pages counted once per class of
 * sequences equal up to renaming pages — the sequences whose pages appear in the order 0, 1, 2, …
 * (each new page is the smallest unused id). Exact as a bigint.
 */
export function canonicalSequenceCount(pages: number, maxLength: number): bigint {
  let total = 0n;
  let row: bigint[] = [1n];
  for (let n = 1; n <= maxLength; n++) {
    const next: bigint[] = new Array<bigint>(n + 1).fill(0n);
    for (let j = 1; j <= n; j++) next[j] = BigInt(j) * (row[j] ?? 0n) + (row[j - 1] ?? 0n);
    row = next;
    for (let j = 1; j <= Math.min(pages, n); j++) total += row[j];
  }
  return total;
}

interface Pair {
  alg: bigint;
  opt: number;
  requests: Int8Array;
}

interface Entry<S> {
  state: S;
  frontier: WorkFunction;
  pairs: Pair[];
}

interface Pair {
  alg: bigint;
  opt: number;
  requests: Int8Array;
}

interface Entry<S> {
  state: S;
  frontier: WorkFunction;
  pairs: Pair[];
}

interface Found {
  alg: bigint;
  opt: number;
  requests: Int8Array;
  denominator: bigint;
  states: number;
  byLength: { alg: bigint; opt: number }[];
}

function search<S>(model: SearchModel<S>, k: number, pages: number, maxLength: number, maxStates: number): Found {
  const scratch = new Scratch();
  const D = model.denominator;
  let level = new Map<string, Entry<S>>();
  level.set("", { state: model.initial(), frontier: WorkFunction.initial(k, pages), pairs: [{ alg: 0n, opt: 0, requests: new Int8Array(0) }] });
  let best: Pair | undefined;
  let states = 0;
  const byLength: { alg: bigint; opt: number }[] = [];
  const order: number[] = [];
  const label = new Int32Array(pages);
  const rest: { page: number; sig: string }[] = [];
  for (let depth = 1; depth <= maxLength; depth++) {
    const next = new Map<string, Entry<S>>();
    const remaining = BigInt(maxLength - depth);
    for (const entry of level.values()) {
      for (let page = 0; page < pages; page++) {
        order.length = 0;
        const { next: state, cost, description } = model.step(entry.state, page, order);
        const { next: frontier, increase } = entry.frontier.step(page, scratch);
        // Canonical labels: the pages ALG tells apart in its order, then the rest by signature.
        label.fill(-1);
        for (let i = 0; i < order.length; i++) label[order[i]] = i;
        rest.length = 0;
        for (let p = 0; p < pages; p++) {
          if (label[p] === -1) rest.push({ page: p, sig: `${model.signature(state, p)}|${frontier.signature(p)}` });
        }
        rest.sort((a, b) => (a.sig < b.sig ? -1 : a.sig > b.sig ? 1 : a.page - b.page));
        for (let i = 0; i < rest.length; i++) label[rest[i].page] = order.length + i;
        const key = `${order.length};${description};${model.encode(state, label)};${frontier.encode(label)}`;
        let target = next.get(key);
        for (const pair of entry.pairs) {
          const alg = pair.alg + cost;
          const opt = pair.opt + increase;
          // A pair that cannot reach the best ratio even faulting on every remaining request is dropped.
          if (best !== undefined && (alg + remaining * D) * BigInt(best.opt) < best.alg * BigInt(opt)) continue;
          if (target === undefined) {
            if (next.size >= maxStates) {
              throw new InputError(`more than ${maxStates} distinct states at length ${depth}; lower the length or the pages, or raise the state limit`);
            }
            target = { state: model.rename(state, label), frontier: frontier.rename(label), pairs: [] };
            next.set(key, target);
          }
          if (target.pairs.some((q) => q.alg >= alg && q.opt <= opt)) continue;
          target.pairs = target.pairs.filter((q) => !(alg >= q.alg && opt <= q.opt));
          const requests = new Int8Array(depth);
          for (let t = 0; t < depth - 1; t++) requests[t] = label[pair.requests[t]];
          requests[depth - 1] = label[page];
          target.pairs.push({ alg, opt, requests });
        }
      }
    }
    for (const entry of next.values()) {
      for (const pair of entry.pairs) {
        if (best === undefined || pair.alg * BigInt(best.opt) > best.alg * BigInt(pair.opt)) best = pair;
      }
    }
    states += next.size;
    level = next;
    // Pairs dropped at this length had a ratio below the best of shorter ones, so this is exact.
    byLength.push({ alg: best!.alg, opt: best!.opt });
  }
  return { ...best!, denominator: D, states, byLength };
}

function finish(found: Found, check: ((size: number) => Policy) | undefined, o: CheckedWorstCaseOptions, expectation: boolean): WorstCaseSearch {
  const witness = firstOccurrenceOrder(found.requests);
  const opt = bruteForceOpt(witness, o.k).cost;
  if (opt !== found.opt) throw new Error(`worst-case search: OPT of the witness is ${opt}, the search said ${found.opt}`);
  if (check !== undefined) {
    const faults = simulate(check(o.k), witness, { universe: o.pages }).faults;
    if (BigInt(faults) !== found.alg) throw new Error(`worst-case search: ALG faults ${faults} on the witness, the search said ${found.alg}`);
  }
  return {
    alg: found.alg,
    denominator: found.denominator,
    opt: found.opt,
    witness,
    sequences: o.sequences,
    states: found.states,
    expectation,
    ratioText: lowest(found.alg, found.denominator * BigInt(found.opt)),
    byLength: found.byLength,
    algText: lowest(found.alg, found.denominator),
  };
}

function lowest(n: bigint, d: bigint): string {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  const g = gcd(n, d);
  return d / g === 1n ? `${n / g}` : `${n / g}/${d / g}`;
}

function firstOccurrenceOrder(requests: Int8Array): Int32Array {
  const ids = new Map<number, number>();
  return Int32Array.from(requests, (p) => {
    let id = ids.get(p);
    if (id === undefined) ids.set(p, (id = ids.size));
    return id;
  });
}
