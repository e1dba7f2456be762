import type { CanonicalState } from "../paging/core/canonical-state.ts";
import type { Policy } from "../paging/core/policy.ts";
import { simulate } from "../paging/core/simulate.ts";
import { popcount } from "./page-masks.ts";

/**
 * An online algorithm as `exactWorstCase` explores it: a state after each prefix, the cost of
 * serving one more request (an integer over a fixed `denominator`, so expectations stay exact
 * in bigint arithmetic), and a description of the state up to renaming pages.
 *
 * Renaming contract (as for {@link CanonicalState}): `step` appends to `order` the pages the
 * new state distinguishes by role and returns a description in terms of positions; pages
 * outside `order` get labels from `signature` (ties broken by id, which is sound, only less
 * merging); `encode(s, label)` describes what the description left out, in the new labels. Two
 * states with equal (order length, description, encoding) behave identically up to renaming.
 */
export interface SearchModel<S> {
  /** Every cost is an integer multiple of 1/denominator. */
  readonly denominator: bigint;
  /** The state before any request. */
  initial(): S;
  /** Serve `page`; the new state, its cost (numerator), and its description. */
  step(state: S, page: number, order: number[]): { next: S; cost: bigint; description: string };
  /** A renaming-invariant label of page p in `state` (pages outside `order` only). */
  signature(state: S, page: number): string;
  /** The part of the state the description does not give, with page p renamed `label[p]`. */
  encode(state: S, label: Int32Array): string;
  /** The same state with page p renamed `label[p]`. */
  rename(state: S, label: Int32Array): S;
}

/** A deterministic policy's state: the prefix that leads to it (replayed on demand) and its faults. */
export interface ReplayState {
  readonly requests: Int8Array;
  readonly faults: number;
}

/**
 * A deterministic policy with {@link CanonicalState}, explored by replay: a state is a prefix,
 * and serving a request re-runs the batch engine on prefix + request (prefixes are short), then
 * asks the policy for its canonical state. The policy instance is reset by every replay.
 */
export function replayModel(policy: Policy & CanonicalState, pages: number): SearchModel<ReplayState> {
  return {
    denominator: 1n,
    initial: () => ({ requests: new Int8Array(0), faults: 0 }),
    step(state, page, order) {
      const requests = new Int8Array(state.requests.length + 1);
      requests.set(state.requests);
      requests[state.requests.length] = page;
      const faults = simulate(policy, Int32Array.from(requests), { universe: pages }).faults;
      const description = policy.canonicalState(order);
      return { next: { requests, faults }, cost: BigInt(faults - state.faults), description };
    },
    signature: () => "",
    encode: () => "",
    rename: (state, label) => ({ requests: state.requests.map((p) => label[p]), faults: state.faults }),
  };
}

/** A probability distribution over bitmask states, as integer numerators over a fixed denominator. */
export type Distribution = ReadonlyMap<number, bigint>;

function lcmUpTo(k: number): bigint {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  let l = 1n;
  for (let i = 2n; i <= BigInt(k); i++) l = (l * i) / gcd(l, i);
  return l;
}

function renameMask(mask: number, label: Int32Array): number {
  let m = 0;
  for (let rest = mask; rest !== 0; rest &= rest - 1) m |= 1 << label[31 - Math.clz32(rest & -rest)];
  return m;
}

/**
 * Marker (randomized marking, Fiat et al. 1991) as the distribution over its (resident, marked)
 * sets, written from the definition as in `markerExpectedFaults`: a hit marks; a fault with room
 * loads the page marked; a fault with a full cache first unmarks all if all are marked, then
 * evicts each unmarked page with equal probability. Probabilities are numerators over
 * lcm(1..k)^maxLength, so every division on at most maxLength requests is exact.
 */
export function markerModel(k: number, maxLength: number): SearchModel<Distribution> {
  const denominator = lcmUpTo(k) ** BigInt(maxLength);
  const key = (resident: number, marked: number) => resident * 65536 + marked;
  return {
    denominator,
    initial: () => new Map([[0, denominator]]),
    step(state, page) {
      const bit = 1 << page;
      const next = new Map<number, bigint>();
      const put = (resident: number, marked: number, p: bigint) => {
        const kk = key(resident, marked);
        next.set(kk, (next.get(kk) ?? 0n) + p);
      };
      let cost = 0n;
      for (const [kk, p] of state) {
        const resident = Math.floor(kk / 65536);
        let marked = kk % 65536;
        if ((resident & bit) !== 0) {
          put(resident, marked | bit, p);
          continue;
        }
        cost += p;
        if (popcount(resident) < k) {
          put(resident | bit, marked | bit, p);
          continue;
        }
        if ((resident & ~marked) === 0) marked = 0;
        const unmarked = resident & ~marked;
        const share = p / BigInt(popcount(unmarked));
        for (let rest = unmarked; rest !== 0; rest &= rest - 1) put((resident ^ (rest & -rest)) | bit, marked | bit, share);
      }
      return { next, cost, description: "" };
    },
    signature(state, page) {
      const bit = 1 << page;
      let resident = 0n;
      let marked = 0n;
      for (const [kk, p] of state) {
        if ((Math.floor(kk / 65536) & bit) !== 0) resident += p;
        if ((kk % 65536 & bit) !== 0) marked += p;
      }
      return `${resident}/${marked}`;
    },
    encode(state, label) {
      const entries: string[] = [];
      for (const [kk, p] of state) {
        entries.push(`${renameMask(Math.floor(kk / 65536), label) * 65536 + renameMask(kk % 65536, label)}:${p}`);
      }
      return entries.sort().join(",");
    },
    rename(state, label) {
      const out = new Map<number, bigint>();
      for (const [kk, p] of state) out.set(renameMask(Math.floor(kk / 65536), label) * 65536 + renameMask(kk % 65536, label), p);
      return out;
    },
  };
}

/**
 * Random eviction (evict a uniformly random resident page) as the distribution over its resident
 * sets, written from the definition; numerators over k^maxLength.
 */
export function randomModel(k: number, maxLength: number): SearchModel<Distribution> {
  const denominator = BigInt(k) ** BigInt(maxLength);
  return {
    denominator,
    initial: () => new Map([[0, denominator]]),
    step(state, page) {
      const bit = 1 << page;
      const next = new Map<number, bigint>();
      const put = (resident: number, p: bigint) => next.set(resident, (next.get(resident) ?? 0n) + p);
      let cost = 0n;
      for (const [resident, p] of state) {
        if ((resident & bit) !== 0) {
          put(resident, p);
          continue;
        }
        cost += p;
        if (popcount(resident) < k) {
          put(resident | bit, p);
          continue;
        }
        const share = p / BigInt(k);
        for (let rest = resident; rest !== 0; rest &= rest - 1) put((resident ^ (rest & -rest)) | bit, share);
      }
      return { next, cost, description: "" };
    },
    signature(state, page) {
      let resident = 0n;
      for (const [mask, p] of state) if ((mask & (1 << page)) !== 0) resident += p;
      return String(resident);
    },
    encode(state, label) {
      const entries: string[] = [];
      for (const [mask, p] of state) entries.push(`${renameMask(mask, label)}:${p}`);
      return entries.sort().join(",");
    },
    rename(state, label) {
      const out = new Map<number, bigint>();
      for (const [mask, p] of state) out.set(renameMask(mask, label), p);
      return out;
    },
  };
}
