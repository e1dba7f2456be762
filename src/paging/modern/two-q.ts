import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo, PolicyOptions } from "../registry.ts";
import { IntQueues } from "../structures/int-queues.ts";
import { numberParam } from "./params.ts";

const A1IN = 0;
const AM = 1;
const A1OUT = 2;

/**
 * 2Q, the full version (Johnson & Shasha, "2Q: A Low Overhead High Performance Buffer
 * Management Replacement Algorithm", VLDB'94). A missed page enters A1in, a FIFO of
 * K_in = ⌊k·`ain-size-ratio`⌋ resident pages; a hit there changes nothing. When the cache is
 * full and A1in holds more than K_in pages, A1in's oldest page is evicted and its id remembered
 * in A1out, a FIFO of K_out = ⌊k·`aout-size-ratio`⌋ ghosts; otherwise Am's LRU page is evicted
 * (and forgotten). A miss on a page remembered in A1out enters Am, an LRU list of the other
 * k − K_in slots; a hit in Am moves the page to Am's MRU end.
 *
 * Exactly libCacheSim's `TwoQ.c` with its defaults (the paper's recommended K_in = 25 %,
 * K_out = 50 %) for unit sizes whenever K_in ≥ 1, i.e. k·ratio ≥ 1 (tested miss for miss on
 * the shared traces). Departure: for K_in = 0 (k < 4 by default) libCacheSim refuses to cache
 * anything (every request misses and nothing is admitted), which demand paging cannot do; here
 * K_in is at least 1 and A1in is also the victim whenever Am is empty.
 *
 * Competitiveness: no competitive bound for 2Q is known to us, and none is claimed here
 * (UNVERIFIED). O(1) per request.
 */
export class TwoQ implements Policy {
  /** K_in: A1in holds more than this many pages before it gives up its oldest. */
  readonly inCapacity: number;
  /** K_out: ghosts remembered in A1out. */
  readonly outCapacity: number;
  private queues!: IntQueues;
  private cache!: CacheState;
  /** Request time whose page was found in A1out by makeRoom (which runs before onInsert). */
  private ghostHitAt = -1;

  /**
   * @param k cache size
   * @param inRatio K_in / k, in (0, 1) (libCacheSim's `Ain-size-ratio`, default 0.25)
   * @param outRatio K_out / k, ≥ 0 (libCacheSim's `Aout-size-ratio`, default 0.5)
   */
  constructor(
    readonly k: number,
    inRatio = 0.25,
    outRatio = 0.5,
  ) {
    // libCacheSim truncates k·ratio to an integer (int64 cast of a double product).
    this.inCapacity = Math.max(1, Math.floor(k * inRatio));
    this.outCapacity = Math.floor(k * outRatio);
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.queues = new IntQueues(ctx.universe, 3);
    this.ghostHitAt = -1;
  }

  onHit(page: number): void {
    const q = this.queues;
    if (q.queueOf(page) === AM) q.moveToBack(page, AM);
  }

  makeRoom(page: number, t: number): void {
    const q = this.queues;
    // A remembered page leaves A1out before the victim's id joins it (as in libCacheSim, whose
    // lookup drops the ghost first), so it cannot be the ghost pushed out to make room.
    if (q.queueOf(page) === A1OUT) {
      q.remove(page);
      this.ghostHitAt = t;
    }
    if (q.length(A1IN) > this.inCapacity || q.length(AM) === 0) {
      const victim = q.front(A1IN);
      if (this.outCapacity > 0) {
        if (q.length(A1OUT) >= this.outCapacity) q.popFront(A1OUT);
        q.moveToBack(victim, A1OUT);
      } else {
        q.remove(victim);
      }
      this.cache.evict(victim);
    } else {
      this.cache.evict(q.popFront(AM));
    }
  }

  onInsert(page: number, t: number): void {
    const q = this.queues;
    if (q.queueOf(page) === A1OUT) q.moveToBack(page, AM);
    else q.pushBack(page, this.ghostHitAt === t ? AM : A1IN);
  }
}

/** Builds {@link TwoQ} from registry options. */
function createTwoQ(k: number, o: PolicyOptions): TwoQ {
  const inRatio = numberParam("2q", o.params, "ain-size-ratio", 0.25, { min: 0, max: 1 });
  if (inRatio <= 0 || inRatio >= 1) throw new InputError(`2q: parameter ain-size-ratio must be in (0, 1), got '${inRatio}'`);
  const outRatio = numberParam("2q", o.params, "aout-size-ratio", 0.5, { min: 0, max: 1024 });
  return new TwoQ(k, inRatio, outRatio);
}

/** Registry entry of {@link TwoQ}. */
export const twoQInfo: PolicyInfo = {
  name: "2q",
  aliases: ["twoq"],
  family: "modern",
  summary: "FIFO probation A1in, ghost FIFO A1out, LRU main Am (Johnson & Shasha, VLDB'94; no known bound); libCacheSim-exact",
  offline: false,
  randomized: false,
  needs: [],
  params: {
    "ain-size-ratio": "A1in's share K_in/k of the cache, in (0, 1) (default 0.25, libCacheSim's and the paper's)",
    "aout-size-ratio": "ghosts remembered in A1out, as a fraction of k (default 0.5)",
  },
  create: createTwoQ,
};
