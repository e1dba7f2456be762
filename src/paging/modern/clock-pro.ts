import { InputError } from "../../errors.ts";
import type { Policy, RunContext } from "../core/policy.ts";
import type { CacheState } from "../core/cache.ts";
import type { PolicyInfo, PolicyOptions } from "../registry.ts";
import { IntList } from "../structures/int-list.ts";
import { OnePage } from "./one-page.ts";

/** Page states of {@link ClockPro} (OUT = not in the clock). */
const OUT = 0;
const HOT = 1;
/** Resident cold page, test period over. */
const COLD = 2;
/** Resident cold page in its test period. */
const COLD_TEST = 3;
/** Non-resident cold page, still in its test period. */
const GHOST = 4;

/** Parameters of {@link ClockPro}. */
export interface ClockProParams {
  /** Least resident cold pages, as a share of k (floor, at least 1): the cold target's floor. */
  readonly coldMin: number;
  /** Most resident cold pages, as a share of k (floor; at most k − floor of coldMin). */
  readonly coldMax: number;
  /** Most non-resident cold pages, as a multiple of k (the paper: m, i.e. 1). */
  readonly ghosts: number;
}

/** Defaults: cold target in [max(1, ⌊0.01k⌋), ⌊0.99k⌋], starting at its floor; k ghosts. */
export const CLOCK_PRO_DEFAULTS: ClockProParams = { coldMin: 0.01, coldMax: 0.99, ghosts: 1 };

/**
 * CLOCK-Pro (Jiang, Chen & Zhang, "CLOCK-Pro: An Effective Improvement of the CLOCK
 * Replacement", USENIX ATC 2005): LIRS's hot/cold distinction run by clock hands instead of an
 * LRU stack. One circular list holds every resident page and up to `ghosts`·k non-resident cold
 * pages in access order (head = newest). A hit only sets the page's reference bit. Three hands
 * sweep from the oldest entries towards the head and wrap:
 * - HAND_cold stops at the oldest resident cold page. Unreferenced: it is evicted (kept as a
 *   non-resident entry if still in its test period, else dropped). Referenced: the bit is
 *   cleared and the page moves to the head — as a hot page if it was in its test period (when
 *   HAND_hot can make room among the hot pages), else as a cold page starting a new test period.
 * - HAND_hot demotes the oldest unreferenced hot page to a resident cold page at the head,
 *   sparing referenced ones (bit cleared, moved to the head); the cold pages it passes end their
 *   test period (non-resident ones leave the list).
 * - HAND_test ends the test period of the oldest page in test when the ghosts exceed their bound.
 * A fault on a non-resident page still in its test period makes it hot (when HAND_hot can demote a
 * hot page for it), else it enters at the head as a cold page in test. The cold target m_c (how
 * many resident pages may be cold) grows by one when a page in test is re-referenced and shrinks
 * by one when a test period ends without a reference, within [coldMin·k, coldMax·k]; hot pages
 * are kept below k − m_c. While the cache fills, pages enter hot until k − m_c are, then cold.
 *
 * Not in libCacheSim at the anchored commit (aa0fc40, October 2024), so this is written from the
 * paper; the rules the paper leaves open follow the authors' simulator as the Caffeine simulator
 * documents it (promotion refused when HAND_hot reaches the candidate first; demoted and spared
 * pages move to the head). The tests cross-check it against a separate naive implementation of
 * the same rules. Competitiveness: none known. Amortized O(1) per request (each hand step
 * clears a bit, ends a test period or moves past an entry that a later step cannot revisit
 * without an intervening request).
 */
export class ClockPro implements Policy {
  private ring!: IntList;
  private state!: Uint8Array;
  private ref!: Uint8Array;
  private handHot = -1;
  private handCold = -1;
  private handTest = -1;
  private hot = 0;
  private residentCold = 0;
  private ghostCount = 0;
  private inTest = 0;
  private coldTarget = 0;
  private readonly minCold: number;
  private readonly maxCold: number;
  private readonly maxGhosts: number;
  private cache!: CacheState;

