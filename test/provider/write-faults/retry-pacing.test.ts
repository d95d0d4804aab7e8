// Passing failures (Throttling, 5xx) past the client's attempts are tried again within the resource's timeouts (README
// "Client defaults"), at a sane pace: a Throttling answer that asks for a pause (x-acs-retry-after, api NOTES.md) is
// honoured by create, update and delete too, also when the pause would outlast the time left (the client then gives up
// at once; the operation waits it out to its timeout instead of asking again). Without a pause asked, writes stay at a
// few per second. Uses the write-faults harness (in-process provider, a proxy that stamps calls).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Lab, args } from "./harness";

let lab: Lab;
beforeAll(async () => {
  lab = await Lab.start();
});
afterAll(async () => {
  await lab.stop();
});
beforeEach(() => lab.clear());

/** Arrival times (ms since `origin`) of every call of `action` the proxy sees from now on. */
function stamps(action: string): number[] {
  const at: number[] = [];
  lab.hooks.push({ action, times: 1e9, run: async () => void at.push(Date.now()) });
  return at;
}
const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]!);
function maxPerSecond(at: number[]): number {
  let best = 0;
  for (let i = 0; i < at.length; i++) best = Math.max(best, at.filter((t) => t >= at[i]! && t - at[i]! < 1000).length);
  return best;
}

describe("a Throttling answer with x-acs-retry-after 3 s, every time, timeouts 5s", () => {
  it("update: no ModifyFlowLogAttribute is sent less than 1 s after the previous one", async () => {
    const { id, outs } = await lab.create("vpc-demo0501");
    lab.emulator.addFault({ kind: "throttle", action: "ModifyFlowLogAttribute", retryAfterSeconds: 3 });
    const at = stamps("ModifyFlowLogAttribute");
    const r = await lab.update(id, outs, "vpc-demo0501", { flowLogName: "renamed", timeouts: { update: "5s" } });
    expect(r.error?.message).toMatch(/last error: ModifyFlowLogAttribute failed: Throttling/);
    expect(Math.min(...gaps(at)), `gaps ${gaps(at).join(",")}`).toBeGreaterThanOrEqual(1000);
  }, 20_000);

  it("delete: no DeleteFlowLog is sent less than 1 s after the previous one", async () => {
    const { id, outs } = await lab.create("vpc-demo0502", { timeouts: { delete: "5s" } });
    lab.emulator.addFault({ kind: "throttle", action: "DeleteFlowLog", retryAfterSeconds: 3 });
    const at = stamps("DeleteFlowLog");
    const r = await lab.delete(id, outs as never);
    expect(r.error?.message).toMatch(/last error: DeleteFlowLog failed: Throttling/);
    expect(Math.min(...gaps(at)), `gaps ${gaps(at).join(",")}`).toBeGreaterThanOrEqual(1000);
  }, 20_000);

  it("create: no CreateFlowLog is sent less than 1 s after the previous one, and none is made", async () => {
    lab.emulator.addFault({ kind: "throttle", action: "CreateFlowLog", retryAfterSeconds: 3 });
    const at = stamps("CreateFlowLog");
    const p = await lab.provider();
    try {
      const inputs = (await p.check({}, args("vpc-demo0503", { timeouts: { create: "5s" } }))).inputs!;
      const error = await p.create(inputs).then(() => undefined, (e: Error) => e);
      expect(error?.message).toMatch(/Throttling/);
    } finally {
      await p.ctx.close();
    }
    expect(lab.emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0503")).toEqual([]);
    expect(Math.min(...gaps(at)), `gaps ${gaps(at).join(",")}`).toBeGreaterThanOrEqual(1000);
  }, 20_000);
});

describe("Throttling / 503 with no x-acs-retry-after until the timeout", () => {
  it.each([
    ["throttle", "vpc-demo0504", /last error: ModifyFlowLogAttribute failed: Throttling/],
    ["unavailable", "vpc-demo0505", /last error: ModifyFlowLogAttribute failed: ServiceUnavailable/],
  ] as const)("update, %s: the timeout names the flow log and the real failure; writes stay at a few per second", async (kind, vpc, last) => {
    const { id, outs } = await lab.create(vpc);
    lab.emulator.addFault({ kind, action: "ModifyFlowLogAttribute" });
    const at = stamps("ModifyFlowLogAttribute");
    const described = stamps("DescribeFlowLogs");
    const r = await lab.update(id, outs, vpc, { flowLogName: "renamed", timeouts: { update: "6s" } });
    expect(r.error?.message).toContain(`FlowLog ${id} did not become settled after ModifyFlowLogAttribute (flowLogName) within 6s`);
    expect(r.error?.message).toMatch(last);
    expect(r.error?.message).not.toMatch(/deadline|rate limiter/);
    expect(r.error?.properties?.flowLogName).toBe(outs.flowLogName);
    expect(at.length / 6).toBeLessThan(4);
    expect(maxPerSecond(at)).toBeLessThanOrEqual(8);
    expect(maxPerSecond(described)).toBeLessThanOrEqual(8);
  }, 20_000);
});
