// Edge cases of the `import` resource option as FlowLog serves it (the input importId, adopted by create:
// src/provider/import-existing.ts), through the mini engine and the real dynamic-provider process (built package: `npm
// run build` first). An option naming another flow log than the one in the state is an import replacement, as the
// engine's (pkg/resource/deploy/step_generator.go: an `import` id other than the resource's is an import): the named
// one adopted (or the run failing), then the old one deleted. `{ import: "" }` is no import, as the SDK sends it.
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { MiniEngine, type ConfigValue } from "../../src/testing";
import { FlowLog } from "./built-package";

const REGION = "cn-hangzhou";
let emulator: RunningEmulator;
let client: VpcClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 100, transitionDelayMs: 100 } });
  client = new VpcClient({
    regionId: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    rateLimit: false,
  });
});
afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});
beforeEach(() => {
  emulator.updateSettings({ activationDelayMs: 100, transitionDelayMs: 100, maxFlowLogsPerResource: 1 });
});

function engine(state?: ReturnType<MiniEngine["state"]>): MiniEngine {
  const config: Record<string, ConfigValue> = {
    "alicloud:region": REGION,
    "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
    "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
    "alicloud-flowlog:endpoint": emulator.url,
  };
  return new MiniEngine({ project: "import-edges", projectDir: path.join(__dirname, "../.."), config, ...(state ? { state } : {}) });
}

const base = (vpc: string, extra: Record<string, unknown> = {}) => ({
  resourceType: "VPC",
  resourceId: vpc,
  trafficType: "All",
  projectName: "flowlog-project",
  logStoreName: "flowlog-store",
  ...extra,
});

/** Makes a flow log outside Pulumi (another tool) and waits until it is Active. */
async function outOfBand(vpc: string, extra: Record<string, unknown> = {}): Promise<string> {
  const made = await client.createFlowLog({ regionId: REGION, ...base(vpc), ...extra } as never);
  const id = String((made as { FlowLogId: string }).FlowLogId);
  await waitCloud(id, (f) => f?.status === "Active");
  return id;
}

const cloud = (id: string) => emulator.flowLogs().find((f) => f.flowLogId === id);

async function waitCloud(id: string, pred: (f: ReturnType<typeof cloud>) => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred(cloud(id))) {
    if (Date.now() > end) throw new Error(`cloud state of ${id} not reached: ${JSON.stringify(cloud(id))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const ops = (events: readonly { phase: string; op: string }[]) => events.filter((e) => e.phase === "done").map((e) => e.op);

async function cleanup(eng: MiniEngine, ids: readonly string[]): Promise<void> {
  await eng.destroy().catch(() => undefined);
  for (const id of ids) {
    if (cloud(id)) await client.deleteFlowLog({ regionId: REGION, flowLogId: id }).catch(() => undefined);
  }
}

describe("the import option naming another flow log than the one in the state", () => {
  it("re-added with B's id on a resource holding A: B adopted unchanged, A deleted (an import replacement)", async () => {
    emulator.updateSettings({ maxFlowLogsPerResource: 2 });
    const eng = engine();
    const ids: string[] = [];
    try {
      const a = await outOfBand("vpc-demo0401", { flowLogName: "a" });
      const b = await outOfBand("vpc-demo0401", { flowLogName: "b" });
      ids.push(a, b);
      // First up imports A; the option is then removed, as README asks.
      await eng.up(() => ({ id: new FlowLog("web", base("vpc-demo0401", { flowLogName: "a" }) as never, { import: a }).flowLogId }));
      await eng.up(() => ({ id: new FlowLog("web", base("vpc-demo0401", { flowLogName: "a" }) as never).flowLogId }));
      // Later the program imports B instead, with args that describe B exactly.
      const run = await eng.up(() => ({ id: new FlowLog("web", base("vpc-demo0401", { flowLogName: "b" }) as never, { import: b }).flowLogId }));
      expect(ops(run.events)).toEqual(["replace", "delete"]);
      expect(eng.state().resources.map((r) => r.id)).toEqual([b]);
      expect(cloud(b)?.flowLogName).toBe("b");
      expect(cloud(a)).toBeUndefined();
    } finally {
      await cleanup(eng, ids);
    }
  }, 90_000);

  it("naming a flow log that does not exist, on a resource already in the state: up fails, the old one kept", async () => {
    const eng = engine();
    const ids: string[] = [];
    try {
      const a = await outOfBand("vpc-demo0402");
      ids.push(a);
      await eng.up(() => ({ id: new FlowLog("web", base("vpc-demo0402") as never, { import: a }).flowLogId }));
      await expect(eng.up(() => ({ id: new FlowLog("web", base("vpc-demo0402") as never, { import: "fl-doesnotexist1" }).flowLogId }))).rejects.toThrow(
        /flow log fl-doesnotexist1 does not exist in cn-hangzhou/,
      );
      expect(eng.state().resources.map((r) => r.id)).toEqual([a]);
      expect(cloud(a)?.status).toBe("Active");
    } finally {
      await cleanup(eng, ids);
    }
  }, 90_000);
});

describe("the import option given as an empty string", () => {
  // The SDK sends `importId: opts.import || ""` (runtime/resource.js) and the engine imports only when goal.ID != "".
  it("`{ import: \"\" }` is no import: a plain create", async () => {
    const eng = engine();
    try {
      const result = await eng
        .up(() => ({ id: new FlowLog("web", base("vpc-demo0409") as never, { import: "" }).flowLogId }))
        .then((r) => ops(r.events).join(","), (e: Error) => `error: ${e.message}`);
      expect(result, result).toBe("create");
    } finally {
      await cleanup(eng, []);
    }
  }, 60_000);
});

