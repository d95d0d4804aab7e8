/**
 * Input the client cannot put on the wire is a caller's error, reported as AlicloudConfigError (reason `params`), the
 * class `call()` documents, never a raw signing or undici error and never retried; the message names the rule or the
 * header, not the value. Paging parameters in either spelling are ignored by describeAllFlowLogs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlicloudConfigError, VpcClient, type VpcClientOptions } from "../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";

let emulator: RunningEmulator;
const clients: VpcClient[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emulator.stop();
});

function client(options: Partial<VpcClientOptions> = {}): VpcClient {
  const c = new VpcClient({
    endpoint: emulator.url,
    regionId: "cn-hangzhou",
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    rateLimit: false,
    ...options,
  });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe("input that cannot be signed or sent", () => {
  it.each(["v3", "v2"] as const)("%s: a value with an unpaired surrogate is an AlicloudConfigError (params), sent never", async (signatureVersion) => {
    const before = emulator.stats().byAction.DescribeFlowLogs ?? 0;
    const error = await failure(client({ signatureVersion }).call("DescribeFlowLogs", { description: "bad \uD800 value" }));
    expect(AlicloudConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: "params", action: "DescribeFlowLogs", message: expect.stringMatching(/^DescribeFlowLogs cannot be signed: /) as unknown });
    expect(emulator.stats().byAction.DescribeFlowLogs ?? 0).toBe(before);
  });

  it("v2: a security token with an unpaired surrogate is an AlicloudConfigError too", async () => {
    const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, securityToken: "token\uDC00" };
    const error = await failure(client({ signatureVersion: "v2", credentials }).call("DescribeFlowLogs", {}));
    expect(error).toMatchObject({ name: "AlicloudConfigError", reason: "params" });
    expect(String((error as Error).message)).not.toContain("token");
  });

  it("v3: a security token with a line break (not a valid header value) is an AlicloudConfigError naming the header, not the value", async () => {
    const credentials = { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET, securityToken: "sts-secret\nX-Injected: 1" };
    const error = await failure(client({ credentials }).call("DescribeFlowLogs", {}));
    expect(error).toMatchObject({ name: "AlicloudConfigError", reason: "params", retryable: false });
    expect((error as Error).message).toContain("x-acs-security-token");
    expect((error as Error).message).not.toContain("sts-secret");
  });
});

describe("describeAllFlowLogs paging", () => {
  it.each<Record<string, unknown>>([{ pageSize: 10, pageNumber: 3 }, { PageSize: 10 }, { PageNumber: 2 }])("ignores %j", async (params) => {
    await expect(client().describeAllFlowLogs(params)).resolves.toEqual([]);
  });
});
