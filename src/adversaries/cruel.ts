import { InputError } from "../errors.ts";
import type { Policy } from "../paging/core/policy.ts";
import { Stepper } from "../paging/core/simulate.ts";

/**
 * The cruel adversary (Sleator & Tarjan, CACM 1985; Borodin & El-Yaniv ch. 3): over a universe
 * of k+1 pages, always request a page missing from ALG's cache — the smallest such id when
 * several are missing (FWF after a flush, or during warm-up). It serves each request to `policy`
 * through a {@link Stepper} before choosing the next, so it adapts to what ALG did.
 *
 * Guarantees, for any online `policy` with cache k (deterministic, or randomized with its seed
 * fixed): every request faults, so ALG = n; and since the sequence uses only k+1 pages,
 * OPT ≤ k + ⌈(n−k)/k⌉ for n ≥ k (after the k cold misses, Belady's rule leaves the one missing
 * page to be requested only after the k−1 other cached pages, so its faults are ≥ k requests
 * apart). Hence ALG/OPT ≥ n/(k + ⌈(n−k)/k⌉) → k: no deterministic online algorithm is better
 * than k-competitive. Tag (T4) in `paging-theory.md`.
 *
 * Yields the n requested pages, in order. The policy instance is reset by the stepper and must
 * not be in use elsewhere. `universe` defaults to k+1 and must be at least k+1, so that a page
 * is always missing; since at most k pages are cached, the smallest missing page is always at
 * most k, so pages beyond k are never requested and a larger universe costs nothing (the
 * stepper tracks k+1 pages). Time: O(1) amortized per request plus the policy's own step.
 */
export function cruelRequests(policy: Policy, n: number, universe = policy.k + 1): Generator<number, void, undefined> {
  // Validate now, not at the first next(): a generator body only runs when iterated.
  checkArguments(policy, n, universe);
  return serve(policy, n, universe);
}

function checkArguments(policy: Policy, n: number, universe: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`cruel adversary: n must be a non-negative integer, got ${n}`);
  if (!Number.isSafeInteger(universe) || universe <= policy.k) {
    throw new InputError(`cruel adversary: the universe (${universe}) must exceed the cache size k = ${policy.k}`);
  }
  if (policy.offline) throw new InputError("cruel adversary: the attacked policy must be online");
}

function* serve(policy: Policy, n: number, _universe: number): Generator<number, void, undefined> {
  // Only pages 0..k are ever requested (see cruelRequests), whatever the universe.
  const stepper = new Stepper(policy, policy.k + 1);
  const cache = stepper.cache;
  const resident = cache.resident;
  // Every page below `low` is resident, so the smallest missing page is the first one from
  // `low` on. A request raises it past the page; an eviction lowers it to the evicted page.
  // With a full cache over k+1 pages there is one hole, the page just evicted: O(1) a request.
  let low = 0;
  for (let i = 0; i < n; i++) {
    let page = low;
    while (resident[page] === 1) page++;
    const outcome = stepper.request(page);
    if (outcome.hit) throw new Error(`cruel adversary: request ${i} to a missing page ${page} hit`);
    low = page + 1;
    if (cache.size === policy.k && outcome.evicted.length === 1) low = outcome.evicted[0];
    else for (const evicted of outcome.evicted) if (evicted < low) low = evicted;
    yield page;
  }
}

/** The n requests of {@link cruelRequests} against `policy`, as an `Int32Array`. */
export function cruelSequence(policy: Policy, n: number, universe = policy.k + 1): Int32Array {
  checkArguments(policy, n, universe);
  const out = new Int32Array(n);
  let i = 0;
  for (const page of cruelRequests(policy, n, universe)) out[i++] = page;
  return out;
}

/**
 * The bound OPT ≤ k + ⌈(n−k)/k⌉ on any sequence over k+1 pages (n ≥ k; n itself below k),
 * hence the ratio n/(k + ⌈(n−k)/k⌉) the cruel adversary forces. See {@link cruelRequests}.
 */
export function cruelOptUpperBound(n: number, k: number): number {
  return n <= k ? n : k + Math.ceil((n - k) / k);
}
