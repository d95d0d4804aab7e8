/**
 * The control API under /__emulator/ (settings such as stuckActivating and hideNewForMs, inspection, reset) and the
 * state file: flow logs survive a restart of the emulator, and DeleteFlowLog works against the new one.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadState, startEmulator, StateFileError, type EmulatedFlowLog, type RunningEmulator } from "../../src/emulator";
import { popClient, rawRequest, waitFor } from "./helpers";

const REGION = "cn-hangzhou";

async function create(port: number, resourceId: string): Promise<string> {
  const answer = await popClient(port).request<{ FlowLogId: string }>("CreateFlowLog", {
    RegionId: REGION,
    ResourceType: "VPC",
    ResourceId: resourceId,
    TrafficType: "All",
    ProjectName: "flowlog-project",
    LogStoreName: "flowlog-store",
  });
  return answer.FlowLogId;
}

async function describeOne(port: number, flowLogId: string): Promise<{ Status: string } | undefined> {
  const answer = await popClient(port).request<{ FlowLogs: { FlowLog: Array<{ Status: string }> } }>("DescribeFlowLogs", {
    RegionId: REGION,
    FlowLogId: flowLogId,
  });
  return answer.FlowLogs.FlowLog[0];
}

const json = (method: string, path: string, body?: unknown) => (port: number) =>
  rawRequest(port, { method, path, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("control API", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ settings: { activationDelayMs: 100, transitionDelayMs: 50 } });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it("keeps a flow log in Activating while stuckActivating is on, and lets it finish when turned off", async () => {
    const patched = await json("PATCH", "/__emulator/settings", { stuckActivating: true })(emulator.port);
    expect(patched.status).toBe(200);
    expect(patched.json().stuckActivating).toBe(true);
    const id = await create(emulator.port, "vpc-demo0301");
    await new Promise((r) => setTimeout(r, 250));
    expect((await describeOne(emulator.port, id))?.Status).toBe("Activating");
    await json("PATCH", "/__emulator/settings", { stuckActivating: false })(emulator.port);
    await waitFor(async () => ((await describeOne(emulator.port, id))?.Status === "Active" ? true : undefined));
  });

  it("hides a new flow log from DescribeFlowLogs for hideNewForMs while inspection shows it", async () => {
    await json("PATCH", "/__emulator/settings", { hideNewForMs: 300 })(emulator.port);
    const id = await create(emulator.port, "vpc-demo0302");
    expect(await describeOne(emulator.port, id)).toBeUndefined();
    const listed = (await json("GET", "/__emulator/flowlogs")(emulator.port)).json().flowLogs as EmulatedFlowLog[];
    expect(listed.some((f) => f.flowLogId === id)).toBe(true);
    await waitFor(async () => ((await describeOne(emulator.port, id)) ? true : undefined));
    await json("PATCH", "/__emulator/settings", { hideNewForMs: 0 })(emulator.port);
  });

  it("reports stats, lists and clears faults, and resets everything", async () => {
    const stats = (await json("GET", "/__emulator/stats")(emulator.port)).json();
    expect(stats.total).toBeGreaterThan(0);
    expect((stats.byAction as Record<string, number>).CreateFlowLog).toBe(2);
    await json("POST", "/__emulator/faults", { kind: "latency", latencyMs: 1 })(emulator.port);
    expect((await json("GET", "/__emulator/faults")(emulator.port)).json().faults).toHaveLength(1);
    expect((await json("DELETE", "/__emulator/faults")(emulator.port)).json().faults).toEqual([]);
    const reset = await json("POST", "/__emulator/reset")(emulator.port);
    expect(reset.json()).toEqual({ reset: true });
    expect(emulator.flowLogs()).toEqual([]);
    expect(emulator.stats()).toEqual({ total: 0, byAction: {} });
    expect((await json("GET", "/__emulator/settings")(emulator.port)).json().activationDelayMs).toBe(100);
  });
});

describe("state file", () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "emulator-state-"));
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it("keeps flow logs across a restart; DeleteFlowLog works on the new emulator", async () => {
    const stateFile = join(directory, "nested", "state.json");
    const first = await startEmulator({ stateFile, settings: { activationDelayMs: 100, transitionDelayMs: 50 } });
    const id = await create(first.port, "vpc-demo0401");
    // Written after the change, before any stop: a killed emulator loses nothing.
    expect(loadState(stateFile)?.flowLogs.map((f) => f.flowLogId)).toEqual([id]);
    await waitFor(async () => ((await describeOne(first.port, id))?.Status === "Active" ? true : undefined));
    await first.stop();

    const second = await startEmulator({ stateFile, settings: { activationDelayMs: 100, transitionDelayMs: 50 } });
    try {
      expect((await describeOne(second.port, id))?.Status).toBe("Active");
      await popClient(second.port).request("DeleteFlowLog", { RegionId: REGION, FlowLogId: id });
      await waitFor(async () => ((await describeOne(second.port, id)) === undefined ? true : undefined));
    } finally {
      await second.stop();
    }
    expect(loadState(stateFile)?.flowLogs).toEqual([]);
    expect(readdirSync(join(directory, "nested")).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({ format: "alicloud-vpc-emulator-state", version: 1 });
  });

  it("refuses to start on a corrupt state file instead of discarding it", async () => {
    const stateFile = join(directory, "corrupt.json");
    writeFileSync(stateFile, "{ not json");
    await expect(startEmulator({ stateFile })).rejects.toSatisfy((e: unknown) => StateFileError.isInstance(e));
    writeFileSync(stateFile, JSON.stringify({ format: "alicloud-vpc-emulator-state", version: 1, snapshot: { version: 1 } }));
    await expect(startEmulator({ stateFile })).rejects.toSatisfy((e: unknown) => StateFileError.isInstance(e));
    expect(readFileSync(stateFile, "utf8")).toContain("alicloud-vpc-emulator-state");
  });

  it("starts empty when the state file does not exist yet", async () => {
    const stateFile = join(directory, "fresh.json");
    const emulator = await startEmulator({ stateFile });
    expect(emulator.flowLogs()).toEqual([]);
    await emulator.stop();
    expect(existsSync(stateFile)).toBe(true);
  });
});
