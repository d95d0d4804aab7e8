// Credentials from the @alicloud/credentials chain whose source file is malformed. Promise
// (README "Configuration": "secrets stay in the provider process's memory and never reach the state, logs or errors";
// docs/ARCHITECTURE.md: "No error, log line or stack contains an AccessKeySecret, security token or signature").
// Drives the real dynamic-provider process (dist: `npm run build` first) against the emulator.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { startProviderProcess, type ProviderProcess } from "../../src/testing";
import { builtShimText } from "../faults/provider-stack";
import { cleanEnv } from "./clean-env";

const PROJECT_DIR = path.join(__dirname, "../..");
const SECRET = "Chain-Secret+/=0123456789abcdef";
const TOKEN = "ChainToken+/==CAIS0123456789/abc+def==";

let emulator: RunningEmulator;
let shim: string;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 100, transitionDelayMs: 100 } });
  shim = await builtShimText();
});
afterAll(async () => {
  await emulator?.stop();
});

/** A HOME whose ~/.aliyun/config.json is one line of JSON with a trailing comma (JSON.parse refuses it). */
function homeWithBrokenCliConfig(): string {
  const home = mkdtempSync(path.join(tmpdir(), "rv-chain-"));
  mkdirSync(path.join(home, ".aliyun"));
  const profile = `{"name":"pulumi","mode":"StsToken","access_key_id":"STS.ChainKey01","access_key_secret":"${SECRET}","sts_token":"${TOKEN}","region_id":"cn-hangzhou",}`;
  writeFileSync(path.join(home, ".aliyun/config.json"), `{"current":"pulumi","profiles":[${profile}]}`);
  return home;
}

async function failedCreate(config: Record<string, string>, home: string): Promise<{ message: string; logs: string }> {
  let provider: ProviderProcess | undefined;
  try {
    provider = await startProviderProcess({ projectDir: PROJECT_DIR, project: "rv", env: cleanEnv(home) });
    await provider.configure({ "alicloud:region": "cn-hangzhou", "alicloud-flowlog:endpoint": emulator.url, "alicloud-flowlog:requestTimeout": "2s", ...config });
    const news = { resourceType: "VPC", resourceId: "vpc-demo0901", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", __provider: shim };
    const checked = await provider.check("urn:pulumi:dev::rv::pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog::c", {}, news);
    let message = "";
    try {
      await provider.create("urn:pulumi:dev::rv::pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog::c", checked.inputs);
      message = "(create succeeded)";
    } catch (e) {
      message = `${(e as Error).message}\n${String((e as Error).stack)}`;
    }
    await new Promise((r) => setTimeout(r, 200));
    return { message, logs: provider.logs().map((l) => l.text).join("\n") };
  } finally {
    await provider?.stop();
  }
}

describe("malformed CLI profile file holding the secret", () => {
  it("alicloud:profile set: create fails without the AccessKeySecret or token in the error or the logs", async () => {
    const { message, logs } = await failedCreate({ "alicloud:profile": "pulumi" }, homeWithBrokenCliConfig());
    expect(message).toMatch(/credentials/i); // it did fail on credentials (the check can fail)
    // Broken promise: README "Configuration" / ARCHITECTURE "No error ... contains an AccessKeySecret, security token".
    // @alicloud/credentials' cli_profile.js throws `parse aliyun cli config from '<path>' failed: ${content}` and
    // resolveCredentials copies its first line (300 chars) into the CredentialsError.
    expect(`${message}\n${logs}`).not.toContain(SECRET);
    expect(`${message}\n${logs}`).not.toContain(TOKEN);
    expect(emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0901")).toEqual([]);
  }, 30_000);

  it("no profile (default chain reaches the CLI profile): no secret in the error or the logs", async () => {
    const { message, logs } = await failedCreate({}, homeWithBrokenCliConfig());
    expect(message).toMatch(/credentials/i);
    expect(`${message}\n${logs}`).not.toContain(SECRET);
    expect(`${message}\n${logs}`).not.toContain(TOKEN);
    expect(emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0901")).toEqual([]);
  }, 30_000);
});
