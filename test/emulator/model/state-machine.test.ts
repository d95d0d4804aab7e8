import { describe, expect, it } from "vitest";
import { dispatch } from "../../../src/emulator/handlers";
import { ManualClock, VpcService } from "../../../src/emulator/model";
import { create, expectServiceError, harness, seededRandom, statusOf, type Harness } from "./helpers";

const ref = (id: string) => ({ RegionId: "cn-hangzhou", FlowLogId: id });

describe("flow-log state machine (NOTES.md) on a manual clock", () => {
  it("Create: Activating, then Active after activationDelayMs", () => {
    const h = harness({ activationDelayMs: 3000 });
    const id = create(h);
    expect(statusOf(h, id)).toBe("Activating");
    h.clock.advance(2999);
    expect(statusOf(h, id)).toBe("Activating");
    h.clock.advance(1);
    expect(statusOf(h, id)).toBe("Active");
  });

  it("refuses every write action mid-transition with IncorrectStatus.flowlog", () => {
    const h = harness();
    const id = create(h);
    for (const action of ["ModifyFlowLogAttribute", "ActiveFlowLog", "DeactiveFlowLog", "DeleteFlowLog"]) {
      const error = expectServiceError(() => h.call(action, { ...ref(id), Description: "x" }), "IncorrectStatus.flowlog");
      expect(error.message).toBe("Invalid flowlog status.");
    }
    expect(statusOf(h, id)).toBe("Activating");
  });

  it("Modify: Modifying, then back to Active (attributes applied), and back to Inactive from Inactive", () => {
    const h = harness();
    const id = create(h);
    h.clock.advance(3000);
    expect(h.call("ModifyFlowLogAttribute", { ...ref(id), FlowLogName: "renamed", AggregationInterval: "5" })).toEqual({ Success: "true" });
    expect(statusOf(h, id)).toBe("Modifying");
    h.clock.advance(1000);
    const [flowLog] = h.service.allFlowLogs();
    expect(flowLog).toMatchObject({ status: "Active", flowLogName: "renamed", aggregationInterval: 5, pending: null });

    h.call("DeactiveFlowLog", ref(id));
    h.clock.advance(1000);
    h.call("ModifyFlowLogAttribute", { ...ref(id), Description: "d" });
    expect(statusOf(h, id)).toBe("Modifying");
    h.clock.advance(1000);
    expect(statusOf(h, id)).toBe("Inactive");
  });

  it("Modify validates like Create", () => {
    const h = harness();
    const id = create(h);
    h.clock.advance(3000);
    expectServiceError(() => h.call("ModifyFlowLogAttribute", { ...ref(id), AggregationInterval: "3" }), "IllegalParam.AggregationInterval");
    expectServiceError(() => h.call("ModifyFlowLogAttribute", { ...ref(id), IpVersion: "v6" }), "IllegalParam.IpVersion");
    expectServiceError(() => h.call("ModifyFlowLogAttribute", { ...ref(id), FlowLogName: "https://x" }), "ParameterInvalid");
    expect(statusOf(h, id)).toBe("Active");
  });

  it("Deactive: Deactivating -> Inactive; Active: Activating -> Active (also from Active)", () => {
    const h = harness();
    const id = create(h);
    h.clock.advance(3000);
    h.call("DeactiveFlowLog", ref(id));
    expect(statusOf(h, id)).toBe("Deactivating");
    h.clock.advance(1000);
    expect(statusOf(h, id)).toBe("Inactive");
    h.call("ActiveFlowLog", ref(id));
    expect(statusOf(h, id)).toBe("Activating");
    h.clock.advance(3000);
    expect(statusOf(h, id)).toBe("Active");
    h.call("ActiveFlowLog", ref(id));
    expect(statusOf(h, id)).toBe("Activating");
    h.clock.advance(3000);
    expect(statusOf(h, id)).toBe("Active");
  });

  it("Delete: Deleting (still listed, still counted), then gone; a second Delete while Deleting is IncorrectStatus.flowlog", () => {
    const h = harness({ quotaPerRegion: 1 });
    const id = create(h);
    h.clock.advance(3000);
    expect(h.call("DeleteFlowLog", ref(id))).toEqual({ Success: "true" });
    expect(statusOf(h, id)).toBe("Deleting");
    expectServiceError(() => h.call("DeleteFlowLog", ref(id)), "IncorrectStatus.flowlog");
    expectServiceError(() => h.call("CreateFlowLog", { RegionId: "cn-hangzhou", ResourceType: "VPC", ResourceId: "vpc-demo0009", TrafficType: "All", ProjectName: "flowlog-project", LogStoreName: "flowlog-store" }), "QuotaExceeded.FlowlogCount");
    h.clock.advance(1000);
    expect(statusOf(h, id)).toBeUndefined();
    expect(h.service.allFlowLogs()).toEqual([]);
    expectServiceError(() => h.call("DeleteFlowLog", ref(id)), "InvalidInstanceId.NotFound");
    // The resource is free again.
    expect(create(h)).toMatch(/^fl-/);
  });

  it("answers InvalidInstanceId.NotFound for an unknown FlowLogId or one of another region", () => {
    const h = harness();
    const id = create(h);
    for (const action of ["ModifyFlowLogAttribute", "ActiveFlowLog", "DeactiveFlowLog", "DeleteFlowLog"]) {
      expectServiceError(() => h.call(action, ref("fl-doesnotexist000000")), "InvalidInstanceId.NotFound");
      expectServiceError(() => h.call(action, { RegionId: "cn-shanghai", FlowLogId: id }), "InvalidInstanceId.NotFound");
    }
    expectServiceError(() => h.call("ActiveFlowLog", { RegionId: "nowhere", FlowLogId: id }), "InvalidRegionId.NotFound");
    expectServiceError(() => h.call("ActiveFlowLog", { RegionId: "cn-hangzhou" }), "MissingParameter");
  });

  it("stuckActivating keeps new and re-activated flow logs in Activating until turned off", () => {
    const h = harness({ stuckActivating: true });
    const id = create(h);
    h.clock.advance(60 * 60 * 1000);
    expect(statusOf(h, id)).toBe("Activating");
    expectServiceError(() => h.call("DeleteFlowLog", ref(id)), "IncorrectStatus.flowlog");
    h.service.updateSettings({ stuckActivating: false });
    h.clock.advance(2999);
    expect(statusOf(h, id)).toBe("Activating");
    h.clock.advance(1);
    expect(statusOf(h, id)).toBe("Active");
  });

  it("new delays apply to transitions started afterwards", () => {
    const h = harness();
    const id = create(h);
    h.service.updateSettings({ activationDelayMs: 10, transitionDelayMs: 5 });
    h.clock.advance(10);
    expect(statusOf(h, id)).toBe("Activating");
    h.clock.advance(2990);
    expect(statusOf(h, id)).toBe("Active");
    h.call("DeactiveFlowLog", ref(id));
    h.clock.advance(5);
    expect(statusOf(h, id)).toBe("Inactive");
  });

  it("dispose clears the timers", () => {
    const h = harness();
    const id = create(h);
    h.service.dispose();
    expect(h.clock.pendingCount()).toBe(0);
    h.clock.advance(10_000);
    expect(statusOf(h, id)).toBe("Activating");
  });
});

