/**
 * Request-sequence generators and adaptive adversaries: the cruel adversary and seeded synthetic
 * traces (uniform, Zipf, loop, working-set phases), behind one registry.
 * @module
 */
export * from "./generator.ts";
export * from "./registry.ts";
export { cruelRequests, cruelSequence, cruelOptUpperBound } from "./cruel.ts";
export { uniformRequests } from "./uniform.ts";
export { zipfRequests } from "./zipf.ts";
export { loopRequests } from "./loop.ts";
export { workingSetRequests } from "./working-set.ts";
export { targetedBitFlips, randomBitFlips, type BitFlipBudget } from "./bit-corruption.ts";