  constructor(
    readonly k: number,
    params: ClockProParams = CLOCK_PRO_DEFAULTS,
  ) {
    if (k < 2) throw new Error("ClockPro needs k ≥ 2 (use OnePage for k = 1)");
    this.minCold = Math.min(k - 1, Math.max(1, Math.floor(k * params.coldMin)));
    this.maxCold = Math.max(this.minCold, Math.min(k - this.minCold, Math.floor(k * params.coldMax)));
    this.maxGhosts = Math.floor(k * params.ghosts);
  }

  reset(ctx: RunContext): void {
    this.cache = ctx.cache;
    this.ring = new IntList(ctx.universe);
    this.state = new Uint8Array(ctx.universe);
    this.ref = new Uint8Array(ctx.universe);
    this.handHot = this.handCold = this.handTest = -1;
    this.hot = this.residentCold = this.ghostCount = this.inTest = 0;
    this.coldTarget = this.minCold;
  }

  onHit(page: number): void {
    this.ref[page] = 1;
  }

  makeRoom(): void {
    const cache = this.cache;
    const target = cache.size - 1;
    while (cache.size > target) this.runHandCold();
  }

  onInsert(page: number): void {
    const resident = this.cache.size; // the engine has admitted page already
    if (this.state[page] === GHOST) {
      // Re-referenced within its test period: the ghost's reuse distance beats the oldest hot page's.
      if (this.canPromote(page)) this.moveToHead(page, HOT);
      else this.moveToHead(page, COLD_TEST);
    } else if (this.k - (resident - 1) > this.minCold && this.state[page] === OUT) {
      this.moveToHead(page, HOT);
    } else {
      this.moveToHead(page, COLD_TEST);
    }
    this.ref[page] = 0;
    this.organizeHands();
  }

  private setState(p: number, s: number): void {
    const old = this.state[p];
    if (old === HOT) this.hot--;
    else if (old === COLD || old === COLD_TEST) this.residentCold--;
    else if (old === GHOST) this.ghostCount--;
    if (old === COLD_TEST || old === GHOST) this.inTest--;
    this.state[p] = s;
    if (s === HOT) this.hot++;
    else if (s === COLD || s === COLD_TEST) this.residentCold++;
    else if (s === GHOST) this.ghostCount++;
    if (s === COLD_TEST || s === GHOST) this.inTest++;
  }

  /** One step of a hand from `p` towards the head, wrapping to the oldest entry. */
  private step(p: number): number {
    const n = this.ring.after(p);
    return n === -1 ? this.ring.front() : n;
  }

  private moveToHead(p: number, s: number): void {
    if (this.state[p] !== OUT) this.unlink(p);
    this.ring.pushBack(p);
    this.setState(p, s);
  }

  /** Take p out of the list; a hand on it moves one step on. */
  private unlink(p: number): void {
    if (this.ring.size > 1) {
      const n = this.step(p);
      if (this.handCold === p) this.handCold = n;
      if (this.handHot === p) this.handHot = n;
      if (this.handTest === p) this.handTest = n;
    } else {
      this.handCold = this.handHot = this.handTest = -1;
    }
    this.ring.remove(p);
    this.setState(p, OUT);
  }

  private drop(p: number): void {
    this.unlink(p);
    this.ref[p] = 0;
  }

  private adjustColdTarget(delta: number): void {
    const c = this.coldTarget + delta;
    this.coldTarget = c < this.minCold ? this.minCold : c > this.maxCold ? this.maxCold : c;
  }

  /** A page in test was re-referenced: grow m_c, then make room among hot pages, unless HAND_hot reaches it first. */
  private canPromote(p: number): boolean {
    this.adjustColdTarget(1);
    while (this.hot >= this.k - this.coldTarget) {
      const s = this.state[p];
      if (s !== COLD_TEST && s !== GHOST) return false;
      if (!this.runHandHot(p)) return false;
    }
    return true;
  }

  private runHandCold(): void {
    if (this.handCold === -1 || (this.state[this.handCold] !== COLD && this.state[this.handCold] !== COLD_TEST)) this.nextHandCold();
    const c = this.handCold;
    if (this.ref[c] === 1) {
      this.ref[c] = 0;
      if (this.state[c] === COLD_TEST && this.canPromote(c)) this.moveToHead(c, HOT);
      else this.moveToHead(c, COLD_TEST);
    } else {
      if (this.state[c] === COLD_TEST) {
        this.setState(c, GHOST);
        this.handCold = this.step(c);
      } else {
        this.drop(c);
      }
      this.cache.evict(c);
      while (this.ghostCount > this.maxGhosts) this.runHandTest();
    }
    this.nextHandCold();
  }

