import { describe, expect, it } from "vitest";
import { ManualClock, parseSnapshot, VpcService } from "../../../src/emulator/model";
import { create, expectServiceError, harness, seededRandom, statusOf, type Harness } from "./helpers";
import { dispatch } from "../../../src/emulator/handlers";

/** Saves to JSON text and restores on a clock that starts where the old one stopped (plus `downtimeMs`). */
function restart(h: Harness, downtimeMs = 0): Harness {
  const text = JSON.stringify(h.service.snapshot());
  h.service.dispose();
  const clock = new ManualClock(h.clock.now() + downtimeMs);
  const service = VpcService.restore(text, { clock, random: seededRandom(99) });
  return { service, clock, call: (action, params) => dispatch(service, action, params) };
}

describe("snapshot -> JSON -> restore", () => {
  it("keeps every flow log, field for field, and the settings in force", () => {
    const h = harness({ activationDelayMs: 3000, quotaPerRegion: 7 });
    create(h, { FlowLogName: "one", "Tag.1.Key": "env", "Tag.1.Value": "prod" });
    create(h, { RegionId: "cn-shanghai", ResourceType: "NetworkInterface", ResourceId: "eni-demo0003", AggregationInterval: "1" });
    h.clock.advance(3000);
    h.call("OpenFlowLogService", { RegionId: "cn-beijing" });
    const before = h.service.allFlowLogs();
    const restored = restart(h);
    expect(restored.service.allFlowLogs()).toEqual(before);
    expect(restored.service.settings).toMatchObject({ quotaPerRegion: 7, serviceOpen: { "cn-beijing": true } });
  });

  it("resumes timers: a flow log saved in Activating finishes activating at its original due time", () => {
    const h = harness({ activationDelayMs: 3000 });
    const id = create(h);
    h.clock.advance(1000);
    const restored = restart(h);
    expect(statusOf(restored, id)).toBe("Activating");
    restored.clock.advance(1999);
    expect(statusOf(restored, id)).toBe("Activating");
    restored.clock.advance(1);
    expect(statusOf(restored, id)).toBe("Active");
  });

  it("finishes an overdue transition right away and completes a pending delete", () => {
    const h = harness();
    const a = create(h);
    const b = create(h, { ResourceId: "vpc-demo0002" });
    h.clock.advance(3000);
    h.call("DeleteFlowLog", { RegionId: "cn-hangzhou", FlowLogId: b });
    h.call("DeactiveFlowLog", { RegionId: "cn-hangzhou", FlowLogId: a });
    const restored = restart(h, 60_000);
    expect(statusOf(restored, a)).toBe("Deactivating");
    restored.clock.advance(0);
    expect(statusOf(restored, a)).toBe("Inactive");
    expect(restored.service.allFlowLogs().map((f) => f.flowLogId)).toEqual([a]);
  });

  it("keeps a stuck flow log stuck while stuckActivating holds, and rules still apply after restore", () => {
    const h = harness({ stuckActivating: true });
    const id = create(h);
    const restored = restart(h);
    restored.clock.advance(100_000);
    expect(statusOf(restored, id)).toBe("Activating");
    expectServiceError(() => restored.call("DeleteFlowLog", { RegionId: "cn-hangzhou", FlowLogId: id }), "IncorrectStatus.flowlog");
    restored.service.updateSettings({ stuckActivating: false });
    restored.clock.advance(3000);
    expect(statusOf(restored, id)).toBe("Active");
    expectServiceError(() => restored.call("CreateFlowLog", { RegionId: "cn-hangzhou", ResourceType: "VPC", ResourceId: "vpc-demo0001", TrafficType: "All", ProjectName: "flowlog-project", LogStoreName: "flowlog-store" }), "InvalidResourceId.NotFound");
  });

  it("lets restore options override the saved settings", () => {
    const h = harness({ stuckActivating: true });
    const id = create(h);
    const clock = new ManualClock(h.clock.now());
    const service = VpcService.restore(h.service.snapshot(), { clock, settings: { stuckActivating: false, activationDelayMs: 10 } });
    clock.advance(10);
    expect(service.allFlowLogs().find((f) => f.flowLogId === id)?.status).toBe("Active");
  });

  it("refuses a malformed snapshot with the field named", () => {
    expect(() => parseSnapshot({ version: 1, savedAtMs: 0, settings: {}, flowLogs: [{ flowLogId: "fl-x" }] })).toThrow(/flowLogs\.0\./);
    expect(() => parseSnapshot({ version: 2, savedAtMs: 0, settings: {}, flowLogs: [] })).toThrow(/version/);
    expect(() => VpcService.restore("not json")).toThrow(SyntaxError);
  });
});
