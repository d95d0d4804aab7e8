/**
 * The @alicloud/credentials default chain reached through VpcClient, with a CLI profile file (~/.aliyun/config.json
 * via HOME) that is malformed, missing or of a wrong type. One file per chain scenario: src/client/credentials.ts caches
 * session chains per profile for the module's life, and vitest gives each file its own module registry.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CredentialsError } from "../../src/client/errors";
import { VpcClient } from "../../src/client/vpc-client";
import { startFakeVpc, type FakeVpc } from "./helpers/fake-vpc";
import { clearChainEnv } from "./helpers/chain-env";

const SECRET = "cli-profile-secret-DO-NOT-LEAK-7f3a";
let fake: FakeVpc;
let home: string;
let restoreEnv: () => void = () => undefined;

beforeAll(async () => {
  fake = await startFakeVpc(() => ({ json: { RequestId: "r", FlowLogs: { FlowLog: [] }, TotalCount: 0, PageNumber: 1, PageSize: 20 } }));
  restoreEnv = clearChainEnv();
  home = mkdtempSync(join(tmpdir(), "rc-h"));
  process.env.HOME = home;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  mkdirSync(join(home, ".aliyun"));
});
afterAll(async () => {
  restoreEnv();
  await fake.close();
});

function client(profile: string | undefined): VpcClient {
  const cfg: Record<string, string> = profile ? { "alicloud:profile": profile } : {};
  return new VpcClient({ endpoint: fake.url, regionId: "cn-hangzhou", env: {}, config: { get: (k) => cfg[k] }, rateLimit: false, retry: { maxAttempts: 1 } });
}

function surfaces(e: unknown): string[] {
  const err = e as Error;
  return [err.message, String(err.stack), JSON.stringify(err), inspect(err, { showHidden: true, depth: null }), String(err)];
}

describe("CLI profile file that is malformed (alicloud:profile set)", () => {
  it("a one-line config.json with a syntax error: the CredentialsError must not carry the file's access_key_secret", async () => {
    // README/ARCHITECTURE "No error, log line or stack contains an AccessKeySecret". @alicloud/credentials'
    // getConfiguration() throws `parse aliyun cli config from '<path>' failed: <whole file content>`, and notFound()
    // copies its first line (300 chars) into CredentialsError.message unredacted.
    writeFileSync(join(home, ".aliyun", "config.json"),
      `{"current":"p","profiles":[{"name":"p","mode":"AK","access_key_id":"LTAIcli","access_key_secret":"${SECRET}",}]}`);
    const e = await client("p").describeFlowLogs({}).catch((x: unknown) => x);
    expect(CredentialsError.isInstance(e)).toBe(true);
    for (const text of surfaces(e)) expect(text).not.toContain(SECRET);
  });

  it("a profile of a wrong type (mode AK, secret a number) is a clear CredentialsError, and no secret in it", async () => {
    writeFileSync(join(home, ".aliyun", "config.json"),
      JSON.stringify({ current: "q", profiles: [{ name: "q", mode: "AK", access_key_id: "LTAIq", access_key_secret: 12345678 }] }));
    const e = await client("q").describeFlowLogs({}).catch((x: unknown) => x);
    // "A missing credential is a clear error naming every place looked" (issue), CredentialsError docs.
    // Not a raw `TypeError: value?.trim is not a function` (a number reaching nonEmpty).
    expect((e as Error).message).not.toMatch(/is not a function/);
    expect(CredentialsError.isInstance(e)).toBe(true);
    expect(fake.requests.length).toBe(0);
    for (const text of surfaces(e)) expect(text).not.toContain("12345678");
  });

  it("a profile name that is not in the file names the profile and the places looked", async () => {
    writeFileSync(join(home, ".aliyun", "config.json"), JSON.stringify({ current: "p", profiles: [{ name: "p", mode: "AK", access_key_id: "a", access_key_secret: SECRET }] }));
    const e = await client("nope").describeFlowLogs({}).catch((x: unknown) => x);
    expect(CredentialsError.isInstance(e)).toBe(true);
    expect((e as Error).message).toContain("nope");
    expect((e as Error).message).toContain("ALIBABA_CLOUD_ACCESS_KEY_ID");
    for (const text of surfaces(e)) expect(text).not.toContain(SECRET);
  });
});
