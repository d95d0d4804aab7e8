// A replacement in another region captures another resource (VPCs, vSwitches and ENIs are regional; the one flow log per
// resource limit is about one resource): diff answers deleteBeforeReplace false, so the new flow log is created first
// and a replacement that cannot be created (here: the VPC exists only in the old region) leaves the old one logging.
// Through the mini engine and the real dynamic-provider process (built package: `npm run build` first).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { MiniEngine, type ConfigValue } from "../../src/testing";
import { FlowLog } from "./built-package";

const sls = [{ name: "flowlog-project", logstores: ["flowlog-store"] }];
const WORLD = {
  defaultRegionId: "cn-hangzhou",
  regions: [
    { regionId: "cn-hangzhou", vpcs: [{ id: "vpc-hz0001" }], slsProjects: sls },
    { regionId: "cn-shanghai", vpcs: [{ id: "vpc-sh0001" }], slsProjects: sls },
  ],
  resourceGroups: [{ id: "rg-acfmdefault0001", name: "default" }],
  defaultResourceGroupId: "rg-acfmdefault0001",
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, world: WORLD as never, settings: { activationDelayMs: 100, transitionDelayMs: 100 } });
});
afterAll(async () => {
  await emulator?.stop();
});

function engine(region: string, state?: ReturnType<MiniEngine["state"]>): MiniEngine {
  const config: Record<string, ConfigValue> = {
    "alicloud:region": region,
    "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
    "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
    "alicloud-flowlog:endpoint": emulator.url,
  };
  return new MiniEngine({ project: "region-change", projectDir: path.join(__dirname, "../.."), config, ...(state ? { state } : {}) });
}

const program = () => {
  const log = new FlowLog("web", {
    resourceType: "VPC",
    resourceId: "vpc-hz0001",
    trafficType: "All",
    projectName: "flowlog-project",
    logStoreName: "flowlog-store",
  });
  return { id: log.flowLogId };
};

describe("a region change is not a change to the same resource", () => {
  it("changing alicloud:region: the old flow log must survive a replacement that cannot be created", async () => {
    const first = engine("cn-hangzhou");
    await first.up(program);
    const oldId = first.state().resources[0]!.id;
    expect(emulator.flowLogs().map((f) => f.flowLogId)).toEqual([oldId]);

    const moved = engine("cn-shanghai", first.state());
    const preview = await moved.preview(program);
    expect(preview.events.find((e) => e.phase === "done")).toMatchObject({ op: "replace", detail: "regionId" });
    await expect(moved.up(program)).rejects.toThrow(/InvalidInstanceId|does not exist/i);
    try {
      // Create-first would have failed before touching the old flow log; delete-first removed it.
      expect(emulator.flowLogs().map((f) => f.flowLogId)).toEqual([oldId]);
    } finally {
      for (const f of emulator.flowLogs()) await engine(f.regionId, moved.state()).destroy().catch(() => undefined);
      emulator.reset();
    }
  }, 90_000);
});
