import { describe, expect, it } from "vitest";
import { create, expectServiceError, harness, statusOf } from "./helpers";

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
