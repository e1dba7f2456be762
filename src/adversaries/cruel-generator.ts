import { policies } from "../paging/catalog.ts";
import { cruelSequence } from "./cruel.ts";
import { requestCountParam, type GeneratorInfo } from "./generator.ts";

/**
 * Registry entry of the cruel adversary ({@link cruelSequence}) against a registered online
 * policy with cache k: the sequence on which that policy faults on every request. The seed is
 * the policy's seed (randomized policies); the adversary itself is deterministic.
 */
export const cruelGenerator: GeneratorInfo = {
  name: "cruel",
  summary: "adaptive adversary: always request a page missing from the named policy's cache (k+1 pages)",
  params: [
    requestCountParam(10_000),
    { name: "k", description: "cache size of the attacked policy", kind: "int", default: 100, min: 1, max: 2 ** 24 },
    { name: "policy", description: "registered online policy to attack", kind: "string", default: "lru" },
    { name: "universe", description: "pages (0 = k+1)", kind: "int", default: 0, min: 0, max: 2 ** 31 - 1 },
  ],
  generate: (p, seed) =>
    cruelSequence(policies.create(p.policy as string, p.k as number, { seed }), p.n as number, cruelUniverse(p)),
  universe: (p) => cruelUniverse(p),
  // The warm-up requests pages 0..k−1, the next request page k (see cruelRequests).
  minDistinct: (p) => Math.min(p.n as number, (p.k as number) + 1),
};

function cruelUniverse(p: Readonly<Record<string, number | string>>): number {
  return (p.universe as number) === 0 ? (p.k as number) + 1 : (p.universe as number);
}
