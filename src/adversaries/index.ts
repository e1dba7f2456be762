/**
 * Request-sequence generators and adaptive adversaries: the cruel adversary and seeded synthetic
 * traces (uniform, Zipf, loop, working-set phases), behind one registry.
 * @module
 */
export * from "./generator.ts";
export * from "./registry.ts";
export { cruelRequests, cruelSequence, cruelOptUpperBound } from "./cruel.ts";
export { uniformRequests } from "./uniform.ts";
export { zipfRequests, rejectionInversionSampler, ZIPF_TABLE_MAX_UNIVERSE } from "./zipf.ts";
export { loopRequests } from "./loop.ts";
export { workingSetRequests, WORKING_SET_MAX_SHUFFLE } from "./working-set.ts";
