// Refresh (read with prior outputs), import (the `import` option as FlowLog sends it: a create with importId) and
// delete, through the real dynamic-provider process against the emulator; a few scenarios as whole `pulumi` runs under
// the mini engine (src/testing/engine.ts), which keeps old outputs on a "same" step as the engine's SameStep does.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadProgramModule } from "../../src/testing/load-program";
import type * as Fixture from "../faults/fixtures/program";
import { args, REGION, useLab, type Lab } from "./lab";

const fixture = loadProgramModule(path.join(__dirname, "../faults/fixtures/program.ts")) as unknown as typeof Fixture;

let lab: Lab;

useLab((started) => {
  lab = started;
});

describe("refresh", () => {
  it("deleted out of band: read says gone", async () => {
    const e = await lab.create("r-gone", args("vpc-demo0301"));
    await lab.direct().deleteFlowLog({ regionId: REGION, flowLogId: e.id });
    await lab.waitCloud(e.id, (f) => f === undefined);
    expect(await lab.refresh(e)).toBeUndefined();
  });

  it("name, tags, resource group and status changed out of band: outputs show it, the program's diff shows it, up restores it", async () => {
    const a = args("vpc-demo0302", { flowLogName: "mine", tags: { team: "net" }, resourceGroupId: "rg-acfmdefault0001" });
    let e = await lab.create("r-drift", a);
    const d = lab.direct();
    await d.modifyFlowLogAttribute({ regionId: REGION, flowLogId: e.id, flowLogName: "theirs" });
    await lab.waitCloud(e.id, (f) => f?.status === "Active");
    await d.tagResources({ regionId: REGION, resourceType: "FLOWLOG", resourceId: [e.id], tag: [{ key: "extra", value: "x" }] });
    await d.moveResourceGroup({ regionId: REGION, resourceId: e.id, newResourceGroupId: "rg-acfmdemo0002", resourceType: "FLOWLOG" });
    await d.deactiveFlowLog({ regionId: REGION, flowLogId: e.id });
    await lab.waitCloud(e.id, (f) => f?.status === "Inactive");
    e = (await lab.refresh(e))!;
    expect(e.outputs).toMatchObject({
      flowLogName: "theirs",
      tags: { team: "net", extra: "x" },
      resourceGroupId: "rg-acfmdemo0002",
      status: "Inactive",
    });
    expect(typeof e.outputs.__provider).toBe("string");
    const { diff } = await lab.diff(e, a);
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const r = await lab.up(e, a);
    expect(r.error).toBeUndefined();
    expect(lab.cloud(e.id)).toMatchObject({ flowLogName: "mine", status: "Active", resourceGroupId: "rg-acfmdefault0001" });
    expect(r.entry.outputs.tags).toEqual({ team: "net" });
    expect((await lab.diff(r.entry, a)).diff.changes).toBe("none");
    await lab.delete(r.entry);
  });

  it("out-of-band change, then refresh, then a program that leaves the changed field unset: no diff (field not managed)", async () => {
    const a = args("vpc-demo0303");
    let e = await lab.create("r-unset", a);
    await lab.direct().modifyFlowLogAttribute({ regionId: REGION, flowLogId: e.id, description: "by hand" });
    await lab.waitCloud(e.id, (f) => f?.status === "Active");
    e = (await lab.refresh(e))!;
    expect(e.outputs.description).toBe("by hand");
    expect((await lab.diff(e, a)).diff.changes).toBe("none");
    await lab.delete(e);
  });

  // read waits for a transition to end (read.ts): a transitional status in the state would show as an update.
  it("refresh while Modifying (out-of-band change of a field the program leaves unset): the unchanged program diffs clean", async () => {
    const a = args("vpc-demo0304");
    let e = await lab.create("r-busy", a);
    lab.emulator.updateSettings({ transitionDelayMs: 2_000 });
    await lab.direct().modifyFlowLogAttribute({ regionId: REGION, flowLogId: e.id, description: "by hand" });
    expect(lab.cloud(e.id)!.status).toBe("Modifying");
    e = (await lab.refresh(e))!;
    expect(e.outputs).toMatchObject({ status: "Active", description: "by hand" });
    try {
      expect((await lab.diff(e, a)).diff.changes).toBe("none");
    } finally {
      await lab.delete(e);
    }
  });

  it("DescribeFlowLogs failing (503 on every call): refresh fails, it never says gone", async () => {
    const e = await lab.create("r-503", args("vpc-demo0305"));
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", times: 1000 });
    await expect(lab.refresh(e)).rejects.toThrow(/ServiceUnavailable|503|unavailable/i);
    lab.emulator.clearFaults();
    expect((await lab.refresh(e))?.id).toBe(e.id);
    await lab.delete(e);
  }, 90_000);
});

