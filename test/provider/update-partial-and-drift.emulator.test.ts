/**
 * In-place updates: partial failures and changes made outside Pulumi while an update runs. Promises:
 * converge.ts "Each carries the last sighting, so a failure's state shows the steps that landed before it"; update.ts
 * "A flow log left mid-transition by an earlier run (e.g. a create that timed out) is waited for first, so the next
 * `pulumi up` resumes rather than fails"; README "a lost response or a timeout never leaves a flow log that the state does
 * not know about"; pulumi NOTES "Failures" (an init failure records `properties` as the resource's state).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FlowLogInitError, FlowLogOperationError } from "../../src/provider";
import { Lab, args, sleep } from "./write-faults/harness";

let lab: Lab;
let vpc = 400;
const nextVpc = () => `vpc-demo0${++vpc}`;
beforeAll(async () => {
  lab = await Lab.start({ activationDelayMs: 100, transitionDelayMs: 150 });
});
afterAll(async () => {
  await lab.stop();
});
beforeEach(() => {
  lab.clear();
  lab.emulator.updateSettings({ activationDelayMs: 100, transitionDelayMs: 150, hideNewForMs: 0, stuckActivating: false });
});

const cloudTags = (id: string) => Object.fromEntries((lab.cloud(id)?.tags ?? []).map((t) => [t.Key, t.Value]));
const REGION = "cn-hangzhou";

describe("partial failures report what landed", () => {
  it("tags land, then another client deletes it (seen Deleting past the stale grace): the error's properties carry the new tags", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { tags: { a: "1" } });
    lab.emulator.updateSettings({ transitionDelayMs: 3_000 });
    lab.hooks = [{ action: "TagResources", times: 1, after: true, run: async () => void (await lab.oob.deleteFlowLog({ regionId: REGION, flowLogId: id })) }];
    const u = await lab.update(id, outs, r, { tags: { a: "2" } });
    expect(lab.cloud(id)?.status).toBe("Deleting");
    expect(cloudTags(id)).toEqual({ a: "2" });
    expect(u.error).toBeDefined();
    expect(FlowLogInitError.isInstance(u.error)).toBe(true);
    // converge.ts ConvergeResult: the failure's state shows the steps that landed (a "failed" wait carries its sighting
    // as outcome.flowLog, not lastSeen).
    expect(u.error!.properties?.tags).toEqual({ a: "2" });
    expect(u.error!.properties?.status).toBe("Deleting");
  });

  it("name lands, then MoveResourceGroup is refused (unknown group): the error's properties carry the new name", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { flowLogName: "old" });
    const u = await lab.update(id, outs, r, { flowLogName: "new", resourceGroupId: "rg-doesnotexist" });
    expect(lab.cloud(id)?.flowLogName).toBe("new");
    expect(u.error).toBeDefined();
    expect(String(u.error!.message)).toMatch(/ResourceGroup/i);
    expect(u.error!.properties?.flowLogName).toBe("new");
    expect(u.error!.properties?.__provider).toBe(undefined); // no __provider given in these news
    expect(u.writes).toEqual({ ModifyFlowLogAttribute: 1, MoveResourceGroup: 1 });
  });
});

describe("state at the start of an update", () => {
  it("a create that timed out while the flow log was not listed yet: the next update resumes, it does not call it gone", async () => {
    // update.ts: a flow log left by a create that timed out is waited for first, so the next `pulumi up` resumes rather
    // than fails; "not listed yet" is not "no longer exists" (refresh would then drop an existing flow log: an orphan).
    const r = nextVpc();
    lab.emulator.updateSettings({ hideNewForMs: 2_500 });
    const p = await lab.provider();
    let initError: (Error & { id?: string; properties?: Record<string, unknown> }) | undefined;
    try {
      const inputs = (await p.check({}, args(r, { timeouts: { create: "1s" } }))).inputs!;
      await p.create(inputs).catch((e: unknown) => (initError = e as never));
    } finally {
      await p.ctx.close();
    }
    expect(FlowLogInitError.isInstance(initError)).toBe(true);
    const id = initError!.id!;
    expect(lab.cloud(id)).toBeDefined();
    const u = await lab.update(id, initError!.properties!, r, { timeouts: { create: "1s", update: "10s" } });
    expect(u.error?.message).toBeUndefined();
    expect(u.outs?.status).toBe("Active");
  });

  it("outputs without a creationTime (an older state) of a flow log deleted outside Pulumi: 'no longer exists' at once, no grace", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { flowLogName: "a" });
    await lab.oob.deleteFlowLog({ regionId: REGION, flowLogId: id });
    await sleep(400);
    expect(lab.cloud(id)).toBeUndefined();
    const { creationTime: _c, ...olds } = outs;
    const u = await lab.update(id, olds, r, { flowLogName: "b", timeouts: { update: "6s" } }, {}, { absentGraceMs: 30_000 });
    expect(FlowLogOperationError.isInstance(u.error)).toBe(true);
    expect(u.error!.message).toMatch(/no longer exists/);
    expect(u.ms).toBeLessThan(4_000);
  });

  it("deactivated by another client between diff and update: update activates it again and applies the name", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { flowLogName: "a" });
    await lab.oob.deactiveFlowLog({ regionId: REGION, flowLogId: id });
    const u = await lab.update(id, outs, r, { flowLogName: "b" });
    expect(u.error).toBeUndefined();
    expect(lab.cloud(id)).toMatchObject({ status: "Active", flowLogName: "b" });
    expect(u.outs).toMatchObject({ status: "Active", flowLogName: "b" });
    expect(u.writes).toEqual({ ActiveFlowLog: 1, ModifyFlowLogAttribute: 1 });
  });

  it("Deleting when the update starts: fails clearly and quickly, not at the update timeout", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { flowLogName: "a" });
    lab.emulator.updateSettings({ transitionDelayMs: 4_000 });
    await lab.oob.deleteFlowLog({ regionId: REGION, flowLogId: id });
    const u = await lab.update(id, outs, r, { flowLogName: "b", timeouts: { update: "20s" } });
    expect(u.error).toBeDefined();
    expect(u.ms).toBeLessThan(5_000);
    expect(u.error!.message).toMatch(/Deleting|deleted|disappeared|no longer exists/);
    expect(u.writes).toEqual({});
  });

  it("gone when the update starts: FlowLogOperationError naming refresh, no writes", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r);
    await lab.oob.deleteFlowLog({ regionId: REGION, flowLogId: id });
    await sleep(400);
    const u = await lab.update(id, outs, r, { flowLogName: "b" });
    expect(FlowLogOperationError.isInstance(u.error)).toBe(true);
    expect(u.error!.message).toMatch(/refresh/);
    expect(u.writes).toEqual({});
  });

  it("Activating (stuck) at the start with a short update timeout: ends near the timeout with an init failure", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r, { status: "Inactive" });
    lab.emulator.updateSettings({ stuckActivating: true });
    await lab.oob.activeFlowLog({ regionId: REGION, flowLogId: id });
    const u = await lab.update(id, outs, r, { flowLogName: "b", timeouts: { update: "2s" } });
    expect(FlowLogInitError.isInstance(u.error)).toBe(true);
    expect(u.ms).toBeLessThan(3_500);
    expect(u.error!.message).toMatch(/Activating/);
    expect(u.writes).toEqual({});
  });

  it("a write held by latency past the update timeout: the update ends near the timeout", async () => {
    const r = nextVpc();
    const { id, outs } = await lab.create(r);
    lab.emulator.addFault({ kind: "latency", action: "ModifyFlowLogAttribute", latencyMs: 8_000, times: 1 });
    const u = await lab.update(id, outs, r, { flowLogName: "b", timeouts: { update: "2s" } });
    expect(u.error).toBeDefined();
    expect(u.ms).toBeLessThan(3_500);
    expect(FlowLogInitError.isInstance(u.error)).toBe(true);
  });
});