describe("import edges", () => {
  it("import + customTimeouts: the state keeps the customTimeouts; the next up is 'same'", async () => {
    const eng = engine();
    const ids: string[] = [];
    try {
      const a = await outOfBand("vpc-demo0403");
      ids.push(a);
      const prog = () => ({
        id: new FlowLog("web", base("vpc-demo0403") as never, { import: a, customTimeouts: { delete: "3m", create: "2m" } }).flowLogId,
      });
      expect(ops((await eng.up(prog)).events)).toEqual(["create"]);
      expect(eng.state().resources[0]!.outputs.timeouts).toMatchObject({ delete: "3m", create: "2m" });
      expect(ops((await eng.up(prog)).events)).toEqual(["same"]);
    } finally {
      await cleanup(eng, ids);
    }
  }, 90_000);

  it("status Inactive on an Active flow log: refused naming status, the flow log stays Active", async () => {
    const eng = engine();
    const ids: string[] = [];
    try {
      const a = await outOfBand("vpc-demo0404");
      ids.push(a);
      await expect(
        eng.up(() => ({ id: new FlowLog("web", base("vpc-demo0404", { status: "Inactive" }) as never, { import: a }).flowLogId })),
      ).rejects.toThrow(/do not match the existing flow log fl-\w+: status differ/);
      expect(cloud(a)?.status).toBe("Active");
      expect(eng.state().resources).toEqual([]);
    } finally {
      await cleanup(eng, ids);
    }
  }, 90_000);

  it("a flow log still Activating: the import waits for it and adopts it Active", async () => {
    emulator.updateSettings({ activationDelayMs: 2_000 });
    const eng = engine();
    const ids: string[] = [];
    try {
      const made = await client.createFlowLog({ regionId: REGION, ...base("vpc-demo0405") } as never);
      const a = String((made as { FlowLogId: string }).FlowLogId);
      ids.push(a);
      expect(cloud(a)?.status).toBe("Activating");
      await eng.up(() => ({ id: new FlowLog("web", base("vpc-demo0405") as never, { import: a }).flowLogId }));
      expect(eng.state().resources[0]).toMatchObject({ id: a, outputs: { status: "Active" } });
    } finally {
      await cleanup(eng, ids);
    }
  }, 90_000);

  it("import, refresh, up with the option kept: 'same'; deleted out of band + refresh: up fails with the hint", async () => {
    const eng = engine();
    const ids: string[] = [];
    try {
      const a = await outOfBand("vpc-demo0406");
      ids.push(a);
      const prog = () => ({ id: new FlowLog("web", base("vpc-demo0406") as never, { import: a }).flowLogId });
      await eng.up(prog);
      await eng.refresh();
      expect(ops((await eng.up(prog)).events)).toEqual(["same"]);
      await client.deleteFlowLog({ regionId: REGION, flowLogId: a });
      await waitCloud(a, (f) => f === undefined);
      await eng.refresh();
      expect(eng.state().resources).toEqual([]);
      await expect(eng.up(prog)).rejects.toThrow(/does not exist in cn-hangzhou.*remove the `import` option/);
    } finally {
      await cleanup(eng, ids);
    }
  }, 90_000);

  it("secret args: a mismatch names fields only; a match leaves no plaintext of the secret in the state JSON", async () => {
    const eng = engine();
    const ids: string[] = [];
    const SECRET = "very-secret-description-123";
    try {
      const a = await outOfBand("vpc-demo0407", { description: SECRET });
      ids.push(a);
      const wrong = "wrong-secret-description-456";
      const err = await eng
        .up(() => ({ id: new FlowLog("web", base("vpc-demo0407", { description: pulumi.secret(wrong) }) as never, { import: a }).flowLogId }))
        .then(() => undefined, (e: Error) => e);
      expect(err?.message).toMatch(/description differ/);
      expect(err?.message).not.toContain(wrong);
      expect(err?.message).not.toContain(SECRET);
      await eng.up(() => ({ id: new FlowLog("web", base("vpc-demo0407", { description: pulumi.secret(SECRET) }) as never, { import: a }).flowLogId }));
      expect(eng.state().resources[0]!.id).toBe(a);
      expect(eng.stateJson()).not.toContain(SECRET);
    } finally {
      await cleanup(eng, ids);
    }
  }, 90_000);
});
