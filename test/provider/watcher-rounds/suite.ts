/**
 * One emulator per file; per test a fresh proxy (fresh client limiter: its key is the endpoint), a provider configured
 * against the proxy, and another client straight to the emulator (the other tool changing the region).
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { VpcClient } from "../../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type EmulatorSettings, type RunningEmulator } from "../../../src/emulator";
import { FlowLogProvider, type ProviderSettings } from "../../../src/provider";
import { startProxy, type Proxy } from "./proxy";

export function config(url: string, extra: Record<string, string> = {}) {
  const values: Record<string, string> = {
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
    "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
    "alicloud-flowlog:endpoint": url,
    ...extra,
  };
  return { config: { get: (key: string) => values[key] } };
}

export const vpc = (n: number): string => `vpc-demo${String(n).padStart(4, "0")}`;

export function args(resourceId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { resourceType: "VPC", resourceId, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", ...extra };
}

export interface Suite {
  readonly emulator: RunningEmulator;
  readonly proxy: Proxy;
  readonly provider: FlowLogProvider;
  readonly other: VpcClient;
  readonly lines: string[];
  /** check + create through the provider; resolves to the id or the error. */
  create(resourceId: string, extra?: Record<string, unknown>, region?: string): Promise<{ id?: string; error?: Error; ms: number }>;
}

export function suite(options: { settings: Partial<EmulatorSettings>; provider?: Partial<ProviderSettings>; config?: Record<string, string> }): Suite {
  let emulator: RunningEmulator | undefined;
  let other: VpcClient | undefined;
  let proxy: Proxy | undefined;
  let provider: FlowLogProvider | undefined;
  const lines: string[] = [];
  beforeAll(async () => {
    emulator = await startEmulator({ settings: options.settings });
    other = new VpcClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET }, rateLimit: false });
  });
  beforeEach(async () => {
    emulator!.reset();
    lines.length = 0;
    proxy = await startProxy(emulator!.url);
    provider = new FlowLogProvider({ log: (line) => lines.push(`${Date.now()} ${line}`), ...options.provider });
    await provider.configure(config(proxy.url, options.config));
  });
  afterEach(async () => {
    emulator?.clearFaults();
    if (proxy) proxy.hook = undefined;
    await proxy?.close();
    await provider?.ctx.close();
  });
  afterAll(async () => {
    await other?.close();
    await emulator?.stop();
  });
  const s: Suite = {
    get emulator() {
      return emulator!;
    },
    get proxy() {
      return proxy!;
    },
    get provider() {
      return provider!;
    },
    get other() {
      return other!;
    },
    lines,
    async create(resourceId, extra = {}, region) {
      const started = Date.now();
      const checked = await provider!.check({}, args(resourceId, { ...(region ? { regionId: region } : {}), ...extra }));
      if (checked.failures?.length) throw new Error(JSON.stringify(checked.failures));
      try {
        const r = await provider!.create(checked.inputs as Record<string, unknown>);
        return { id: r.id, ms: Date.now() - started };
      } catch (error) {
        return { error: error as Error, ms: Date.now() - started };
      }
    },
  };
  return s;
}
