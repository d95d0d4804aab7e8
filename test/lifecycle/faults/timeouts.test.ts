// The resource's `timeouts` argument bounds update and delete even when a write hangs or every read fails,
// in the units README documents (Go durations: "1500ms", ".025m", "1s"). The provider process gets a 30 s request
// timeout (alicloud-flowlog:requestTimeout), so only timeouts.* can end these operations in seconds.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "../../provider/write-faults/harness";
import { args, FAST, Lab } from "../lab";
import { until } from "../../faults/helpers";
import { calls, writesSince } from "./observe";

let lab: Lab;
beforeAll(async () => {
  lab = await Lab.start(FAST, { "alicloud-flowlog:requestTimeout": "30s" });
});
afterAll(async () => {
  await lab?.stop();
});
beforeEach(() => {
  lab.emulator.clearFaults();
  lab.emulator.updateSettings({ stuckActivating: false, ...FAST });
});

describe("timeouts under faults", () => {
  it('timeouts.update "1500ms" while ModifyFlowLogAttribute hangs 4 s: init failure within ~1.5 s; the late write lands and the next up sends nothing', async () => {
    const a0 = args("vpc-demo0621", { flowLogName: "n0" });
    const e = await lab.create("t-hang", a0);
    lab.emulator.addFault({ kind: "latency", action: "ModifyFlowLogAttribute", latencyMs: 4_000, times: 1 });
    const a1 = { ...a0, flowLogName: "n1", timeouts: { update: "1500ms" } };
    const started = Date.now();
    const r = await lab.up(e, a1);
    const ms = Date.now() - started;
    expect(r.entry.initFailed).toBe(true);
    expect(ms).toBeLessThan(3_500);
    expect((r.error as Error).message).toContain(e.id);
    await lab.waitCloud(e.id, (f) => f?.flowLogName === "n1" && f.status === "Active", 8_000);
    const before = calls(lab);
    const r2 = await lab.up(r.entry, a1);
    expect(r2.error).toBeUndefined();
    expect(writesSince(lab, before)).toEqual({});
    expect(r2.entry.outputs.flowLogName).toBe("n1");
    await lab.delete(r2.entry);
  }, 30_000);

  it('timeouts.update ".025m" (1.5 s) with every DescribeFlowLogs failing (503): the update ends within a few seconds, naming the flow log', async () => {
    const a0 = args("vpc-demo0622", { flowLogName: "n0" });
    const e = await lab.create("t-noread", a0);
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs" });
    const started = Date.now();
    const message = await lab.up(e, { ...a0, flowLogName: "n1", timeouts: { update: ".025m" } }).then(
      (r) => (r.error as Error | undefined)?.message ?? "no error",
      (err: Error) => err.message,
    );
    const ms = Date.now() - started;
    lab.emulator.clearFaults();
    expect(ms).toBeLessThan(4_500);
    expect(message).toContain(e.id);
    expect(lab.cloud(e.id)?.flowLogName).toBe("n0");
    await lab.delete(e);
  }, 30_000);

  it('timeouts.delete "1s" (stored by create) while DeleteFlowLog hangs 4 s: the delete ends within ~1 s naming the flow log; running it again after the late write lands succeeds', async () => {
    const e = await lab.create("t-del-hang", args("vpc-demo0623", { timeouts: { delete: "1s" } }));
    expect(e.outputs.timeouts).toMatchObject({ delete: "1s" });
    lab.emulator.addFault({ kind: "latency", action: "DeleteFlowLog", latencyMs: 4_000, times: 1 });
    const started = Date.now();
    const message = await lab.delete(e).then(
      () => "no error",
      (err: Error) => err.message,
    );
    const ms = Date.now() - started;
    expect(ms).toBeLessThan(3_000);
    expect(message).toContain(e.id);
    await sleep(4_000);
    await until(() => lab.cloud(e.id) === undefined || lab.cloud(e.id)?.status === "Deleting", 5_000);
    await lab.delete(e);
    expect(lab.cloud(e.id)).toBeUndefined();
  }, 30_000);

  it('timeouts.delete "2s": DeleteFlowLog accepted, then every DescribeFlowLogs fails: ends within ~2 s naming the flow log', async () => {
    lab.emulator.updateSettings({ transitionDelayMs: 10_000 });
    const e = await lab.create("t-del-noread", args("vpc-demo0624", { timeouts: { delete: "2s" } }));
    const base = lab.emulator.stats().byAction.DeleteFlowLog ?? 0;
    lab.emulator.addFault({ kind: "latency", action: "DeleteFlowLog", latencyMs: 200, times: 1 });
    const started = Date.now();
    const pending = lab.delete(e).then(
      () => "no error",
      (err: Error) => err.message,
    );
    await until(() => (lab.emulator.stats().byAction.DeleteFlowLog ?? 0) > base);
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs" });
    const message = await pending;
    const ms = Date.now() - started;
    lab.emulator.clearFaults();
    expect(ms).toBeLessThan(4_500);
    expect(message).toContain(e.id);
    expect(message).toMatch(/within 2s/);
    lab.emulator.reset();
  }, 30_000);

  it("no secret reaches anything the provider process wrote or answered", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
