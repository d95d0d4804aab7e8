// Whole runs under the mini engine (setMocks + the real dynamic-provider process over gRPC) against the
// emulator, with STS credentials as config secrets and FlowLog args given as pulumi.secret(). Searched: the state JSON
// (`pulumi stack export` form) after create, update, refresh, import and an init failure; the provider's log lines; the
// engine's events; every failing run's error (message, stack, JSON, inspect). Needs `npm run build`.
import path from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../../src/client";
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { loadProgramModule } from "../../../src/testing/load-program";
import { MiniEngine, type ConfigValue, type EngineEvent } from "../../../src/testing";
import { knownSpellings } from "./helpers";
import type * as Fixture from "../../odd-input/fixtures/program";

const fixture = loadProgramModule(path.join(__dirname, "../../odd-input/fixtures/program.ts")) as unknown as typeof Fixture;
const { pulumi } = fixture;
const PROJECT_DIR = path.join(__dirname, "../..");

const STS = { accessKeyId: "STS.LeakEngine01", accessKeySecret: "RevEng-Secret+/=0123456789abcdef", securityToken: "RevEngToken+/==CAIS0123/abc+def==" };

let emulator: RunningEmulator;
let direct: VpcClient;
/** Texts that may never hold a credential or a secret arg: state JSON, provider lines, events, errors. */
const haystack: string[] = [];
/** Only the state JSON, searched for secret args after each step. */
let lastStateJson = "";

function config(endpoint: string): Record<string, ConfigValue> {
  return {
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": STS.accessKeyId,
    "alicloud:secretKey": { value: STS.accessKeySecret, secret: true },
    "alicloud:securityToken": { value: STS.securityToken, secret: true },
    "alicloud-flowlog:endpoint": endpoint,
    "alicloud-flowlog:requestTimeout": "2s",
  };
}

function engine(state?: ReturnType<MiniEngine["state"]>): MiniEngine {
  return new MiniEngine({
    project: "leaks",
    projectDir: PROJECT_DIR,
    config: config(emulator.url),
    providerEnv: { ALIBABA_CLOUD_ACCESS_KEY_ID: undefined, ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined, ALIBABA_CLOUD_SECURITY_TOKEN: undefined, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" },
    onLog: (line) => haystack.push(line.text),
    onEvent: (e: EngineEvent) => haystack.push(JSON.stringify(e)),
    ...(state ? { state } : {}),
  });
}

function keepState(e: MiniEngine): string {
  lastStateJson = e.stateJson();
  haystack.push(lastStateJson);
  return lastStateJson;
}

async function failing(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { errors?: unknown[] };
    haystack.push(err.message, String(err.stack), inspect(err, { depth: null }));
    for (const inner of err.errors ?? []) haystack.push(inspect(inner, { depth: null, showHidden: true }), JSON.stringify(inner) ?? "");
    return err;
  }
  throw new Error("the run succeeded");
}

function base(vpc: unknown, extra: Record<string, unknown> = {}) {
  return { resourceType: "VPC", resourceId: vpc, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", ...extra } as never;
}

/** Secret args and credentials found in `texts`. */
function found(texts: readonly string[], secrets: readonly string[]): string[] {
  return secrets.flatMap((s) => knownSpellings(s)).filter((s) => texts.some((t) => t.includes(s)));
}

const CREDENTIALS = [STS.accessKeySecret, STS.securityToken];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 200, transitionDelayMs: 150 }, stsTokens: [STS] });
  direct = new VpcClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials: STS, rateLimit: false });
});
afterAll(async () => {
  await direct?.close();
  await emulator?.stop();
});

