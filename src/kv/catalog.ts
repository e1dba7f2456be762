/**
 * Every KV-cache policy and bound of the project, registered once; the CLI, the notebook and the
 * tests look them up here by name.
 * @module
 */
import { KvRegistry } from "./registry.ts";
import { h2oGreedyInfo } from "./policies/h2o-greedy.ts";
import { h2oInfo } from "./policies/h2o.ts";
import { streamingInfo } from "./policies/streaming.ts";
import { tovaInfo } from "./policies/tova.ts";
import { scissorhandsInfo } from "./policies/scissorhands.ts";
import { snapkvInfo } from "./policies/snapkv.ts";
import { lruAttentionInfo } from "./policies/lru-attention.ts";
import { randomInfo } from "./policies/random.ts";
import { optInfo } from "./offline/opt.ts";
import { topkInfo } from "./bounds/topk.ts";

/** The KV registry, in report order: online policies, then the offline optimum, then bounds. */
export const kvPolicies = new KvRegistry();

for (const entry of [
  h2oGreedyInfo,
  h2oInfo,
  streamingInfo,
  tovaInfo,
  scissorhandsInfo,
  snapkvInfo,
  lruAttentionInfo,
  randomInfo,
  optInfo,
  topkInfo,
]) {
  kvPolicies.register(entry);
}
