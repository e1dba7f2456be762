import type { Fraction } from "mathjs";
import { InputError } from "../errors.ts";
import { policies } from "../paging/catalog.ts";
import { hasCanonicalState } from "../paging/core/canonical-state.ts";
import { checkCacheSize } from "../paging/core/cache.ts";
import type { Policy } from "../paging/core/policy.ts";
import { simulate } from "../paging/core/simulate.ts";
import { bruteForceOpt, BRUTE_FORCE_MAX_PAGES } from "./brute-force-opt.ts";
import { frac } from "./exact.ts";
import { markerExpectedFaults } from "./marker-exact.ts";
import { markerModel, randomModel, replayModel, type SearchModel } from "./search-models.ts";
import { worstCaseRatio } from "./worst-case.ts";
import { Scratch, WorkFunction } from "./work-function.ts";

/** Randomized policies whose exact expectation the worst-case search can follow, by registry name. */
export const EXACT_WORST_CASE_RANDOMIZED = ["marker", "random"] as const;

/** Default cap on the distinct states of one length (see {@link ExactWorstCaseOptions.maxStates}). */
export const DEFAULT_MAX_STATES = 1 << 20;

/** Default cap on the sequences the fallback enumeration examines. */
export const DEFAULT_MAX_SEQUENCES = 1 << 22;

/** Options of {@link exactWorstCase}. */
export interface ExactWorstCaseOptions {
  /** Cache size of both ALG and OPT. */
  readonly k: number;
  /** Every request sequence of length 1..maxLength is covered. */
  readonly maxLength: number;
  /** Pages `0..pages-1` (default k+1). At most {@link BRUTE_FORCE_MAX_PAGES}. */
  readonly pages?: number;
  /**
   * Most distinct states one length may hold (state search); exceeding it is an
   * {@link InputError}, raised before the states beyond it are stored. Default 2^20.
   */
  readonly maxStates?: number;
  /**
   * Most sequences the fallback enumeration (policies without `canonicalState`) may examine,
   * checked before it starts. Default 2^22.
   */
  readonly maxSequences?: number;
}

