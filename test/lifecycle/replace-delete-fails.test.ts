// A create-first replacement (here: another region) whose old flow log cannot be deleted: the engine keeps the old copy
// in the checkpoint (`delete: true`) and deletes it at the next update, so it never becomes an orphan. The mini engine
// (src/testing/engine.ts, StackState.pendingDeletes) does the same; the provider leaves the old flow log as it was.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { MiniEngine, type ConfigValue } from "../../src/testing";
import { FlowLog } from "./built-package";

describe("a create-first replacement (another region) whose old delete fails, under the mini engine", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 100, transitionDelayMs: 100 } });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  const engine = (state?: ReturnType<MiniEngine["state"]>) =>
    new MiniEngine({
      project: "replace-delete-fails",
      projectDir: path.join(__dirname, "../.."),
      config: {
        "alicloud:region": "cn-hangzhou",
        "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
        "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
        "alicloud-flowlog:endpoint": emulator.url,
      } as Record<string, ConfigValue>,
      ...(state ? { state } : {}),
    });

  const program = (regionId: string) => () => ({
    id: new FlowLog("web", {
      resourceType: "VPC",
      resourceId: "vpc-demo0501",
      trafficType: "All",
      projectName: "flowlog-project",
      logStoreName: "flowlog-store",
      regionId,
      timeouts: { delete: "3s" },
    }).flowLogId,
  });

  it("the old flow log stays in the state (delete: true) and the next up deletes it: never an orphan", async () => {
    const eng = engine();
    await eng.up(program("cn-hangzhou"));
    const oldId = eng.state().resources[0]!.id;
    emulator.addFault({ kind: "unavailable", action: "DeleteFlowLog" });
    try {
      await expect(eng.up(program("cn-shanghai"))).rejects.toThrow(/DeleteFlowLog|ServiceUnavailable|deleted/);
      emulator.clearFaults();
      const newId = eng.state().resources[0]!.id;
      expect(newId).not.toBe(oldId);
      expect(eng.state().pendingDeletes?.map((r) => r.id)).toEqual([oldId]);
      const saved = JSON.parse(eng.stateJson()) as { deployment: { resources: { id?: string; delete?: boolean }[] } };
      expect(saved.deployment.resources.filter((r) => r.delete).map((r) => r.id)).toEqual([oldId]);
      expect(emulator.flowLogs().map((f) => f.flowLogId).sort()).toEqual([oldId, newId].sort());

      const next = await eng.up(program("cn-shanghai"));
      expect(next.events.filter((e) => e.phase === "done").map((e) => `${e.op} ${e.id}`)).toEqual([`same ${newId}`, `delete ${oldId}`]);
      expect(eng.state().pendingDeletes ?? []).toEqual([]);
      await eng.destroy();
      expect(emulator.flowLogs()).toEqual([]);
    } finally {
      emulator.clearFaults();
      await eng.destroy().catch(() => undefined);
      emulator.reset();
    }
  }, 90_000);
});