describe("secret args stay sealed in the state JSON", () => {
  it("create, update, refresh with drift, destroy", async () => {
    const d1 = "desc-SECRET-arg-7f3a";
    const d2 = "desc-SECRET-arg-v2-88";
    const drift = "desc-SECRET-drift-55";
    const name = "name-SECRET-arg-91bc";
    const tag = "tagval-SECRET-arg-22";
    const vpc = "vpc-demo0777";
    const spec = (description: string) => () => ({
      web: base(pulumi.secret(vpc), { description: pulumi.secret(description), flowLogName: pulumi.secret(name), tags: pulumi.secret({ team: tag }) }),
    });
    const eng = engine();
    fixture.setFlowLogs(spec(d1));
    const up1 = await eng.up(fixture.program);
    expect(up1.secretOutputs).toEqual(expect.arrayContaining(["webDescription", "webTags"]));
    expect(found([keepState(eng)], [d1, name, tag, `"${vpc}"`])).toEqual([]);
    const id = eng.state().resources[0]!.id;

    fixture.setFlowLogs(spec(d2));
    await eng.up(fixture.program);
    expect(emulator.flowLogs().find((f) => f.flowLogId === id)?.description).toBe(d2);
    expect(found([keepState(eng)], [d1, d2, name, tag, `"${vpc}"`])).toEqual([]);

    await direct.modifyFlowLogAttribute({ flowLogId: id, description: drift });
    await new Promise((r) => setTimeout(r, 400));
    await eng.refresh();
    expect(eng.state().resources[0]!.outputs.description).toBe(drift);
    expect(found([keepState(eng)], [d2, drift, name, tag, `"${vpc}"`])).toEqual([]);

    await eng.destroy();
    expect(found(haystack, CREDENTIALS)).toEqual([]);
  }, 90_000);

  it("the import option: adopted with secret args; a mismatching secret arg is not quoted", async () => {
    const vpc = "vpc-demo0778";
    const made = await direct.createFlowLog({
      resourceType: "VPC", resourceId: vpc, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store",
      description: "imp-SECRET-desc-31", flowLogName: "imp-SECRET-name-32", tag: [{ key: "k", value: "imp-SECRET-tag-33" }],
    });
    const id = made.FlowLogId;
    await new Promise((r) => setTimeout(r, 400));

    const wrong = engine();
    fixture.setFlowLogs(() => ({ imp: base(vpc, { description: pulumi.secret("imp-SECRET-wrong-34"), flowLogName: pulumi.secret("imp-SECRET-name-32"), tags: pulumi.secret({ k: "imp-SECRET-tag-33" }) }) }), { imp: id });
    const err = await failing(wrong.up(fixture.program));
    expect(err.message).toMatch(/description differ/);
    expect(found([err.message, String(err.stack)], ["imp-SECRET-wrong-34", "imp-SECRET-desc-31", "imp-SECRET-name-32", "imp-SECRET-tag-33"])).toEqual([]);

    const eng = engine();
    fixture.setFlowLogs(() => ({ imp: base(vpc, { description: pulumi.secret("imp-SECRET-desc-31"), flowLogName: pulumi.secret("imp-SECRET-name-32"), tags: pulumi.secret({ k: "imp-SECRET-tag-33" }) }) }), { imp: id });
    await eng.up(fixture.program);
    expect(eng.state().resources[0]!.id).toBe(id);
    expect(found([keepState(eng)], ["imp-SECRET-desc-31", "imp-SECRET-name-32", "imp-SECRET-tag-33"])).toEqual([]);
    await eng.refresh();
    expect(found([keepState(eng)], ["imp-SECRET-desc-31", "imp-SECRET-name-32", "imp-SECRET-tag-33"])).toEqual([]);
    await eng.destroy();
    expect(found(haystack, CREDENTIALS)).toEqual([]);
  }, 90_000);

  it("an init failure (stuck Activating past timeouts.create): initErrors and properties hold no secret arg", async () => {
    emulator.updateSettings({ stuckActivating: true });
    try {
      const eng = engine();
      fixture.setFlowLogs(() => ({ init: base("vpc-demo0779", { description: pulumi.secret("init-SECRET-desc-41"), tags: pulumi.secret({ t: "init-SECRET-tag-42" }), timeouts: { create: "2s" } }) }));
      const err = await failing(eng.up(fixture.program));
      expect(err.message).toMatch(/Activ/);
      const r = eng.state().resources[0]!;
      expect(r.initErrors?.length).toBeGreaterThan(0);
      expect(found([keepState(eng), err.message], ["init-SECRET-desc-41", "init-SECRET-tag-42"])).toEqual([]);
    } finally {
      emulator.updateSettings({ stuckActivating: false });
    }
    // Clean up: the flow log is stuck Activating until the setting is lifted; a fresh engine from scratch deletes it.
    for (const f of emulator.flowLogs().filter((x) => x.resourceId === "vpc-demo0779")) {
      await direct.deleteFlowLog({ flowLogId: f.flowLogId }).catch(() => undefined);
    }
    expect(found(haystack, CREDENTIALS)).toEqual([]);
  }, 90_000);

  it("check failures of secret free-text values quote none of them", async () => {
    const long = `chk-SECRET-desc-${"x".repeat(300)}`;
    const tagValue = `chk-SECRET-tag-${"y".repeat(130)}`;
    const eng = engine();
    fixture.setFlowLogs(() => ({
      chk: base(pulumi.secret("eni-chkSECRET51"), { description: pulumi.secret(long), flowLogName: pulumi.secret(`chk-SECRET-name-${"z".repeat(130)}`), tags: pulumi.secret({ k: tagValue }), resourceGroupId: pulumi.secret("chk SECRET rg") }),
    }));
    const err = await failing(eng.up(fixture.program));
    expect(err.message).toMatch(/description|resourceId/);
    expect(found([err.message, String(err.stack)], ["chk-SECRET", "chkSECRET51", "chk SECRET rg"])).toEqual([]);
    expect(emulator.flowLogs().filter((f) => f.resourceId.startsWith("eni-chk"))).toEqual([]);
  }, 60_000);
});
