import { describe, expect, it } from "vitest";
import { kvPolicies } from "../../src/kv/catalog.ts";
import { evaluateEntry } from "../../src/kv/evaluate.ts";
import { OptPolicy } from "../../src/kv/offline/opt.ts";
import { readAttentionTrace } from "../../src/kv/reader.ts";
import { replay } from "../../src/kv/replay.ts";
import type { KvResult } from "../../src/kv/result.ts";
import { attentionTracePath } from "../helpers/paths.ts";

/**
 * Full runs on the three shared attention traces at a 20% budget (k = 102 of T = 512), every
 * layer and head. The mean kept masses are regression values of this implementation (6 digits);
 * the inequalities and the dual certificates are the real checks.
 */
const GOLDEN: Record<string, Record<string, number>> = {
  "attn-prose-1": { "h2o-greedy": 0.413858, h2o: 0.844409, streaming: 0.853184, tova: 0.867462, scissorhands: 0.877532, snapkv: 0.865364, "lru-attention": 0.878956, random: 0.781426, opt: 0.889198, topk: 0.897624 },
  "attn-code-1": { "h2o-greedy": 0.421117, h2o: 0.834686, streaming: 0.835604, tova: 0.856046, scissorhands: 0.87085, snapkv: 0.853497, "lru-attention": 0.870297, random: 0.763921, opt: 0.88992, topk: 0.902008 },
  "attn-code-2": { "h2o-greedy": 0.418503, h2o: 0.839146, streaming: 0.846192, tova: 0.868957, scissorhands: 0.87931, snapkv: 0.867534, "lru-attention": 0.880642, random: 0.764837, opt: 0.895508, topk: 0.903232 },
};

describe("KV policies on the shared attention traces (k = 102)", () => {
  for (const name of Object.keys(GOLDEN)) {
    it(name, async () => {
      const trace = await readAttentionTrace(attentionTracePath(`${name}.bin.gz`));
      const k = 102;
      // opt is replayed directly (once) so that its per-head dual certificates can be read.
      const instances: OptPolicy[] = [];
      const opt = replay(trace, () => {
        const p = new OptPolicy();
        instances.push(p);
        return p;
      }, k, { offline: true, label: "opt" });
      const results = new Map<string, KvResult>([["opt", opt]]);
      for (const entry of kvPolicies.list()) if (entry.name !== "opt") results.set(entry.name, evaluateEntry(trace, entry, k, { seed: 1 }));
      const topk = results.get("topk")!;
      for (const [policy, r] of results) {
        expect(r.meanKeptMass, policy).toBeCloseTo(GOLDEN[name][policy], 5);
        expect(r.meanTV, policy).toBeCloseTo(1 - r.meanKeptMass, 10);
        expect(r.steps).toBe(36 * (512 - k));
        expect(Number.isFinite(r.meanOutputError)).toBe(true);
        if (policy === "topk") continue;
        r.perHead.forEach((h, i) => {
          expect(opt.perHead[i].meanKeptMass, `${policy} L${h.layer}H${h.head}`).toBeGreaterThanOrEqual(h.meanKeptMass - 1e-12);
          expect(topk.perHead[i].meanKeptMass).toBeGreaterThanOrEqual(opt.perHead[i].meanKeptMass - 1e-12);
        });
      }
      // Every head's optimum is certified by its Lagrangian dual bound.
      const certificates = instances.flatMap((p) => p.certificates);
      expect(certificates).toHaveLength(36);
      for (const c of certificates) expect(Math.abs(c.upperBound - c.total)).toBeLessThan(1e-8);
    });
  }
});
