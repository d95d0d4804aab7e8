/**
 * check refuses a FlowLog with no region anywhere (provider.ts), but only a new one: a FlowLog whose last inputs hold its
 * region (created while alicloud:region or ALIBABA_CLOUD_REGION was set) keeps it when no region is configured any more.
 * The engine part loads the BUILT package (`npm run build`, as `npm test` does).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { FlowLogProvider } from "../../src/provider";
import { MiniEngine, type Program } from "../../src/testing/engine";
import { loadProgramModule } from "../../src/testing/load-program";
import type { ConfigValue } from "../../src/testing/provider-process";
import type * as Example from "../../examples/flowlog/program";

const VALID = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" };

describe("check: region of an existing FlowLog (unit)", () => {
  it("a FlowLog whose old inputs hold regionId passes check with no region configured", async () => {
    const provider = new FlowLogProvider({ env: {}, log: () => undefined });
    await provider.configure({ config: { get: () => undefined } });
    const olds = { ...VALID, regionId: "cn-hangzhou", status: "Active", timeouts: { create: "10m", update: "10m", delete: "10m" } };
    const { failures } = await provider.check(olds, { ...VALID });
    expect(failures).toEqual([]);
  });

  it("an unknown regionId at preview is not refused", async () => {
    const provider = new FlowLogProvider({ env: {}, log: () => undefined });
    await provider.configure({ config: { get: () => undefined } });
    const { failures } = await provider.check({}, { ...VALID, regionId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    expect(failures).toEqual([]);
  });

  it("a region from the provider process's environment or from Configure only is enough", async () => {
    const fromEnv = new FlowLogProvider({ env: { ALIBABA_CLOUD_REGION: "cn-shanghai" }, log: () => undefined });
    await fromEnv.configure({ config: { get: () => undefined } });
    expect(await fromEnv.check({}, VALID)).toMatchObject({ failures: [], inputs: { regionId: "cn-shanghai" } });
    const fromConfig = new FlowLogProvider({ env: {}, log: () => undefined });
    await fromConfig.configure({ config: { get: (k: string) => (k === "alicloud:region" ? "cn-beijing" : undefined) } });
    expect(await fromConfig.check({}, VALID)).toMatchObject({ failures: [], inputs: { regionId: "cn-beijing" } });
  });
});

const exampleDir = path.join(__dirname, "../../examples/flowlog");
const { flowLogProgram } = loadProgramModule(path.join(exampleDir, "program.ts")) as unknown as typeof Example;
const program: Program = flowLogProgram;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 100, transitionDelayMs: 50 } });
});
afterAll(async () => {
  await emulator?.stop();
});

const credentials: Record<string, ConfigValue> = {
  "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
  "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
};

describe("check: region of an existing FlowLog (engine + real provider process)", () => {
  it("an up on a stack created with alicloud:region still works once the region is no longer configured", async () => {
    const env = { ALIBABA_CLOUD_VPC_ENDPOINT: emulator.url, ALIBABA_CLOUD_REGION: undefined, ALICLOUD_REGION: undefined };
    const first = new MiniEngine({ project: "flowlog-example", projectDir: exampleDir, providerEnv: env, config: { ...credentials, "alicloud:region": "cn-hangzhou" } });
    const created = await first.up(program);
    expect(String(created.outputs.flowLogId)).toMatch(/^fl-/);

    // Same program, same state, region no longer configured (e.g. CI without ALIBABA_CLOUD_REGION): the stored region serves.
    const later = new MiniEngine({
      project: "flowlog-example",
      projectDir: exampleDir,
      providerEnv: env,
      config: { ...credentials, description: "changed later" },
      state: first.state(),
    });
    const outcome = await later.up(program).then(
      (r) => r.events.filter((e) => e.phase === "done").map((e) => e.op),
      (e: unknown) => `failed: ${e instanceof Error ? e.message : String(e)}`,
    );
    expect(outcome).toEqual(["update"]);
    expect(emulator.flowLogs().map((f) => f.description)).toEqual(["changed later"]);
  }, 30_000);
});
