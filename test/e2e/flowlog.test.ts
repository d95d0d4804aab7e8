// End to end: the example program (examples/flowlog/program.ts, which imports the BUILT package) under the mini engine,
// answered by the real @pulumi/pulumi dynamic-provider process, against the emulator over real HTTP. After each step the
// emulator's inspection must show exactly the flow logs that should exist. Needs `npm run build` (npm test does it).
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../src/emulator/defaults";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { MiniEngine, type Program } from "../../src/testing/engine";
import { loadProgramModule } from "../../src/testing/load-program";
import type { ConfigValue } from "../../src/testing/provider-process";
import type * as Example from "../../examples/flowlog/program";

const exampleDir = path.join(__dirname, "../../examples/flowlog");
const { flowLogProgram } = loadProgramModule(path.join(exampleDir, "program.ts")) as unknown as typeof Example;
const program: Program = flowLogProgram;

let emulator: RunningEmulator;
let client: VpcClient;
const config: Record<string, ConfigValue> = {
  "alicloud:region": "cn-hangzhou",
  // Credentials through the stack config, the secret as a secret: the state must never hold it.
  "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
  "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 400, transitionDelayMs: 100 } });
  client = new VpcClient({
    regionId: "cn-hangzhou",
    endpoint: emulator.url,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
  });
});
afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

function engineWith(extra: Record<string, ConfigValue>, state?: ReturnType<MiniEngine["state"]>): MiniEngine {
  return new MiniEngine({
    project: "flowlog-example",
    projectDir: exampleDir,
    providerEnv: { ALIBABA_CLOUD_VPC_ENDPOINT: emulator.url },
    config: { ...config, ...extra },
    state,
  });
}

/** Every flow log the emulator holds, hidden and transitional ones included. */
function cloud(): { id: string; status: string; trafficType: string; description: string }[] {
  return emulator.flowLogs().map((f) => ({ id: f.flowLogId, status: f.status, trafficType: f.trafficType, description: f.description }));
}

describe("example program end to end", () => {
  it("create -> Active -> outputs -> refresh sees drift -> update in place -> replace -> delete", async () => {
    // create
    let engine = engineWith({});
    const created = await engine.up(program);
    const id1 = String(created.outputs.flowLogId);
    expect(id1).toMatch(/^fl-/);
    expect(created.outputs).toMatchObject({ status: "Active", resourceGroupId: "rg-acfmdefault0001" });
    expect(cloud()).toEqual([expect.objectContaining({ id: id1, status: "Active", trafficType: "All" })]);
    const stateJson = engine.stateJson();
    expect(stateJson).not.toContain(DEFAULT_ACCESS_KEY_SECRET);
    expect(stateJson).toContain(id1);

    // a second up changes nothing
    const again = await engine.up(program);
    expect(again.events.filter((e) => e.phase === "done").map((e) => e.op)).toEqual(["same"]);
    expect(cloud().map((f) => f.id)).toEqual([id1]);

    // drift: the description is changed behind Pulumi's back; refresh takes it into the state
    await client.modifyFlowLogAttribute({ regionId: "cn-hangzhou", flowLogId: id1, description: "changed by hand" });
    await engine.refresh();
    expect(engine.state().resources[0]!.outputs.description).toBe("changed by hand");

    // update in place: the program now sets its own description
    engine = engineWith({ description: "managed by pulumi" }, engine.state());
    const updated = await engine.up(program);
    expect(updated.events.filter((e) => e.phase === "done").map((e) => e.op)).toEqual(["update"]);
    expect(updated.outputs.flowLogId).toBe(id1);
    expect(cloud()).toEqual([expect.objectContaining({ id: id1, status: "Active", description: "managed by pulumi" })]);

    // replace: trafficType cannot change in place
    engine = engineWith({ description: "managed by pulumi", trafficType: "Allow" }, engine.state());
    const replaced = await engine.up(program);
    const id2 = String(replaced.outputs.flowLogId);
    expect(id2).toMatch(/^fl-/);
    expect(id2).not.toBe(id1);
    expect(replaced.outputs.status).toBe("Active");
    expect(cloud()).toEqual([expect.objectContaining({ id: id2, status: "Active", trafficType: "Allow" })]);

    // delete
    await engine.destroy();
    expect(cloud()).toEqual([]);
    expect(engine.state().resources).toEqual([]);
  }, 90_000); // five provider processes and three activations: about 15 s alone, more beside other test files
});
