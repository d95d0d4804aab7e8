/**
 * A flow log made from the Log Service console (ServiceType sls) "cannot be modified, started, stopped or deleted through
 * the VPC API" (api NOTES.md). Imported or read into a stack, an update that would modify, start or stop it, and a delete,
 * fail at once with what to do instead (errors.ts slsManagedError), before the service would refuse, and change nothing;
 * an update of only its tags and resource group works. The emulator holds one through a state file, as a Log Service console would make it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveState, startEmulator, type RunningEmulator } from "../../src/emulator";
import { FlowLogProvider } from "../../src/provider";
import { emulatorConfig } from "./helpers/emulator-config";

const ID = "fl-sls0000000000000001";
const stored = {
  flowLogId: ID, regionId: "cn-hangzhou", flowLogName: "from-sls", description: "", resourceType: "VPC", resourceId: "vpc-demo0960",
  vpcId: "vpc-demo0960", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", aggregationInterval: 10,
  trafficPath: ["all"], ipVersion: "IPv4", logFormat: "", resourceGroupId: "rg-acfmdefault0001", tags: [], status: "Active",
  businessStatus: "Normal", flowLogDeliverStatus: "SUCCESS", flowLogDeliverErrorMessage: "", serviceType: "sls",
  creationTime: "2026-01-01T00:00:00Z", createdAtMs: 0, visibleAfterMs: 0, pending: null,
};

let dir: string;
let emulator: RunningEmulator;
let provider: FlowLogProvider;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "sls-managed-"));
  const stateFile = path.join(dir, "state.json");
  saveState(stateFile, { version: 1, savedAtMs: Date.now(), settings: {}, flowLogs: [stored] } as never, Date.now());
  emulator = await startEmulator({ port: 0, stateFile, settings: { activationDelayMs: 100, transitionDelayMs: 100 } });
  provider = new FlowLogProvider({ log: () => undefined });
  await provider.configure(emulatorConfig(emulator.url));
});
afterAll(async () => {
  await provider?.ctx.close();
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The flow log as a read by id sees it (refresh, a get, the import option's create): outputs and inputs. */
async function imported() {
  const read = await provider.read(ID, {});
  expect(read.props).toMatchObject({ serviceType: "sls", flowLogName: "from-sls" });
  return { outs: read.props!, ins: read.inputs! };
}

const writes = () => Object.entries(emulator.stats().byAction).filter(([action]) => !["DescribeFlowLogs", "ListTagResources"].includes(action));

describe("a flow log made by Log Service (ServiceType sls) in a stack", () => {
  it.each([
    ["a rename", { flowLogName: "renamed" }, "modify"],
    ["stopping it", { status: "Inactive" }, "stop"],
    // The refusal comes before any step of the update, not at the first refused one: nothing half done.
    ["a rename with new tags and resource group", { flowLogName: "renamed", tags: { team: "ops" }, resourceGroupId: "rg-acfmdemo0002" }, "modify"],
    ["stopping it with new tags (planned before the stop)", { status: "Inactive", tags: { team: "ops" } }, "stop"],
  ])("%s fails at once naming the flow log, ServiceType sls and what to do; nothing is sent", async (_what, change, verb) => {
    const { outs, ins } = await imported();
    const before = writes();
    const checked = await provider.check(outs, { ...ins, ...change });
    const error = await provider.update(ID, outs, checked.inputs!).catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain(`FlowLog ${ID} was made from the Log Service console (ServiceType sls): the VPC API cannot ${verb} it.`);
    expect((error as Error).message).toContain("pulumi state delete");
    expect(writes()).toEqual(before);
    expect(emulator.flowLogs()[0]).toMatchObject({ flowLogName: "from-sls", status: "Active", tags: [], resourceGroupId: "rg-acfmdefault0001" });
  });

  it("its tags still change (TagResources is not refused)", async () => {
    const { outs, ins } = await imported();
    const checked = await provider.check(outs, { ...ins, tags: { team: "net" } });
    const { outs: after } = await provider.update(ID, outs, checked.inputs!);
    expect(after).toMatchObject({ tags: { team: "net" }, serviceType: "sls" });
  });

  it("delete of one already removed (in the Log Service console) succeeds, as any delete of a flow log already gone", async () => {
    const { outs } = await imported();
    const elsewhere = await startEmulator({ port: 0 });
    const other = new FlowLogProvider({ log: () => undefined });
    try {
      await other.configure(emulatorConfig(elsewhere.url));
      await expect(other.delete(ID, outs)).resolves.toBeUndefined();
      expect(elsewhere.stats().byAction.DeleteFlowLog ?? 0).toBe(0);
    } finally {
      await other.ctx.close();
      await elsewhere.stop();
    }
  });

  it("delete fails at once, before DeleteFlowLog, and the flow log stays", async () => {
    const { outs } = await imported();
    const before = writes();
    const error = await provider.delete(ID, outs).catch((e: unknown) => e as Error);
    expect((error as Error).message).toContain("the VPC API cannot delete it");
    expect(writes()).toEqual(before);
    expect(emulator.flowLogs().map((f) => f.flowLogId)).toEqual([ID]);
  });
});
