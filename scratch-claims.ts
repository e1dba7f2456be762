import { runClaimBattery } from "./src/proofs-check/claim-battery.ts";
const t = performance.now();
const r = runClaimBattery();
for (const c of r) console.log(c.id, c.standing, c.cases, c.failures, c.worst?.margin, c.worst?.marginApprox, c.seconds.toFixed(2), c.witness ? "WITNESS" : "");
console.log(((performance.now() - t) / 1000).toFixed(1), "s");
