/**
 * Every write an update or delete sends, under each fault. Promises (README "A write whose request may
 * have reached the server ... the provider looks before it tries again", provider.ts update/delete docs): the update ends
 * with the cloud matching the program and the outputs matching the cloud; no write is blindly repeated (a write that
 * landed is sent once); a delete ends only when the flow log is gone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Lab, managedFromCloud, managedFromOutputs, sleep } from "./harness";

let lab: Lab;
let vpc = 300;
beforeAll(async () => {
  lab = await Lab.start();
});
afterAll(async () => {
  await lab.stop();
});
beforeEach(() => lab.clear());

type Case = { base: Record<string, unknown>; next: Record<string, unknown>; expect: Record<string, unknown> };
const CASES: Record<string, Case> = {
  ModifyFlowLogAttribute: {
    base: { flowLogName: "n1", description: "d1", aggregationInterval: 10 },
    next: { flowLogName: "n2", description: "d2", aggregationInterval: 1 },
    expect: { flowLogName: "n2", description: "d2", aggregationInterval: 1, status: "Active" },
  },
  ActiveFlowLog: { base: { status: "Inactive" }, next: { status: "Active" }, expect: { status: "Active" } },
  DeactiveFlowLog: { base: {}, next: { status: "Inactive" }, expect: { status: "Inactive" } },
  TagResources: { base: { tags: { a: "1" } }, next: { tags: { a: "2", b: "3" } }, expect: { tags: { a: "2", b: "3" }, status: "Active" } },
  UnTagResources: { base: { tags: { a: "1", b: "2" } }, next: { tags: { a: "1" } }, expect: { tags: { a: "1" }, status: "Active" } },
  MoveResourceGroup: { base: {}, next: { resourceGroupId: "rg-acfmdemo0002" }, expect: { resourceGroupId: "rg-acfmdemo0002", status: "Active" } },
};

type FaultCase = { arm: (action: string) => void; writes: (n: number) => boolean; describe: string; cfg?: Record<string, string>; settleAfterMs?: number };
const FAULTS: Record<string, FaultCase> = {
  "landed-then-502": {
    arm: (action) => (lab.faults = [{ action, landed: true, status: 502, body: "<html><body>502 Bad Gateway</body></html>", times: 1 }]),
    writes: (n) => n === 1,
    describe: "exactly 1 (it landed: never repeated)",
  },
  "not-landed-502": {
    arm: (action) => (lab.faults = [{ action, landed: false, status: 502, body: "<html>502</html>", times: 1 }]),
    writes: (n) => n === 1,
    describe: "exactly 1 reaching the emulator (the repeat after looking)",
  },
  "landed-then-504-empty": {
    arm: (action) => (lab.faults = [{ action, landed: true, status: 504, body: "", times: 1 }]),
    writes: (n) => n === 1,
    describe: "exactly 1",
  },
  "reset-after": {
    arm: (action) => lab.emulator.addFault({ kind: "reset-after", action, times: 1 }),
    writes: (n) => n === 1,
    describe: "exactly 1 (committed, answer lost)",
  },
  "reset-before": {
    arm: (action) => lab.emulator.addFault({ kind: "reset-before", action, times: 1 }),
    writes: (n) => n === 2,
    describe: "2 received (the first never committed)",
  },
  "latency-beyond-timeout": {
    // The timeout leaves an undelayed request 700 ms: with 400 ms a loaded machine once timed out the repeat too (3 sent).
    arm: (action) => lab.emulator.addFault({ kind: "latency", action, latencyMs: 1_500, times: 1 }),
    writes: (n) => n >= 1 && n <= 2,
    describe: "1 or 2 (the delayed one commits late)",
    cfg: { "alicloud-flowlog:requestTimeout": "700ms" },
    settleAfterMs: 1_900,
  },
  "throttle-burst-3": {
    arm: (action) => lab.emulator.addFault({ kind: "throttle", action, times: 3 }),
    writes: (n) => n === 4,
    describe: "4 received (3 refused, retried by the client)",
  },
};

describe.each(Object.keys(CASES))("update via %s", (action) => {
  it.each(Object.keys(FAULTS))("%s: cloud = program, outputs = cloud, writes bounded", async (faultName) => {
    const c = CASES[action]!;
    const f = FAULTS[faultName]!;
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, c.base);
    f.arm(action);
    const r = await lab.update(id, outs, resourceId, { ...c.base, ...c.next }, f.cfg ?? {});
    expect(r.error?.message, `update failed: ${r.error?.message}\n${lab.lines.join("\n")}`).toBeUndefined();
    if (f.settleAfterMs) await sleep(f.settleAfterMs);
    const cloud = managedFromCloud(lab.cloud(id));
    expect(cloud).toMatchObject(c.expect);
    expect(managedFromOutputs(r.outs)).toEqual(cloud);
    expect(f.writes(r.writes[action] ?? 0), `${action} calls ${JSON.stringify(r.writes)}; want ${f.describe}`).toBe(true);
    // Only the planned action is written.
    expect(Object.keys(r.writes)).toEqual([action]);
  });
});

describe("delete via DeleteFlowLog", () => {
  it.each(Object.keys(FAULTS))("%s: ends only once the flow log is gone", async (faultName) => {
    const f = FAULTS[faultName]!;
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId);
    f.arm("DeleteFlowLog");
    const r = await lab.delete(id, outs, f.cfg ?? {});
    expect(r.error?.message, lab.lines.join("\n")).toBeUndefined();
    expect(lab.cloud(id), "delete returned while the flow log still exists").toBeUndefined();
    if (f.settleAfterMs) await sleep(f.settleAfterMs);
    expect(lab.cloud(id)).toBeUndefined();
    expect(f.writes(r.writes.DeleteFlowLog ?? 0), `DeleteFlowLog calls ${JSON.stringify(r.writes)}; want ${f.describe}`).toBe(true);
    expect(Object.keys(r.writes)).toEqual(["DeleteFlowLog"]);
  });
});
