/**
 * Combined updates under faults, updates racing another client, and persistent failures. Promises (
 * provider.ts update/delete docs; update.ts "A timeout is an initialization failure that keeps the id and the last known
 * properties"; README "errors name the problem" via errors.ts describeError): cloud = program at the end, outputs = cloud,
 * a landed write is never sent twice, failures carry the last seen values and say what went wrong.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VpcClient } from "../../../src/client";
import { Lab, managedFromCloud, managedFromOutputs } from "./harness";

let lab: Lab;
let vpc = 500;
beforeAll(async () => {
  lab = await Lab.start();
});
afterAll(async () => {
  await lab.stop();
});
beforeEach(() => lab.clear());

const GW = (action: string, landed = true) => ({ action, landed, status: 502, body: "<html>502 Bad Gateway</html>", times: 1 });

describe("combined updates", () => {
  it("every field at once, Active -> Inactive, each write answered 502 after landing: each sent once, cloud = program", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { flowLogName: "n1", description: "d1", tags: { a: "1", gone: "x" } });
    lab.faults = ["ModifyFlowLogAttribute", "UnTagResources", "TagResources", "MoveResourceGroup", "DeactiveFlowLog"].map((a) => GW(a));
    const next = { flowLogName: "n2", description: "d2", aggregationInterval: 5, ipVersion: "DualStack", tags: { a: "2", b: "3" }, resourceGroupId: "rg-acfmdemo0002", status: "Inactive" };
    const r = await lab.update(id, outs, resourceId, next);
    expect(r.error?.message, lab.lines.join("\n")).toBeUndefined();
    const cloud = managedFromCloud(lab.cloud(id));
    expect(cloud).toEqual({ flowLogName: "n2", description: "d2", aggregationInterval: 5, ipVersion: "DualStack", tags: { a: "2", b: "3" }, resourceGroupId: "rg-acfmdemo0002", status: "Inactive" });
    expect(managedFromOutputs(r.outs)).toEqual(cloud);
    expect(r.writes).toEqual({ ModifyFlowLogAttribute: 1, UnTagResources: 1, TagResources: 1, MoveResourceGroup: 1, DeactiveFlowLog: 1 });
  });

  it("Inactive -> Active plus tags and name, ActiveFlowLog reset after commit, TagResources not landed: cloud = program", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { status: "Inactive", tags: { a: "1" } });
    lab.emulator.addFault({ kind: "reset-after", action: "ActiveFlowLog", times: 1 });
    lab.faults = [GW("TagResources", false)];
    const r = await lab.update(id, outs, resourceId, { status: "Active", tags: { a: "1", b: "2" }, flowLogName: "x" });
    expect(r.error?.message, lab.lines.join("\n")).toBeUndefined();
    const cloud = managedFromCloud(lab.cloud(id));
    expect(cloud).toMatchObject({ status: "Active", tags: { a: "1", b: "2" }, flowLogName: "x" });
    expect(managedFromOutputs(r.outs)).toEqual(cloud);
    expect(r.writes).toEqual({ ActiveFlowLog: 1, TagResources: 1, ModifyFlowLogAttribute: 1 });
  });

  it("Active -> Inactive plus tags, with throttle bursts on every write: all land once each after the refusals", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { tags: { a: "1" } });
    for (const action of ["TagResources", "DeactiveFlowLog", "ModifyFlowLogAttribute"]) lab.emulator.addFault({ kind: "throttle", action, times: 2 });
    const r = await lab.update(id, outs, resourceId, { status: "Inactive", tags: { a: "9" }, description: "dd" });
    expect(r.error?.message, lab.lines.join("\n")).toBeUndefined();
    const cloud = managedFromCloud(lab.cloud(id));
    expect(cloud).toMatchObject({ status: "Inactive", tags: { a: "9" }, description: "dd" });
    expect(managedFromOutputs(r.outs)).toEqual(cloud);
    expect(r.writes).toEqual({ TagResources: 3, DeactiveFlowLog: 3, ModifyFlowLogAttribute: 3 });
  });
});

describe("racing another client", () => {
  it("another client removes a tag right after ours landed: the update puts it back (cloud = program)", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { tags: { a: "1" } });
    lab.hooks = [{ action: "TagResources", times: 1, after: true, run: async () => void (await lab.oob.unTagResources({ regionId: "cn-hangzhou", resourceType: "FLOWLOG", resourceId: [id], tagKey: ["b"] })) }];
    const r = await lab.update(id, outs, resourceId, { tags: { a: "1", b: "2" } });
    expect(r.error?.message, lab.lines.join("\n")).toBeUndefined();
    const cloud = managedFromCloud(lab.cloud(id));
    expect(cloud?.tags).toEqual({ a: "1", b: "2" });
    expect(managedFromOutputs(r.outs)).toEqual(cloud);
    expect(r.writes.TagResources).toBe(2);
  });

  it("another client deactivates just before our ModifyFlowLogAttribute: refused mid-transition, then Active again with the name", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { flowLogName: "n1" });
    lab.hooks = [{ action: "ModifyFlowLogAttribute", times: 1, run: async () => void (await lab.oob.deactiveFlowLog({ regionId: "cn-hangzhou", flowLogId: id })) }];
    const r = await lab.update(id, outs, resourceId, { flowLogName: "n2" });
    expect(r.error?.message, lab.lines.join("\n")).toBeUndefined();
    const cloud = managedFromCloud(lab.cloud(id));
    expect(cloud).toMatchObject({ flowLogName: "n2", status: "Active" });
    expect(managedFromOutputs(r.outs)).toEqual(cloud);
  });

  it("another client renames it while our TagResources is on its way: the update renames it back", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { flowLogName: "n1" });
    lab.hooks = [{ action: "TagResources", times: 1, run: async () => void (await lab.oob.modifyFlowLogAttribute({ regionId: "cn-hangzhou", flowLogId: id, flowLogName: "intruder" })) }];
    const r = await lab.update(id, outs, resourceId, { flowLogName: "n2", tags: { t: "1" } });
    expect(r.error?.message, lab.lines.join("\n")).toBeUndefined();
    const cloud = managedFromCloud(lab.cloud(id));
    expect(cloud).toMatchObject({ flowLogName: "n2", tags: { t: "1" }, status: "Active" });
    expect(managedFromOutputs(r.outs)).toEqual(cloud);
  });

  it("another client moves it to another resource group mid-update: moved back", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { resourceGroupId: "rg-acfmdefault0001" });
    lab.hooks = [{ action: "ModifyFlowLogAttribute", times: 1, after: true, run: async () => void (await lab.oob.moveResourceGroup({ regionId: "cn-hangzhou", resourceId: id, newResourceGroupId: "rg-acfmdemo0002", resourceType: "FlowLog" })) }];
    const r = await lab.update(id, outs, resourceId, { resourceGroupId: "rg-acfmdefault0001", description: "x" });
    expect(r.error?.message, lab.lines.join("\n")).toBeUndefined();
    const cloud = managedFromCloud(lab.cloud(id));
    expect(cloud).toMatchObject({ resourceGroupId: "rg-acfmdefault0001", description: "x" });
    expect(managedFromOutputs(r.outs)).toEqual(cloud);
  });

  it("another client deletes it mid-update: the update fails and says to refresh", async () => {
    // As update.ts says for a flow log missing at the start of an update ("no longer exists ...; run `pulumi refresh`").
    // The init error's properties are the last sighting: a provider cannot drop a resource from the state on update.
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { tags: { a: "1" } });
    lab.hooks = [{ action: "TagResources", times: 1, after: true, run: async () => void (await lab.oob.deleteFlowLog({ regionId: "cn-hangzhou", flowLogId: id })) }];
    const r = await lab.update(id, outs, resourceId, { tags: { a: "2" }, flowLogName: "n2" });
    expect(lab.cloud(id)).toBeUndefined();
    expect(r.error, "update succeeded on a deleted flow log").toBeDefined();
    expect(r.error!.message).toMatch(/pulumi refresh/);
  });

  it("another client deletes it just before our DeleteFlowLog: delete ends once it is gone, without error", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId);
    lab.hooks = [{ action: "DeleteFlowLog", times: 1, run: async () => void (await lab.oob.deleteFlowLog({ regionId: "cn-hangzhou", flowLogId: id })) }];
    const r = await lab.delete(id, outs);
    expect(r.error?.message).toBeUndefined();
    expect(lab.cloud(id)).toBeUndefined();
  });
});

describe("persistent failures", () => {
  async function persistent502(update: string) {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { tags: { a: "1" } });
    lab.faults = [{ ...GW("TagResources", false), times: 1_000 }];
    const r = await lab.update(id, outs, resourceId, { tags: { a: "2" }, timeouts: { update } });
    return { id, r, sent: 1_000 - lab.faults[0]!.times };
  }

  it("TagResources answered 502 (never landing) every time: the error names the gateway answer", async () => {
    // Errors name the problem: the gateway's answer, not only "did not become settled within 4s".
    const { id, r } = await persistent502("4s");
    expect(r.error?.name).toBe("FlowLogInitError");
    expect(r.ms).toBeLessThan(6_000);
    const props = (r.error as { properties?: Record<string, unknown> }).properties;
    expect(managedFromOutputs(props)).toEqual(managedFromCloud(lab.cloud(id)));
    expect(r.error!.message, `message: ${r.error!.message}`).toMatch(/502|gateway/i);
  });

  it("TagResources answered 502 every time: the timeout message does not call a flow log seen every round 'not visible'", async () => {
    // The message gives the last status seen before the final wait when that wait saw none.
    const { r } = await persistent502("4s");
    expect(r.error!.message).not.toMatch(/not visible/);
  });

  it("TagResources answered 502 every time: tries are bounded (converge.ts MAX_FAILED_TRIES)", async () => {
    // Each try comes after a look, but without a bound a broken gateway would be written to about three times a second
    // until timeouts.update (default 10m: ~1,800 TagResources).
    const { sent } = await persistent502("7s");
    expect(sent, `TagResources sent ${sent} times in 7 s`).toBeLessThanOrEqual(12);
  });

  it("a failed update resumes: running update again with the error's properties as olds ends with cloud = program", async () => {
    const { id, r } = await persistent502("2s");
    lab.clear();
    const olds = (r.error as { properties?: Record<string, unknown> }).properties!;
    const resourceId = lab.cloud(id)!.resourceId;
    const again = await lab.update(id, olds, resourceId, { tags: { a: "2" } });
    expect(again.error?.message).toBeUndefined();
    expect(managedFromCloud(lab.cloud(id))?.tags).toEqual({ a: "2" });
    expect(again.writes).toEqual({ TagResources: 1 });
  });

  it("ModifyFlowLogAttribute throttled until timeouts.update: tried again past the client's attempts, the error names Throttling, state = cloud", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId, { tags: { a: "1" } });
    lab.emulator.addFault({ kind: "throttle", action: "ModifyFlowLogAttribute", times: 500 });
    const url = lab.proxyUrl;
    const r = await lab.update(id, outs, resourceId, { tags: { a: "2" }, flowLogName: "zz", timeouts: { update: "2s" } }, {}, {
      createApi: (config: unknown) => new VpcClient({ config, endpoint: url, retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 } } as never),
    });
    expect(r.error).toBeDefined();
    expect(r.error!.message).toMatch(/Throttling/);
    const props = (r.error as { properties?: Record<string, unknown> }).properties;
    expect(props, "init error without properties").toBeDefined();
    expect(managedFromOutputs(props)).toEqual(managedFromCloud(lab.cloud(id)));
    // Each try is the client's 3 attempts (the last one may be cut by the deadline); passing failures are tried again
    // until the timeout (converge.ts).
    expect(r.writes.ModifyFlowLogAttribute).toBeGreaterThan(3);
    expect(Object.keys(r.writes)).toEqual(["ModifyFlowLogAttribute"]);
  });

  it("DescribeFlowLogs throttled for the whole wait after a write: stops near timeouts.update, the log names the throttling", async () => {
    // The rounds are still being retried by the client when the wait times out, so the throttling shows in the log lines
    // (the client's retry lines), and the message gives the last status seen.
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId);
    lab.hooks = [{ action: "ModifyFlowLogAttribute", times: 1, after: true, run: async () => lab.emulator.addFault({ kind: "throttle", action: "DescribeFlowLogs" }) }];
    const r = await lab.update(id, outs, resourceId, { flowLogName: "slow", timeouts: { update: "3s" } });
    lab.emulator.clearFaults();
    expect(r.error?.name).toBe("FlowLogInitError");
    expect(r.ms, "update outlived its 3 s timeout").toBeLessThan(5_000);
    expect(r.error!.message).toMatch(/last status: Active/);
    expect(lab.lines.join("\n")).toMatch(/Throttl/i);
  });

  it("delete: DescribeFlowLogs throttled for the whole wait: stops near timeouts.delete, the log names the throttling", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId);
    lab.hooks = [{ action: "DeleteFlowLog", times: 1, after: true, run: async () => lab.emulator.addFault({ kind: "throttle", action: "DescribeFlowLogs" }) }];
    const started = Date.now();
    const r = await lab.delete(id, { ...outs, timeouts: { create: "10m", update: "10m", delete: "3s" } });
    lab.emulator.clearFaults();
    expect(Date.now() - started, "delete outlived its 3 s timeout").toBeLessThan(5_000);
    expect(r.error, "delete claimed success without seeing the flow log gone").toBeDefined();
    expect(lab.lines.join("\n")).toMatch(/Throttl/i);
  });

  it("delete: DeleteFlowLog answered 502 (never landing) every time: fails at timeouts.delete, flow log still there, error names the gateway", async () => {
    const resourceId = `vpc-demo0${++vpc}`;
    const { id, outs } = await lab.create(resourceId);
    lab.faults = [{ ...GW("DeleteFlowLog", false), times: 1_000 }];
    const started = Date.now();
    const r = await lab.delete(id, { ...outs, timeouts: { create: "10m", update: "10m", delete: "3s" } });
    const sent = 1_000 - lab.faults[0]!.times;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lab.cloud(id)?.status).toBe("Active");
    expect(r.error, "delete ended while the flow log exists").toBeDefined();
    expect(r.error!.message, `${r.error!.message} (sent ${sent})`).toMatch(/502|gateway/i);
  });
});