/** Result of {@link exactWorstCase}. */
export interface ExactWorstCase {
  /** max over the sequences of ALG/OPT (E[ALG]/OPT for a randomized policy), exactly. */
  readonly ratio: Fraction;
  /** ALG's faults (expected faults) on the witness. */
  readonly alg: Fraction;
  /** OPT's faults on the witness (≥ 1: the first request is a cold miss for everyone). */
  readonly opt: number;
  /** A shortest sequence attaining the ratio, its pages named in order of first request (0, 1, …). */
  readonly witness: Int32Array;
  /** Sequences covered: those of length 1..maxLength up to renaming pages (see {@link canonicalSequenceCount}). */
  readonly sequences: number;
  /**
   * Distinct (ALG state, OPT frontier) pairs up to renaming, summed over lengths, for the state
   * search; the sequences examined, for the fallback enumeration.
   */
  readonly states: number;
  /** `states`: dynamic programming over states; `sequences`: enumeration with re-simulation of prefixes. */
  readonly method: "states" | "sequences";
  /** True when ALG is a randomized policy's exact expectation. */
  readonly expectation: boolean;
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

/**
 * The exact worst case of an online paging policy over every request sequence of length
 * 1..maxLength on `pages` pages: max ALG/OPT with a shortest witness. Both count cold misses
 * (both caches start empty) and the ratio has no additive constant; OPT ≥ 1 on every non-empty
 * sequence, so the ratio is always defined. For a randomized policy ALG is its exact expected
 * number of faults (oblivious adversary); supported: {@link EXACT_WORST_CASE_RANDOMIZED}.
 *
 * Method. Rather than simulating every sequence, it runs a dynamic program over lengths whose
 * states are pairs (ALG's state, OPT's frontier — the pruned work function of
 * {@link WorkFunction}) up to renaming pages; runs reaching the same state are merged, keeping
 * per state the Pareto set of (ALG cost, OPT cost) pairs (more ALG, less OPT), because the
 * ratio is not additive: two runs with the same state have the same future costs, so a run
 * dominated in both costs can never give the larger final ratio. ALG's state comes from the
 * policy's `canonicalState` (see `CanonicalState`; LRU, FIFO, FWF, CLOCK, Marking, MRU) or, for
 * Marker and Random, from a distribution model written from their definitions. A policy with
 * neither falls back to {@link worstCaseRatio} (enumeration with re-simulation of prefixes),
 * refused beyond `maxSequences`.
 *
 * `policy` is a registry name or a factory `(k) => Policy` (taken to be deterministic). The
 * witness of a deterministic policy is re-simulated, and Marker's recomputed with
 * `markerExpectedFaults`, before returning; a mismatch is an internal error.
 */
export function exactWorstCase(policy: string | ((k: number) => Policy), options: ExactWorstCaseOptions): ExactWorstCase {
  const { k, maxLength } = options;
  checkCacheSize(k);
  const pages = options.pages ?? k + 1;
  if (!Number.isSafeInteger(maxLength) || maxLength < 1) throw new InputError(`maxLength must be a positive integer, got ${maxLength}`);
  if (!Number.isInteger(pages) || pages < 1 || pages > BRUTE_FORCE_MAX_PAGES) {
    throw new InputError(`pages must be an integer in 1..${BRUTE_FORCE_MAX_PAGES}, got ${pages}`);
  }
  if (maxLength > 127) throw new InputError(`maxLength must be at most 127, got ${maxLength}`);
  const sequences = Number(canonicalSequenceCount(pages, maxLength));
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;

  let name: string | undefined;
  let make: (size: number) => Policy;
  if (typeof policy === "string") {
    const info = policies.get(policy);
    if (info.offline) throw new InputError(`worst-case search needs an online policy, '${policy}' is offline`);
    if (info.needs.length > 0) throw new InputError(`worst-case search runs without predictions, and '${policy}' needs them`);
    name = info.name;
    if (info.randomized) {
      if (name === "marker") return finish(search(markerModel(k, maxLength), k, pages, maxLength, maxStates), "marker", k, sequences, true);
      if (name === "random") return finish(search(randomModel(k, maxLength), k, pages, maxLength, maxStates), undefined, k, sequences, true);
      throw new InputError(
        `no exact expectation for the randomized policy '${policy}'; the worst-case search supports ${EXACT_WORST_CASE_RANDOMIZED.join(", ")} and every deterministic online policy`,
      );
    }
    make = (size) => policies.create(info.name, size);
  } else make = policy;

  const instance = make(k);
  if (instance.offline) throw new InputError("worst-case search needs an online policy");
  if (hasCanonicalState(instance)) {
    const found = search(replayModel(instance, pages), k, pages, maxLength, maxStates);
    return finish(found, make, k, sequences, false);
  }
  const cap = options.maxSequences ?? DEFAULT_MAX_SEQUENCES;
  if (sequences > cap) {
    throw new InputError(
      `${name ?? "this policy"} has no canonical state, so every one of the ${sequences} sequences would be simulated (limit ${cap}); lower the length or the pages`,
    );
  }
  const w = worstCaseRatio(make, { k, maxLength, universe: pages });
  return {
    ratio: w.ratio,
    alg: frac(w.alg),
    opt: w.opt,
    witness: w.witness,
    sequences,
    states: w.sequences,
    method: "sequences",
    expectation: false,
  };
}

interface Found {
  alg: bigint;
  opt: number;
  requests: Int8Array;
  denominator: bigint;
  states: number;
}

function search<S>(model: SearchModel<S>, k: number, pages: number, maxLength: number, maxStates: number): Found {
  const scratch = new Scratch();
  const D = model.denominator;
  let level = new Map<string, Entry<S>>();
  level.set("", { state: model.initial(), frontier: WorkFunction.initial(k, pages), pairs: [{ alg: 0n, opt: 0, requests: new Int8Array(0) }] });
  let best: Pair | undefined;
  let states = 0;
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
  }
  return { ...best!, denominator: D, states };
}

function finish(
  found: Found,
  check: ((size: number) => Policy) | "marker" | undefined,
  k: number,
  sequences: number,
  expectation: boolean,
): ExactWorstCase {
  const witness = firstOccurrenceOrder(found.requests);
  const alg = frac(found.alg, found.denominator);
  const opt = bruteForceOpt(witness, k).cost;
  if (opt !== found.opt) throw new Error(`worst-case search: OPT of the witness is ${opt}, the search said ${found.opt}`);
  if (check === "marker") {
    if (!markerExpectedFaults(witness, k).equals(alg)) throw new Error("worst-case search: Marker's expectation on the witness differs");
  } else if (check !== undefined) {
    const faults = simulate(check(k), witness).faults;
    if (!frac(faults).equals(alg)) throw new Error(`worst-case search: ALG faults ${faults} on the witness, the search said ${found.alg}`);
  }
  return {
    ratio: frac(found.alg, found.denominator * BigInt(found.opt)),
    alg,
    opt: found.opt,
    witness,
    sequences,
    states: found.states,
    method: "states",
    expectation,
  };
}

function firstOccurrenceOrder(requests: Int8Array): Int32Array {
  const ids = new Map<number, number>();
  return Int32Array.from(requests, (p) => {
    let id = ids.get(p);
    if (id === undefined) ids.set(p, (id = ids.size));
    return id;
  });
}
