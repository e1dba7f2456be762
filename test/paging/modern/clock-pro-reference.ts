/**
 * A deliberately naive CLOCK-Pro for cross-checking `ClockPro`: the same rules (see its TSDoc),
 * written over a plain array (oldest entry first) with `indexOf`/`splice`, page states in a Map,
 * and every count recomputed by scanning instead of kept incrementally. O(k) per step; tests only.
 */
type State = "hot" | "cold" | "coldTest" | "ghost";

export class NaiveClockPro {
  private ring: number[] = [];
  private state = new Map<number, State>();
  private ref = new Set<number>();
  private handHot: number | null = null;
  private handCold: number | null = null;
  private handTest: number | null = null;
  private coldTarget: number;
  private readonly minCold: number;
  private readonly maxCold: number;
  private readonly maxGhosts: number;

  constructor(
    private readonly k: number,
    coldMin = 0.01,
    coldMax = 0.99,
    ghosts = 1,
  ) {
    this.minCold = Math.min(k - 1, Math.max(1, Math.floor(k * coldMin)));
    this.maxCold = Math.max(this.minCold, Math.min(k - this.minCold, Math.floor(k * coldMax)));
    this.maxGhosts = Math.floor(k * ghosts);
    this.coldTarget = this.minCold;
  }

  private count(pred: (s: State) => boolean): number {
    return this.ring.filter((p) => pred(this.state.get(p)!)).length;
  }
  private isResident(p: number): boolean {
    const s = this.state.get(p);
    return s === "hot" || s === "cold" || s === "coldTest";
  }
  private isResidentCold(p: number): boolean {
    const s = this.state.get(p);
    return s === "cold" || s === "coldTest";
  }
  private inTest(p: number): boolean {
    const s = this.state.get(p);
    return s === "coldTest" || s === "ghost";
  }
  private residents(): number {
    return this.ring.filter((p) => this.isResident(p)).length;
  }
  private next(p: number): number {
    return this.ring[(this.ring.indexOf(p) + 1) % this.ring.length];
  }
  private unlink(p: number): void {
    if (this.ring.length > 1) {
      const n = this.next(p);
      if (this.handCold === p) this.handCold = n;
      if (this.handHot === p) this.handHot = n;
      if (this.handTest === p) this.handTest = n;
    } else {
      this.handCold = this.handHot = this.handTest = null;
    }
    this.ring.splice(this.ring.indexOf(p), 1);
    this.state.delete(p);
  }
  private toHead(p: number, s: State): void {
    if (this.state.has(p)) this.unlink(p);
    this.ring.push(p);
    this.state.set(p, s);
  }
  private adjust(d: number): void {
    this.coldTarget = Math.min(this.maxCold, Math.max(this.minCold, this.coldTarget + d));
  }

  /** Serve one request; returns whether it hit and the pages evicted. */
  request(p: number): { hit: boolean; evicted: number[] } {
    if (this.isResident(p)) {
      this.ref.add(p);
      return { hit: true, evicted: [] };
    }
    const evicted: number[] = [];
    if (this.residents() === this.k) {
      while (evicted.length === 0) this.handColdStep(evicted);
    }
    if (this.state.get(p) === "ghost") {
      this.toHead(p, this.promotable(p) ? "hot" : "coldTest");
    } else if (this.k - this.residents() > this.minCold && !this.state.has(p)) {
      this.toHead(p, "hot");
    } else {
      this.toHead(p, "coldTest");
    }
    this.ref.delete(p);
    this.fixCold();
    this.fixHot();
    this.fixTest();
    return { hit: false, evicted };
  }

  private promotable(p: number): boolean {
    this.adjust(1);
    while (this.count((s) => s === "hot") >= this.k - this.coldTarget) {
      if (!this.inTest(p)) return false;
      if (!this.handHotRun(p)) return false;
    }
    return true;
  }

  private handColdStep(evicted: number[]): void {
    if (this.handCold === null || !this.isResidentCold(this.handCold)) this.fixCold();
    const c = this.handCold!;
    if (this.ref.has(c)) {
      this.ref.delete(c);
      if (this.state.get(c) === "coldTest" && this.promotable(c)) this.toHead(c, "hot");
      else this.toHead(c, "coldTest");
    } else {
      if (this.state.get(c) === "coldTest") {
        this.state.set(c, "ghost");
        this.handCold = this.next(c);
      } else {
        this.unlink(c);
      }
      evicted.push(c);
      while (this.count((s) => s === "ghost") > this.maxGhosts) {
        if (this.handTest === null) this.fixTest();
        this.endTest(this.handTest!);
        this.fixTest();
      }
    }
    this.fixCold();
  }

  private handHotRun(trigger: number): boolean {
    let demoted = false;
    if (this.handHot === null) this.handHot = this.ring[0];
    while (this.handHot !== trigger) {
      const h = this.handHot!;
      if (this.state.get(h) === "hot") {
        if (this.ref.has(h)) {
          this.ref.delete(h);
          this.toHead(h, "hot");
        } else {
          this.toHead(h, "cold");
          demoted = true;
          break;
        }
      } else {
        this.handHot = this.next(h);
        this.endTest(h);
      }
    }
    this.fixHot();
    return demoted;
  }

  private endTest(p: number): void {
    const s = this.state.get(p);
    if (s !== "coldTest" && s !== "ghost") return;
    if (s === "coldTest") this.state.set(p, "cold");
    else {
      this.unlink(p);
      this.ref.delete(p);
    }
    this.adjust(this.ref.has(p) ? 1 : -1);
  }

  private fixCold(): void {
    if (this.count((s) => s === "cold" || s === "coldTest") === 0) {
      this.handCold = null;
      return;
    }
    let c = this.handCold ?? this.ring[0];
    while (!this.isResidentCold(c)) c = this.next(c);
    this.handCold = c;
  }

  private fixHot(): void {
    if (this.count((s) => s === "hot") === 0) {
      this.handHot = null;
      return;
    }
    if (this.handHot === null) this.handHot = this.ring[0];
    while (this.state.get(this.handHot!) !== "hot") {
      const passed: number = this.handHot!;
      this.handHot = this.next(passed);
      this.endTest(passed);
    }
    this.fixTest();
  }

  private fixTest(): void {
    if (this.count((s) => s === "coldTest" || s === "ghost") === 0) {
      this.handTest = null;
      return;
    }
    let t = this.handTest ?? this.handHot ?? this.ring[0];
    while (!this.inTest(t)) t = this.next(t);
    this.handTest = t;
  }
}
