/**
 * Rotation of a credentials file (ALIBABA_CLOUD_CREDENTIALS_FILE, read by the @alicloud/credentials default chain).
 * Promise (issue / README): "Credentials, looked up at call time, never stored"; credentials.ts docstring: "Nothing is
 * cached here: callers resolve again for every attempt." Own file: the module keeps session chains per profile.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseAuthorizationV3 } from "../../src/client/signing";
import { VpcClient } from "../../src/client/vpc-client";
import { startFakeVpc, type FakeVpc } from "./helpers/fake-vpc";
import { clearChainEnv } from "./helpers/chain-env";

let fake: FakeVpc;
let dir: string;
let restoreEnv: () => void = () => undefined;

beforeAll(async () => {
  fake = await startFakeVpc(() => ({ json: { RequestId: "r", FlowLogs: { FlowLog: [] }, TotalCount: 0, PageNumber: 1, PageSize: 20 } }));
  restoreEnv = clearChainEnv();
  dir = mkdtempSync(join(tmpdir(), "rc-f"));
  process.env.HOME = dir; // no ~/.aliyun/config.json
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = join(dir, "credentials");
});
afterAll(async () => {
  restoreEnv();
  await fake.close();
});

function keyIdOfLast(): string {
  const last = fake.requests[fake.requests.length - 1]!;
  return parseAuthorizationV3(String(last.headers.authorization))!.accessKeyId;
}

it("a key rotated in the credentials file between two calls is used by the second call", async () => {
  const c = new VpcClient({ endpoint: fake.url, regionId: "cn-hangzhou", env: {}, rateLimit: false, retry: { maxAttempts: 1 } });
  writeFileSync(join(dir, "credentials"), "[default]\ntype = access_key\naccess_key_id = key-one\naccess_key_secret = secret-one\n");
  await c.describeFlowLogs({});
  expect(keyIdOfLast()).toBe("key-one");
  writeFileSync(join(dir, "credentials"), "[default]\ntype = access_key\naccess_key_id = key-two\naccess_key_secret = secret-two\n");
  // A second client too: a chain that gave keys without a token is built anew for every call (credentials.ts).
  const c2 = new VpcClient({ endpoint: fake.url, regionId: "cn-hangzhou", env: {}, rateLimit: false, retry: { maxAttempts: 1 } });
  await c2.describeFlowLogs({});
  // ProfileCredentialsProvider keeps its innerProvider, so a kept chain would still sign with key-one.
  expect(keyIdOfLast()).toBe("key-two");
  await c.close();
  await c2.close();
});