describe("import by id", () => {
  it("a flow log made elsewhere (tags, Inactive, other group, interval 1): the matching program diffs clean, and again after", async () => {
    const made = await lab.direct().createFlowLog({
      regionId: REGION,
      resourceType: "VPC",
      resourceId: "vpc-demo0311",
      trafficType: "Drop",
      projectName: "flowlog-project",
      logStoreName: "flowlog-store",
      flowLogName: "elsewhere",
      aggregationInterval: 1,
      resourceGroupId: "rg-acfmdemo0002",
      tag: [{ key: "k", value: "v" }],
    });
    const id = String(made.FlowLogId);
    await lab.waitCloud(id, (f) => f?.status === "Active");
    await lab.direct().deactiveFlowLog({ regionId: REGION, flowLogId: id });
    await lab.waitCloud(id, (f) => f?.status === "Inactive");
    const a = args("vpc-demo0311", {
      trafficType: "Drop",
      flowLogName: "elsewhere",
      aggregationInterval: 1,
      resourceGroupId: "rg-acfmdemo0002",
      tags: { k: "v" },
      status: "Inactive",
    });
    const flowLogsBefore = lab.emulator.flowLogs().length;
    const imported = await lab.importId("i-full", id, a);
    expect(imported.error).toBeUndefined();
    expect(imported.entry!.id).toBe(id);
    expect(lab.emulator.flowLogs().length).toBe(flowLogsBefore);
    expect(imported.entry!.outputs).toMatchObject({ resourceId: "vpc-demo0311", trafficType: "Drop", status: "Inactive", tags: { k: "v" } });
    expect((await lab.diff(imported.entry!, a)).diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    // a refresh's inputs, fed back as a program, diff clean too
    const refreshed = (await lab.refresh(imported.entry!))!;
    const roundTrip = { ...refreshed.inputs };
    delete roundTrip.__provider;
    expect((await lab.diff(refreshed, roundTrip)).diff.changes).toBe("none");
    await lab.delete(imported.entry!);
  });

  it("a program that sets only the required args diffs clean", async () => {
    const e = await lab.create("i-min-src", args("vpc-demo0312", { flowLogName: "x", tags: { a: "b" } }));
    const imported = await lab.importId("i-min", e.id, args("vpc-demo0312"));
    expect(imported.error).toBeUndefined();
    expect((await lab.diff(imported.entry!, args("vpc-demo0312"))).diff.changes).toBe("none");
    await lab.delete(e);
  });

  it("a program whose trafficType or description differs: import refused naming them, the flow log untouched", async () => {
    const e = await lab.create("i-bad-src", args("vpc-demo0313"));
    const imported = await lab.importId("i-bad", e.id, args("vpc-demo0313", { trafficType: "Allow", description: "other" }));
    expect(imported.error?.message).toMatch(/inputs to import do not match the existing flow log fl-\w+: trafficType, description differ/);
    expect(lab.cloud(e.id)).toMatchObject({ trafficType: "All", description: "", status: "Active" });
    await lab.delete(e);
  });

  it("an id that does not exist: refused, naming the id and the region, nothing created", async () => {
    const flowLogsBefore = lab.emulator.flowLogs().length;
    const imported = await lab.importId("i-none", "fl-doesnotexist0000", args("vpc-demo0314"));
    expect(imported.error?.message).toMatch(/flow log fl-doesnotexist0000 does not exist in cn-hangzhou .*remove the `import` option/);
    expect(lab.emulator.flowLogs().length).toBe(flowLogsBefore);
  });

  it("an id that is not a FlowLogId: refused at check (preview)", async () => {
    await expect(lab.importId("i-malformed", "vpc-demo0314", args("vpc-demo0314"))).rejects.toThrow(/importId \(the `import` resource option\) must be a FlowLogId/);
  });

  // Read with a transitional status would make the engine refuse the import ("inputs to import do not match the existing
  // resource"): read waits for the transition to end.
  it("a flow log that is busy (Modifying after a change elsewhere): the matching program still imports", async () => {
    const e = await lab.create("i-busy-src", args("vpc-demo0315", { flowLogName: "x" }));
    lab.emulator.updateSettings({ transitionDelayMs: 3_000 });
    await lab.direct().modifyFlowLogAttribute({ regionId: REGION, flowLogId: e.id, description: "d" });
    const imported = await lab.importId("i-busy", e.id, args("vpc-demo0315", { flowLogName: "x", description: "d" }));
    try {
      expect(imported.error).toBeUndefined();
      expect(imported.entry!.outputs.status).toBe("Active");
    } finally {
      await lab.delete(e);
    }
  });

  it("under the mini engine: `import` option, then a second up is `same`", async () => {
    const e = await lab.create("i-engine-src", args("vpc-demo0316", { flowLogName: "adopt", tags: { a: "1" } }));
    fixture.setFlowLogs({ web: args("vpc-demo0316", { flowLogName: "adopt", tags: { a: "1" } }) as never }, { web: e.id });
    const eng = lab.engine();
    const flowLogsBefore = lab.emulator.flowLogs().length;
    const first = await eng.up(fixture.program);
    // A create that adopts (the engine's import cannot reach a dynamic provider): no CreateFlowLog, the same id.
    expect(first.events.filter((x) => x.phase === "done").map((x) => x.op)).toEqual(["create"]);
    expect(eng.state().resources.map((r) => r.id)).toEqual([e.id]);
    expect(lab.emulator.flowLogs().length).toBe(flowLogsBefore);
    const second = await eng.up(fixture.program);
    expect(second.events.filter((x) => x.phase === "done").map((x) => x.op)).toEqual(["same"]);
    await eng.destroy();
    expect(lab.cloud(e.id)).toBeUndefined();
  }, 60_000);
});

describe("delete", () => {
  it("already deleted out of band: succeeds", async () => {
    const e = await lab.create("d-gone", args("vpc-demo0321"));
    await lab.direct().deleteFlowLog({ regionId: REGION, flowLogId: e.id });
    await lab.waitCloud(e.id, (f) => f === undefined);
    await lab.delete(e);
  });

  it("while Deleting (out of band): succeeds once it is gone", async () => {
    const e = await lab.create("d-deleting", args("vpc-demo0322"));
    lab.emulator.updateSettings({ transitionDelayMs: 1_000 });
    await lab.direct().deleteFlowLog({ regionId: REGION, flowLogId: e.id });
    await lab.delete(e);
    expect(lab.cloud(e.id)).toBeUndefined();
  });

  it("while Activating (re-activated out of band): waits, deletes, gone", async () => {
    const e = await lab.create("d-activating", args("vpc-demo0323", { status: "Inactive" }));
    lab.emulator.updateSettings({ activationDelayMs: 1_000 });
    await lab.direct().activeFlowLog({ regionId: REGION, flowLogId: e.id });
    expect(lab.cloud(e.id)!.status).toBe("Activating");
    await lab.delete(e);
    expect(lab.cloud(e.id)).toBeUndefined();
  });

  it("while Modifying: waits, deletes, gone", async () => {
    const e = await lab.create("d-modifying", args("vpc-demo0324"));
    lab.emulator.updateSettings({ transitionDelayMs: 800 });
    await lab.direct().modifyFlowLogAttribute({ regionId: REGION, flowLogId: e.id, description: "busy" });
    await lab.delete(e);
    expect(lab.cloud(e.id)).toBeUndefined();
  });

  it("a lost DeleteFlowLog answer (reset-after): looked at, ends gone", async () => {
    const e = await lab.create("d-lost", args("vpc-demo0325"));
    lab.emulator.addFault({ kind: "reset-after", action: "DeleteFlowLog", times: 1 });
    await lab.delete(e);
    expect(lab.cloud(e.id)).toBeUndefined();
  });

  // The engine keeps the old outputs on a `same` step, and delete reads its timeout from the stored outputs: a change of
  // timeouts alone must be an update for a raised delete timeout to reach a later destroy (a review found it did not).
  it("timeouts.delete raised alone, then destroy: the new timeout is used", async () => {
    fixture.setFlowLogs({ web: args("vpc-demo0326", { timeouts: { delete: "1s" } }) as never });
    const eng = lab.engine();
    await eng.up(fixture.program);
    const id = eng.state().resources[0]!.id;
    fixture.setFlowLogs({ web: args("vpc-demo0326", { timeouts: { delete: "30s" } }) as never });
    const writes = () => Object.entries(lab.emulator.stats().byAction).filter(([action]) => !action.startsWith("Describe")).reduce((n, [, count]) => n + count, 0);
    const writesBefore = writes();
    const second = await eng.up(fixture.program);
    expect(second.events.filter((x) => x.phase === "done").map((x) => x.op)).toEqual(["update"]);
    expect(writes()).toBe(writesBefore);
    lab.emulator.updateSettings({ transitionDelayMs: 3_000 });
    let failure: unknown;
    try {
      await eng.destroy();
    } catch (err) {
      failure = err;
    }
    const stored = eng.state().resources[0]?.outputs.timeouts;
    // Whatever happened, do not leave the flow log behind.
    await lab.waitCloud(id, (f) => f === undefined, 10_000);
    expect({ failure: failure instanceof Error ? failure.message : failure, storedTimeouts: stored }).toEqual({ failure: undefined, storedTimeouts: undefined });
  }, 60_000);
});

describe("secrets", () => {
  it("no AccessKeySecret or SecurityToken in outputs, inputs, errors or provider and engine logs", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
