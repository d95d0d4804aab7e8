// Lifecycle harness: one emulator + ONE real @pulumi/pulumi dynamic-provider process, driven over gRPC with the
// engine's step rules, as test/faults/provider-stack.ts does, but exposing every RPC so a test can play the engine
// step by step (check, diff, create, update, read for refresh and for import, delete). Loads the BUILT package (dist).
// Every text it sees is kept, so a test can search it for the STS secret and token (`leaks`).
import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { VpcClient } from "../../src/client";
import { startEmulator, type EmulatorSettings, type RunningEmulator } from "../../src/emulator";
import {
  MiniEngine,
  ResourceInitFailedError,
  startProviderProcess,
  type ConfigValue,
  type PropertyMap,
  type ProviderProcess,
} from "../../src/testing";
import { builtShimText } from "../faults/provider-stack";

export const REGION = "cn-hangzhou";
export const PROJECT_DIR = path.join(__dirname, "../..");
const TYPE = "pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog";

/** STS credentials the emulator accepts; the secret and token must never show anywhere. */
export const STS = {
  accessKeyId: "STS.LifecycleKey01",
  accessKeySecret: "Lifecycle-Secret+/=0123456789abcdef",
  securityToken: "LifecycleToken+/==CAIS0123456789/abc+def==",
};

export const FAST: Partial<EmulatorSettings> = { activationDelayMs: 200, transitionDelayMs: 150 };

/** The stack configuration every provider process here gets: the emulator's endpoint and the STS keys, as secrets. */
function stackConfig(endpoint: string): Record<string, ConfigValue> {
  return {
    "alicloud:region": REGION,
    "alicloud:accessKey": STS.accessKeyId,
    "alicloud:secretKey": { value: STS.accessKeySecret, secret: true },
    "alicloud:securityToken": { value: STS.securityToken, secret: true },
    "alicloud-flowlog:endpoint": endpoint,
  };
}

/** No Alibaba Cloud credentials from the test runner's environment may reach a provider process. */
const NO_ENV_CREDENTIALS = { ALIBABA_CLOUD_ACCESS_KEY_ID: undefined, ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined, ALIBABA_CLOUD_SECURITY_TOKEN: undefined };

/** One resource as the engine keeps it. */
export interface Entry {
  readonly name: string;
  readonly id: string;
  readonly inputs: PropertyMap;
  readonly outputs: PropertyMap;
  readonly initFailed?: boolean;
}

