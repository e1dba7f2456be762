import { PolicyRegistry } from "./registry.ts";
import { lruInfo } from "./classical/lru.ts";
import { fifoInfo } from "./classical/fifo.ts";
import { fwfInfo } from "./classical/fwf.ts";
import { clockInfo } from "./classical/clock.ts";
import { lfuInfo } from "./classical/lfu.ts";
import { mruInfo } from "./classical/mru.ts";
import { randomInfo } from "./classical/random.ts";
import { markingInfo } from "./classical/marking.ts";
import { markerInfo } from "./classical/marker.ts";
import { beladyInfo } from "./offline/belady.ts";
import { optMarkingInfo } from "./offline/opt-marking.ts";
import { followDiscardInfo } from "./learning-augmented/follow-discard.ts";
import { followDiscardRandInfo } from "./learning-augmented/follow-discard-rand.ts";
import { markAndPredictInfo } from "./learning-augmented/mark-and-predict.ts";
import { blindOracleInfo } from "./learning-augmented/blind-oracle.ts";
import { followPredMarkingInfo } from "./learning-augmented/follow-pred-marking.ts";
import { predictiveMarkerInfo } from "./learning-augmented/predictive-marker.ts";
import { lmarkerInfo } from "./learning-augmented/lmarker.ts";
import { lnonmarkerInfo } from "./learning-augmented/lnonmarker.ts";
import { trustAndDoubtInfo } from "./learning-augmented/trust-and-doubt.ts";
import { combineDetInfo } from "./combiners/combine-det.ts";
import { combineRandInfo } from "./combiners/combine-rand.ts";
import { blindOracleLruInfo } from "./combiners/blind-oracle-lru.ts";
import { onlineMinInfo } from "./combiners/online-min.ts";
import { guardInfo } from "./combiners/guard.ts";
import { followerRobustInfo } from "./combiners/follower-robust.ts";
import { sieveInfo } from "./modern/sieve.ts";
import { s3FifoInfo } from "./modern/s3-fifo.ts";
import { lirsInfo } from "./modern/lirs.ts";
import { clockProInfo } from "./modern/clock-pro.ts";
import { wTinyLfuInfo } from "./modern/w-tinylfu.ts";
import { leCarInfo } from "./modern/lecar.ts";
import { cacheusInfo } from "./modern/cacheus.ts";
import { hyperbolicInfo } from "./modern/hyperbolic.ts";
import { arcInfo } from "./modern/arc.ts";
import { twoQInfo } from "./modern/two-q.ts";
import { slruInfo } from "./modern/slru.ts";
import { lfudaInfo } from "./modern/lfuda.ts";
import { lruKInfo } from "./modern/lru-k.ts";

/**
 * The registry of every paging policy in the project — the only place that lists them.
 * The CLI, benchmarks and checks look policies up here by name.
 */
export const policies = new PolicyRegistry();

for (const info of [
  lruInfo,
  fifoInfo,
  fwfInfo,
  clockInfo,
  lfuInfo,
  mruInfo,
  randomInfo,
  markingInfo,
  markerInfo,
  beladyInfo,
  optMarkingInfo,
  followDiscardInfo,
  followDiscardRandInfo,
  markAndPredictInfo,
  blindOracleInfo,
  followPredMarkingInfo,
  predictiveMarkerInfo,
  lmarkerInfo,
  lnonmarkerInfo,
  trustAndDoubtInfo,
  combineDetInfo,
  combineRandInfo,
  blindOracleLruInfo,
  onlineMinInfo,
  guardInfo,
  followerRobustInfo,
  sieveInfo,
  s3FifoInfo,
  lirsInfo,
  clockProInfo,
  wTinyLfuInfo,
  leCarInfo,
  cacheusInfo,
  hyperbolicInfo,
  arcInfo,
  twoQInfo,
  slruInfo,
  lfudaInfo,
  lruKInfo,
]) {
  policies.register(info);
}
