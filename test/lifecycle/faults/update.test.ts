// Updates under combined faults, through the real dynamic-provider process (../lab.ts): several lost answers in one
// update with faults on the confirming reads, a fault on the step after a lost answer, a timeout right after a write the
// service accepted, and Throttling / 503 past the client's own retries. Promises: a lost answer is looked at, never
// repeated blindly; a passing failure is tried again within timeouts.update (as Terraform retries Throttling and
// ServiceUnavailable within its timeouts, api NOTES.md); a failed update's state is what the service holds (update.ts,
// converge.ts), so `pulumi refresh` shows no drift and the next `pulumi up` sends only what is missing.
import { describe, expect, it } from "vitest";
import { args, useLab, type Lab } from "../lab";
import { managedFromCloud, managedFromOutputs } from "../../provider/write-faults/harness";
import { until } from "../../faults/helpers";
import { armedResets, calls, writesSince } from "./observe";

let lab: Lab;
useLab((started) => {
  lab = started;
});

describe("update under faults", () => {
  it("three lost answers in one update (Modify, TagResources, MoveResourceGroup reset after commit) with 503s on the confirming reads: each write once, cloud = program = outputs = refresh", async () => {
    const a0 = args("vpc-demo0601", { flowLogName: "n0", tags: { a: "1" } });
    const e = await lab.create("u-three", a0);
    const a1 = { ...a0, flowLogName: "n1", tags: { a: "1", b: "2" }, resourceGroupId: "rg-acfmdemo0002" };
    for (const action of ["ModifyFlowLogAttribute", "TagResources", "MoveResourceGroup"]) lab.emulator.addFault({ kind: "reset-after", action, times: 1 });
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", every: 2, times: 4 });
    const before = calls(lab);
    const r = await lab.up(e, a1);
    expect(await armedResets(lab)).toEqual([]);
    expect(r.error, String((r.error as Error | undefined)?.message)).toBeUndefined();
    const writes = writesSince(lab, before);
    const cloud = managedFromCloud(lab.cloud(e.id));
    expect(cloud).toMatchObject({ flowLogName: "n1", description: "", status: "Active", resourceGroupId: "rg-acfmdemo0002", tags: { a: "1", b: "2" } });
    expect(managedFromOutputs(r.entry.outputs)).toEqual(cloud);
    expect(writes).toEqual({ ModifyFlowLogAttribute: 1, TagResources: 1, MoveResourceGroup: 1 });
    const refreshed = await lab.refresh(r.entry);
    expect(managedFromOutputs(refreshed!.outputs)).toEqual(managedFromOutputs(r.entry.outputs));
    expect((await lab.diff(r.entry, a1)).diff.changes).toBe("none");
    await lab.delete(r.entry);
  }, 60_000);

  it("lost Modify answer (landed), then TagResources answered 503 until timeouts.update: the init failure names the flow log and the 503, its state shows the rename; refresh shows no drift; the next up sends only TagResources", async () => {
    const a0 = args("vpc-demo0602", { flowLogName: "n0", tags: { a: "1" } });
    let e = await lab.create("u-lost-then-503", a0);
    lab.emulator.addFault({ kind: "reset-after", action: "ModifyFlowLogAttribute", times: 1 });
    lab.emulator.addFault({ kind: "unavailable", action: "TagResources" });
    const a1 = { ...a0, flowLogName: "n1", tags: { a: "1", b: "2" }, timeouts: { update: "4s" } };
    const r = await lab.up(e, a1);
    expect(await armedResets(lab)).toEqual([]);
    expect(r.error, "update should fail: TagResources never accepted").toBeDefined();
    expect(r.entry.initFailed).toBe(true);
    expect((r.error as Error).message).toMatch(new RegExp(`^FlowLog ${e.id} did not become settled after TagResources \\(1 tag\\) within 4s .*last error: TagResources failed: ServiceUnavailable`));
    // Tried again after the client's retries ran out, not given up at the first 503 burst.
    expect(lab.emulator.stats().byAction.TagResources ?? 0).toBeGreaterThan(6);
    e = r.entry;
    expect(managedFromOutputs(e.outputs)).toEqual(managedFromCloud(lab.cloud(e.id)));
    expect(e.outputs.flowLogName).toBe("n1");
    lab.emulator.clearFaults();
    const refreshed = await lab.refresh(e);
    expect(managedFromOutputs(refreshed!.outputs)).toEqual(managedFromOutputs(e.outputs));
    const before = calls(lab);
    const r2 = await lab.up(e, a1);
    expect(r2.error).toBeUndefined();
    expect(writesSince(lab, before)).toEqual({ TagResources: 1 });
    expect(managedFromCloud(lab.cloud(e.id))).toMatchObject({ flowLogName: "n1", tags: { a: "1", b: "2" }, status: "Active" });
    await lab.delete(r2.entry);
  }, 60_000);

  it("Inactive -> Active + description + tags: ActiveFlowLog and Modify answers lost, confirming reads throttled, TagResources reset before commit: ends as program, landed writes sent once", async () => {
    const a0 = args("vpc-demo0603", { status: "Inactive", tags: { a: "1" } });
    const e = await lab.create("u-wake", a0);
    lab.emulator.addFault({ kind: "reset-after", action: "ActiveFlowLog", times: 1 });
    lab.emulator.addFault({ kind: "reset-after", action: "ModifyFlowLogAttribute", times: 1 });
    lab.emulator.addFault({ kind: "reset-before", action: "TagResources", times: 1 });
    lab.emulator.addFault({ kind: "throttle", action: "DescribeFlowLogs", every: 3, times: 3, retryAfterSeconds: 0.2 });
    const a1 = { ...a0, status: "Active", description: "awake", tags: { a: "1", b: "2" } };
    const before = calls(lab);
    const r = await lab.up(e, a1);
    expect(await armedResets(lab)).toEqual([]);
    expect(r.error, String((r.error as Error | undefined)?.message)).toBeUndefined();
    const cloud = managedFromCloud(lab.cloud(e.id));
    expect(cloud).toMatchObject({ status: "Active", description: "awake", tags: { a: "1", b: "2" } });
    expect(managedFromOutputs(r.entry.outputs)).toEqual(cloud);
    // reset-before: the first TagResources never committed, so a second one (after a look) is expected.
    expect(writesSince(lab, before)).toEqual({ ActiveFlowLog: 1, ModifyFlowLogAttribute: 1, TagResources: 2 });
    await lab.delete(r.entry);
  }, 60_000);

  it("rename acknowledged, DeactiveFlowLog answer lost, Deactivating outlasts timeouts.update: init failure shows what is there (n1, Deactivating); next up makes no write", async () => {
    const a0 = args("vpc-demo0604", { flowLogName: "n0" });
    const e = await lab.create("u-deact", a0);
    // DeactiveFlowLog held 300 ms, then committed and its answer lost; while it is held the deactivation is made to take 4 s.
    lab.emulator.addFault({ kind: "latency", action: "DeactiveFlowLog", latencyMs: 300, times: 1 });
    lab.emulator.addFault({ kind: "reset-after", action: "DeactiveFlowLog", times: 1 });
    const a1 = { ...a0, flowLogName: "n1", status: "Inactive", timeouts: { update: "2s" } };
    const base = lab.emulator.stats().byAction.DeactiveFlowLog ?? 0;
    const pending = lab.up(e, a1);
    await until(() => (lab.emulator.stats().byAction.DeactiveFlowLog ?? 0) > base);
    lab.emulator.updateSettings({ transitionDelayMs: 4_000 });
    const r = await pending;
    expect(r.error, "Deactivating outlasts the 2s timeout").toBeDefined();
    expect(r.entry.initFailed).toBe(true);
    const cloudAtFailure = managedFromCloud(lab.cloud(e.id));
    expect(cloudAtFailure).toMatchObject({ flowLogName: "n1", status: "Deactivating" });
    expect(managedFromOutputs(r.entry.outputs)).toEqual(cloudAtFailure);
    await lab.waitCloud(e.id, (f) => f?.status === "Inactive", 8_000);
    lab.emulator.updateSettings({ transitionDelayMs: 150 });
    const before = calls(lab);
    const r2 = await lab.up(r.entry, { ...a1, timeouts: { update: "20s" } });
    expect(r2.error).toBeUndefined();
    expect(writesSince(lab, before)).toEqual({});
    expect(managedFromOutputs(r2.entry.outputs)).toEqual(managedFromCloud(lab.cloud(e.id)));
    await lab.delete(r2.entry);
  }, 60_000);

  // The service answered ModifyFlowLogAttribute (Success), so the rename is known to have landed, though no look can
  // show it: every DescribeFlowLogs fails until timeouts.update. The failure's state carries it (converge.ts afterStep).
  it("rename acknowledged by the service, then DescribeFlowLogs unavailable until timeouts.update: the init failure's properties carry the acknowledged name", async () => {
    const a0 = args("vpc-demo0605", { flowLogName: "n0", description: "d0" });
    const e = await lab.create("u-acked", a0);
    // Hold the provider's ModifyFlowLogAttribute 400 ms; meanwhile make every DescribeFlowLogs answer 503.
    lab.emulator.addFault({ kind: "latency", action: "ModifyFlowLogAttribute", latencyMs: 400, times: 1 });
    const base = lab.emulator.stats().byAction.ModifyFlowLogAttribute ?? 0;
    const pending = lab.up(e, { ...a0, flowLogName: "n1", description: "d1", timeouts: { update: "3s" } });
    await until(() => (lab.emulator.stats().byAction.ModifyFlowLogAttribute ?? 0) > base);
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs" });
    const r = await pending;
    lab.emulator.clearFaults();
    expect(r.error, "the wait cannot see the flow log: the update should time out").toBeDefined();
    const cloud = managedFromCloud(lab.cloud(e.id));
    expect(cloud).toMatchObject({ flowLogName: "n1", description: "d1" });
    const stored = managedFromOutputs(r.entry.outputs);
    const refreshed = await lab.refresh(r.entry);
    await lab.delete(r.entry);
    // What `pulumi refresh` would change in the state right after the failed update: nothing, if the state was right.
    expect({ flowLogName: stored?.flowLogName, description: stored?.description }).toEqual({
      flowLogName: refreshed!.outputs.flowLogName,
      description: refreshed!.outputs.description,
    });
  }, 60_000);

  it("create with status Inactive: DeactiveFlowLog answer lost (landed), confirming reads 503 every other call: created Inactive, one CreateFlowLog, one DeactiveFlowLog", async () => {
    const before = calls(lab);
    lab.emulator.addFault({ kind: "reset-after", action: "DeactiveFlowLog", times: 1 });
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", every: 2, times: 4 });
    const e = await lab.create("u-create-inactive", args("vpc-demo0606", { status: "Inactive" }));
    expect(lab.cloud(e.id)?.status).toBe("Inactive");
    expect(e.outputs.status).toBe("Inactive");
    expect(writesSince(lab, before)).toEqual({ CreateFlowLog: 1, DeactiveFlowLog: 1 });
    await lab.delete(e);
  }, 30_000);

  it("rename acknowledged, then 10 DescribeFlowLogs in a row answered 503 (more than one call's 6 attempts): the update rides it out and ends as program", async () => {
    const a0 = args("vpc-demo0607", { flowLogName: "n0" });
    const e = await lab.create("u-readstorm", a0);
    lab.emulator.addFault({ kind: "latency", action: "ModifyFlowLogAttribute", latencyMs: 300, times: 1 });
    const base = lab.emulator.stats().byAction.ModifyFlowLogAttribute ?? 0;
    const pending = lab.up(e, { ...a0, flowLogName: "n1" });
    await until(() => (lab.emulator.stats().byAction.ModifyFlowLogAttribute ?? 0) > base);
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", times: 10 });
    const r = await pending;
    expect(r.error).toBeUndefined();
    expect(r.entry.outputs.flowLogName).toBe("n1");
    expect(lab.cloud(e.id)?.flowLogName).toBe("n1");
    await lab.delete(r.entry);
  }, 60_000);

  // Seven Throttling answers in a row outlast the client's 6 attempts (a few seconds); the update tries again within
  // timeouts.update (10m by default), as Terraform retries Throttling within its timeouts (api NOTES.md).
  it("ModifyFlowLogAttribute throttled 7 times in a row, default timeouts.update 10m: the update still ends as program", async () => {
    const a0 = args("vpc-demo0608", { flowLogName: "n0" });
    const e = await lab.create("u-throttle7", a0);
    lab.emulator.addFault({ kind: "throttle", action: "ModifyFlowLogAttribute", times: 7 });
    const r = await lab.up(e, { ...a0, flowLogName: "n1" });
    const name = lab.cloud(e.id)?.flowLogName;
    await lab.delete(r.entry);
    expect({ error: (r.error as Error | undefined)?.message, name }).toEqual({ error: undefined, name: "n1" });
  }, 60_000);

  it("four flow logs updated at once (shared listing rounds): lost Modify and TagResources answers and 503 reads: every flow log = program, each write once per flow log", async () => {
    const names = ["c1", "c2", "c3", "c4"];
    const base = names.map((n, i) => args(`vpc-demo06${31 + i}`, { flowLogName: `${n}-0`, tags: { k: "0" } }));
    const entries = await Promise.all(names.map((n, i) => lab.create(`u-conc-${n}`, base[i]!)));
    lab.emulator.addFault({ kind: "reset-after", action: "ModifyFlowLogAttribute", times: 4 });
    lab.emulator.addFault({ kind: "reset-after", action: "TagResources", every: 2, times: 2 });
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", every: 3, times: 6 });
    const before = calls(lab);
    const results = await Promise.all(entries.map((e, i) => lab.up(e, { ...base[i]!, flowLogName: `${names[i]}-1`, tags: { k: "1" } })));
    expect(await armedResets(lab)).toEqual([]);
    for (const [i, r] of results.entries()) {
      expect(r.error, `${names[i]}: ${String((r.error as Error | undefined)?.message)}`).toBeUndefined();
      expect(managedFromCloud(lab.cloud(r.entry.id))).toMatchObject({ flowLogName: `${names[i]}-1`, tags: { k: "1" }, status: "Active" });
      expect(managedFromOutputs(r.entry.outputs)).toEqual(managedFromCloud(lab.cloud(r.entry.id)));
    }
    expect(writesSince(lab, before)).toEqual({ ModifyFlowLogAttribute: 4, TagResources: 4 });
    await Promise.all(results.map((r) => lab.delete(r.entry)));
  }, 60_000);

  // A failed update's state is what the service holds: when the flow log never settles before the update, the last look
  // (which shows the changes made meanwhile), not the first (update.ts startingPoint).
  it("flow log stuck Activating at the start, moved and tagged out of band while the update waits, timeouts.update 2s: the init failure's properties are the last sighting", async () => {
    const a0 = args("vpc-demo0609", { status: "Inactive" });
    const e = await lab.create("u-stuck-start", a0);
    lab.emulator.updateSettings({ stuckActivating: true });
    await lab.direct().activeFlowLog({ regionId: "cn-hangzhou", flowLogId: e.id });
    const pending = lab.up(e, { ...a0, status: "Active", flowLogName: "wanted", timeouts: { update: "2s" } });
    await new Promise((r) => setTimeout(r, 600));
    await lab.direct().moveResourceGroup({ regionId: "cn-hangzhou", resourceId: e.id, newResourceGroupId: "rg-acfmdemo0002", resourceType: "FlowLog" });
    await lab.direct().tagResources({ regionId: "cn-hangzhou", resourceType: "FLOWLOG", resourceId: [e.id], tag: [{ key: "oob", value: "x" }] });
    const r = await pending;
    const cloud = managedFromCloud(lab.cloud(e.id));
    lab.emulator.updateSettings({ stuckActivating: false });
    await lab.waitCloud(e.id, (f) => f?.status === "Active");
    await lab.delete(r.entry);
    expect(r.entry.initFailed).toBe(true);
    expect(cloud).toMatchObject({ status: "Activating", resourceGroupId: "rg-acfmdemo0002", tags: { oob: "x" } });
    expect(managedFromOutputs(r.entry.outputs)).toEqual(cloud);
  }, 30_000);

  it("no secret reaches anything the provider process wrote or answered", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
