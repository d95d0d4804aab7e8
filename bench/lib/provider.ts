/**
 * The real `@pulumi/pulumi` dynamic-provider process, started and configured against an emulator, with the FlowLog's
 * serialized `__provider` text: what `pulumi up` runs. Uses the BUILT package (`npm run build` first): the text
 * requires "pulumi-alicloud-flowlog/provider", which resolves through the node_modules self link.
 */
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { flowLogProviderShim } from "pulumi-alicloud-flowlog/provider";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../src/emulator/defaults";
import { startProviderProcess, type CreateResult, type ProviderProcess } from "../../src/testing/provider-process";
import type { PropertyMap } from "../../src/testing/values";

/** Repository root: the provider process runs here, as it would in a Pulumi project that installed the package. */
export const PROJECT_DIR = resolve(__dirname, "..", "..");
const PROJECT = "bench";
/** Region of every benchmark flow log (the emulator's default region). */
export const REGION_ID = "cn-hangzhou";

/** The text `new FlowLog(...)` puts into `__provider` (dynamic/index.js serializeProvider). */
export async function serializedProvider(): Promise<string> {
  const provider = flowLogProviderShim;
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** `vpc-demo0001` ... `vpc-demo1000`: the default world's VPCs (1-based). */
export function demoVpc(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new RangeError(`the default world has vpc-demo0001 to vpc-demo1000, not ${n}`);
  return `vpc-demo${String(n).padStart(4, "0")}`;
}

/** A dynamic-provider process configured for one emulator. */
export interface BenchProvider {
  readonly process: ProviderProcess;
  /** Check then Create of a FlowLog on this VPC, as the engine does for a new resource. */
  create(name: string, vpcId: string): Promise<CreateResult>;
  /** Delete with the outputs Create returned. */
  delete(name: string, created: CreateResult): Promise<void>;
  stop(): Promise<void>;
}

function urnOf(name: string): string {
  return `urn:pulumi:bench::${PROJECT}::pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog::${name}`;
}

/**
 * Spawns the process, sends Configure (region, the emulator's default keys, the endpoint, then `extraConfig` such as
 * `alicloud-flowlog:describeRate`) and one warm-up Check (which
 * loads the package in the process), so later calls measure only Check/Create/Delete. `providerText` defaults to {@link serializedProvider}.
 * @throws ProviderProcessError when the process does not start
 */
export async function startBenchProvider(
  emulatorUrl: string,
  providerText?: string,
  extraConfig: Readonly<Record<string, string>> = {},
): Promise<BenchProvider> {
  const text = providerText ?? (await serializedProvider());
  const running = await startProviderProcess({
    projectDir: PROJECT_DIR,
    project: PROJECT,
    env: { ALIBABA_CLOUD_VPC_ENDPOINT: emulatorUrl },
  });
  await configureForEmulator(running, emulatorUrl, extraConfig);
  const check = async (name: string, vpcId: string): Promise<PropertyMap> => {
    const news: PropertyMap = {
      __provider: text,
      resourceType: "VPC",
      resourceId: vpcId,
      trafficType: "All",
      projectName: "flowlog-project",
      logStoreName: "flowlog-store",
    };
    const checked = await running.check(urnOf(name), {}, news);
    if (checked.failures.length > 0) throw new Error(`Check refused ${name}: ${JSON.stringify(checked.failures)}`);
    return checked.inputs;
  };
  // The first Check loads `__provider` and our package in the process: start-up, which startup.ts measures, not this.
  await check("warm-up", "vpc-demo1000");
  return {
    process: running,
    create: async (name, vpcId) => running.create(urnOf(name), await check(name, vpcId)),
    delete: (name, created) => running.delete(created.id, urnOf(name), created.properties),
    stop: () => running.stop(),
  };
}

/** Configure as the engine sends it: the secret key wrapped as a secret. */
export function configureForEmulator(provider: ProviderProcess, emulatorUrl: string, extraConfig: Readonly<Record<string, string>> = {}): Promise<void> {
  return provider.configure({
    "alicloud:region": REGION_ID,
    "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
    "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
    "alicloud-flowlog:endpoint": emulatorUrl,
    ...extraConfig,
  });
}