  /** Demote the first unreferenced hot page between HAND_hot and `trigger`; false if none. */
  private runHandHot(trigger: number): boolean {
    let demoted = false;
    // No hot page since the hands were last placed: start from the oldest entry.
    if (this.handHot === -1) this.handHot = this.ring.front();
    while (this.handHot !== trigger) {
      const h = this.handHot;
      if (this.state[h] === HOT) {
        if (this.ref[h] === 1) {
          this.ref[h] = 0;
          this.moveToHead(h, HOT);
        } else {
          this.moveToHead(h, COLD);
          demoted = true;
          break;
        }
      } else {
        this.handHot = this.step(h);
        this.endTest(h);
      }
    }
    this.nextHandHot();
    return demoted;
  }

  private runHandTest(): void {
    if (this.handTest === -1) this.nextHandTest();
    this.endTest(this.handTest);
    this.nextHandTest();
  }

  /** End p's test period: a resident page stays cold, a ghost leaves; m_c follows the reference bit. */
  private endTest(p: number): void {
    const s = this.state[p];
    if (s !== COLD_TEST && s !== GHOST) return;
    if (s === COLD_TEST) this.setState(p, COLD);
    else this.drop(p);
    this.adjustColdTarget(this.ref[p] === 1 ? 1 : -1);
  }

  private nextHandCold(): void {
    if (this.residentCold === 0) {
      this.handCold = -1;
      return;
    }
    let c = this.handCold === -1 ? this.ring.front() : this.handCold;
    while (this.state[c] !== COLD && this.state[c] !== COLD_TEST) c = this.step(c);
    this.handCold = c;
  }

  private nextHandHot(): void {
    if (this.hot === 0) {
      this.handHot = -1;
      return;
    }
    if (this.handHot === -1) this.handHot = this.ring.front();
    while (this.state[this.handHot] !== HOT) {
      const passed = this.handHot;
      this.handHot = this.step(passed);
      this.endTest(passed);
    }
    this.nextHandTest();
  }

  private nextHandTest(): void {
    if (this.inTest === 0) {
      this.handTest = -1;
      return;
    }
    let t = this.handTest;
    if (t === -1) t = this.handHot === -1 ? this.ring.front() : this.handHot;
    while (this.state[t] !== COLD_TEST && this.state[t] !== GHOST) t = this.step(t);
    this.handTest = t;
  }

  private organizeHands(): void {
    this.nextHandCold();
    this.nextHandHot();
    this.nextHandTest();
  }
}

function share(key: string, value: number | string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0 && value <= max)) throw new InputError(`clock-pro: ${key} must be a number in (0, ${max}], got '${value}'`);
  return value;
}

/** Builds {@link ClockPro} (or {@link OnePage} at k = 1) from registry options. */
export function createClockPro(k: number, options: PolicyOptions): Policy {
  const p = options.params ?? {};
  const coldMin = share("cold-min", p["cold-min"], CLOCK_PRO_DEFAULTS.coldMin, 1);
  const coldMax = share("cold-max", p["cold-max"], CLOCK_PRO_DEFAULTS.coldMax, 1);
  if (coldMin > coldMax) throw new InputError(`clock-pro: cold-min ${coldMin} exceeds cold-max ${coldMax}`);
  const ghosts = share("ghosts", p.ghosts, CLOCK_PRO_DEFAULTS.ghosts, 16);
  return k === 1 ? new OnePage() : new ClockPro(k, { coldMin, coldMax, ghosts });
}

/** Registry entry of {@link ClockPro}. */
export const clockProInfo: PolicyInfo = {
  name: "clock-pro",
  aliases: ["clockpro"],
  family: "modern",
  summary: "hot/cold pages and test periods run by three clock hands (Jiang, Chen & Zhang, ATC'05); from the paper",
  offline: false,
  randomized: false,
  needs: [],
  params: {
    "cold-min": "floor of the adaptive cold target, share of k (default 0.01, at least 1 page)",
    "cold-max": "ceiling of the cold target, share of k (default 0.99)",
    ghosts: "most non-resident cold pages, multiple of k (default 1, the paper's m)",
  },
  create: createClockPro,
};