/** A harness whose one flow log (created, then Active) is given other stored fields, as a state file may hold them. */
function withStoredFields(fields: { serviceType?: string; businessStatus?: string; status?: "Inactive" }): { h: Harness; id: string } {
  const h = harness();
  const id = create(h);
  h.clock.advance(3000);
  const snapshot = h.service.snapshot();
  const stored = snapshot.flowLogs.map((f) => (f.flowLogId === id ? { ...f, ...fields } : f));
  const clock = new ManualClock();
  const service = VpcService.restore({ ...snapshot, flowLogs: stored }, { clock, random: seededRandom() });
  return { h: { service, clock, call: (action, params) => dispatch(service, action, params) }, id };
}

describe("write actions the service refuses on a settled flow log", () => {
  // NOTES.md: a flow log with ServiceType sls "cannot be modified, started, stopped or deleted through the VPC API". The
  // service's code is not published; the emulator's own is OperationDenied.ServiceTypeSls.
  it.each([
    ["ModifyFlowLogAttribute", { FlowLogName: "x" }],
    ["ActiveFlowLog", {}],
    ["DeactiveFlowLog", {}],
    ["DeleteFlowLog", {}],
  ])("%s on a flow log made by Log Service (ServiceType sls) is refused and changes nothing", (action, extra) => {
    const { h, id } = withStoredFields({ serviceType: "sls" });
    const before = h.service.allFlowLogs();
    expectServiceError(() => h.call(action, { ...ref(id), ...extra }), "OperationDenied.ServiceTypeSls");
    expect(h.service.allFlowLogs()).toEqual(before);
  });

  it("tags and resource group of an SLS-made flow log can still be changed (not among the refused actions)", () => {
    const { h, id } = withStoredFields({ serviceType: "sls" });
    h.call("TagResources", { RegionId: "cn-hangzhou", ResourceType: "FLOWLOG", "ResourceId.1": id, "Tag.1.Key": "k", "Tag.1.Value": "v" });
    expect(h.service.allFlowLogs()[0]!.tags).toEqual([{ Key: "k", Value: "v" }]);
  });

  // NOTES.md: ActiveFlowLog's errors include IncorrectBusinessStatus.FlowLog; BusinessStatus is Normal or FinancialLocked.
  it("ActiveFlowLog on a FinancialLocked flow log: IncorrectBusinessStatus.FlowLog, still Inactive", () => {
    const { h, id } = withStoredFields({ businessStatus: "FinancialLocked", status: "Inactive" });
    expectServiceError(() => h.call("ActiveFlowLog", ref(id)), "IncorrectBusinessStatus.FlowLog");
    expect(statusOf(h, id)).toBe("Inactive");
    // Stopping and deleting it are not refused.
    h.call("DeleteFlowLog", ref(id));
    expect(statusOf(h, id)).toBe("Deleting");
  });
});