export function args(vpc: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { resourceType: "VPC", resourceId: vpc, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", ...extra };
}

export function urnOf(name: string): string {
  return `urn:pulumi:dev::lifecycle::${TYPE}::${name}`;
}

export class Lab {
  /** Every text the secrets must never appear in: provider log lines, error messages, outputs, inputs. */
  readonly haystack: string[] = [];
  private client: VpcClient | undefined;

  private constructor(
    readonly emulator: RunningEmulator,
    readonly provider: ProviderProcess,
    readonly shim: string,
    readonly lines: string[],
  ) {}

  static async start(settings: Partial<EmulatorSettings> = FAST, extraConfig: Record<string, string> = {}): Promise<Lab> {
    const emulator = await startEmulator({ port: 0, settings, stsTokens: [STS] });
    const shim = await builtShimText();
    const lines: string[] = [];
    const provider = await startProviderProcess({
      projectDir: PROJECT_DIR,
      project: "lifecycle",
      env: { ...NO_ENV_CREDENTIALS, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" },
      onLog: (line) => lines.push(line.text),
    });
    await provider.configure({ ...stackConfig(emulator.url), "alicloud-flowlog:requestTimeout": "2s", ...extraConfig });
    return new Lab(emulator, provider, shim, lines);
  }

  /**
   * A mini engine (src/testing/engine.ts) for whole `pulumi` runs against this emulator, with a provider process of its
   * own; its log lines join the texts searched for secrets.
   */
  engine(state?: ReturnType<MiniEngine["state"]>): MiniEngine {
    return new MiniEngine({
      project: "lifecycle",
      projectDir: PROJECT_DIR,
      config: stackConfig(this.emulator.url),
      providerEnv: NO_ENV_CREDENTIALS,
      onLog: (line) => this.lines.push(line.text),
      ...(state ? { state } : {}),
    });
  }

  direct(): VpcClient {
    this.client ??= new VpcClient({
      regionId: REGION,
      endpoint: this.emulator.url,
      credentials: STS,
      rateLimit: false,
    });
    return this.client;
  }

  private keep<T>(value: T): T {
    this.haystack.push(JSON.stringify(value));
    return value;
  }

  private async guard<T>(p: Promise<T>): Promise<T> {
    try {
      return this.keep(await p);
    } catch (e) {
      const err = e as Error & { properties?: unknown };
      this.haystack.push(`${err.message}\n${String(err.stack)}\n${JSON.stringify(err.properties ?? {})}`);
      throw e;
    }
  }

  async check(news: Record<string, unknown>, olds: PropertyMap = {}): Promise<PropertyMap> {
    const checked = await this.guard(this.provider.check(urnOf("x"), olds, { ...news, __provider: this.shim }));
    if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    return checked.inputs;
  }

  async create(name: string, a: Record<string, unknown>): Promise<Entry> {
    const inputs = await this.check(a);
    const created = await this.guard(this.provider.create(urnOf(name), inputs));
    return { name, id: created.id, inputs, outputs: created.properties };
  }

  async diff(entry: Entry, a: Record<string, unknown>) {
    const inputs = await this.check(a, entry.inputs);
    const diff = await this.guard(this.provider.diff(entry.id, urnOf(entry.name), entry.outputs, inputs, entry.inputs));
    return { diff, inputs };
  }

  /** Engine's `up` step for a known resource: diff, then update when changed (or init-failed); replaces are refused here. */
  async up(entry: Entry, a: Record<string, unknown>): Promise<{ entry: Entry; op: "same" | "update"; error?: unknown }> {
    const { diff, inputs } = await this.diff(entry, a);
    if (diff.replaces.length > 0) throw new Error(`unexpected replace: ${diff.replaces.join(",")}`);
    if (diff.changes !== "some" && !entry.initFailed) return { entry: { ...entry, inputs }, op: "same" };
    try {
      const outputs = await this.guard(this.provider.update(entry.id, urnOf(entry.name), entry.outputs, inputs, entry.inputs));
      return { entry: { name: entry.name, id: entry.id, inputs, outputs }, op: "update" };
    } catch (error) {
      if (ResourceInitFailedError.isInstance(error)) {
        return { entry: { name: entry.name, id: error.id, inputs, outputs: error.properties, initFailed: true }, op: "update", error };
      }
      throw error;
    }
  }

  /** Engine's refresh: Read with the prior outputs; undefined when gone. Inputs replaced when read returns some. */
  async refresh(entry: Entry): Promise<Entry | undefined> {
    const read = await this.guard(this.provider.read(entry.id, urnOf(entry.name), entry.outputs, entry.inputs));
    if (!read.id) return undefined;
    return { name: entry.name, id: read.id, inputs: read.inputs ?? entry.inputs, outputs: read.properties };
  }

  /**
   * The `import` resource option as FlowLog registers it: the input `importId`, then Check and Create, which adopts the
   * flow log or fails (provider/import-existing.ts). `entry` when imported, `error` otherwise.
   */
  async importId(name: string, id: string, a: Record<string, unknown>): Promise<{ entry?: Entry; error?: Error }> {
    const inputs = await this.check({ ...a, importId: id });
    try {
      const created = await this.guard(this.provider.create(urnOf(name), inputs));
      return { entry: { name, id: created.id, inputs, outputs: created.properties } };
    } catch (error) {
      return { error: error as Error };
    }
  }

  async delete(entry: Entry): Promise<void> {
    await this.guard(this.provider.delete(entry.id, urnOf(entry.name), entry.outputs, entry.inputs));
  }

  cloud(id: string) {
    return this.emulator.flowLogs().find((f) => f.flowLogId === id);
  }

  async waitCloud(id: string, pred: (f: ReturnType<Lab["cloud"]>) => boolean, timeoutMs = 5_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pred(this.cloud(id))) {
      if (Date.now() > end) throw new Error(`cloud state of ${id} not reached: ${JSON.stringify(this.cloud(id))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Secrets found in anything collected (empty when none). */
  leaks(): string[] {
    const all = [...this.haystack, ...this.lines].join("\n");
    return [STS.accessKeySecret, STS.securityToken, encodeURIComponent(STS.accessKeySecret), encodeURIComponent(STS.securityToken)].filter((s) =>
      all.includes(s),
    );
  }

  async stop(): Promise<void> {
    await this.provider.stop();
    await this.client?.close();
    await this.emulator.stop();
  }
}

/**
 * One Lab for a test file: started before its tests (`onStart` then sees it), stopped after them; before each test,
 * faults are cleared and the emulator's timings set back to `settings`.
 */
export function useLab(onStart: (lab: Lab) => void | Promise<void>, settings: Partial<EmulatorSettings> = FAST): void {
  let lab: Lab | undefined;
  beforeAll(async () => {
    lab = await Lab.start(settings);
    await onStart(lab);
  });
  afterAll(async () => {
    await lab?.stop();
  });
  beforeEach(() => {
    lab?.emulator.clearFaults();
    lab?.emulator.updateSettings({ stuckActivating: false, ...settings });
  });
}
