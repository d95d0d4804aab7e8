import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlicloudConfigError, AlicloudResponseError } from "../../src/client/errors";
import { formatAcsTimestamp } from "../../src/client/signing";
import { VpcClient, type VpcClientOptions } from "../../src/client/vpc-client";
import { startFakeVpc, TEST_KEYS, type FakeVpc, type Recorded } from "./helpers/fake-vpc";

let fake: FakeVpc;
const clients: VpcClient[] = [];
const FIXED_DATE = new Date("2024-05-06T07:08:09.123Z");

function client(options: VpcClientOptions = {}): VpcClient {
  const c = new VpcClient({
    endpoint: fake.url,
    regionId: "cn-hangzhou",
    credentials: { accessKeyId: "test-key-id", accessKeySecret: TEST_KEYS["test-key-id"]! },
    env: {},
    credentialsChain: false,
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
  clients.push(c);
  return c;
}

function flowLogs(total: number, req: Recorded) {
  const page = Number(req.params.PageNumber ?? 1);
  const size = Number(req.params.PageSize ?? 20);
  const ids = Array.from({ length: total }, (_, i) => `fl-${i + 1}`).slice((page - 1) * size, page * size);
  return { RequestId: `r-${req.n}`, TotalCount: String(total), PageNumber: String(page), PageSize: String(size), FlowLogs: { FlowLog: ids.map((FlowLogId) => ({ FlowLogId, AggregationInterval: "10" })) } };
}

beforeAll(async () => {
  fake = await startFakeVpc(() => ({ json: { RequestId: "r" } }));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake.close();
});

describe("VpcClient on the wire (V3, the default)", () => {
  it("sends POST with business parameters in the query, an empty body and signed x-acs-* headers", async () => {
    fake.script = () => ({ json: { RequestId: "r1", Success: "true", FlowLogId: "fl-new", ResourceGroupId: "rg-1" } });
    const c = client({ now: () => FIXED_DATE, nonce: () => "nonce-1" });
    const out = await c.createFlowLog({
      resourceType: "VPC",
      resourceId: "vpc-demo0001",
      trafficType: "All",
      projectName: "flowlog-project",
      logStoreName: "flowlog-store",
      trafficPath: ["all"],
      tag: [{ key: "env", value: "a b*c" }],
      aggregationInterval: 10,
    });
    expect(out).toEqual({ RequestId: "r1", Success: true, FlowLogId: "fl-new", ResourceGroupId: "rg-1" });
    const req = fake.requests.at(-1)!;
    expect(req.method).toBe("POST");
    expect(req.signature).toBe("v3");
    expect(req.signatureValid).toBe(true);
    expect(req.body).toBe("");
    expect(req.headers["content-type"]).toBeUndefined();
    expect(req.headers["x-acs-action"]).toBe("CreateFlowLog");
    expect(req.headers["x-acs-version"]).toBe("2016-04-28");
    expect(req.headers["x-acs-date"]).toBe(formatAcsTimestamp(FIXED_DATE));
    expect(req.headers["x-acs-signature-nonce"]).toBe("nonce-1");
    expect(req.headers.host).toBe(`127.0.0.1:${fake.port}`);
    expect(req.params).toMatchObject({ RegionId: "cn-hangzhou", ResourceType: "VPC", "TrafficPath.1": "all", "Tag.1.Key": "env", "Tag.1.Value": "a b*c", AggregationInterval: "10" });
    expect(req.params.Action).toBeUndefined();
    // RFC 3986 in the raw query: space %20 and * %2A.
    expect(req.url).toContain("Tag.1.Value=a%20b%2Ac");
    expect(String(req.headers.authorization)).toMatch(/^ACS3-HMAC-SHA256 Credential=test-key-id,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/);
  });

  it("signs x-acs-security-token for STS credentials", async () => {
    const c = client({ credentials: async () => ({ accessKeyId: "sts-key-id", accessKeySecret: TEST_KEYS["sts-key-id"]!, securityToken: "CAIS-token" }) });
    await c.deleteFlowLog({ flowLogId: "fl-1" });
    const req = fake.requests.at(-1)!;
    expect(req.signatureValid).toBe(true);
    expect(req.headers["x-acs-security-token"]).toBe("CAIS-token");
    expect(String(req.headers.authorization)).toContain("x-acs-security-token");
  });

  it("reuses keep-alive connections across calls", async () => {
    const c = client();
    const before = fake.connections;
    for (let i = 0; i < 6; i++) await c.getFlowLogServiceStatus({}).catch(() => undefined);
    // undici's pool may open a second socket while the first is still finishing its response, then alternates between them.
    expect(fake.connections - before).toBeGreaterThanOrEqual(1);
    expect(fake.connections - before).toBeLessThanOrEqual(2);
  });
});

describe("VpcClient on the wire (V2 option)", () => {
  it("sends every parameter, Signature included, in a form body with Format=JSON and SecurityToken", async () => {
    fake.script = () => ({ json: { RequestId: "r2", Enabled: "true" } });
    const c = client({ signatureVersion: "v2", now: () => FIXED_DATE, nonce: () => "nonce-v2", credentials: { accessKeyId: "sts-key-id", accessKeySecret: TEST_KEYS["sts-key-id"]!, securityToken: "tok" } });
    const out = await c.getFlowLogServiceStatus();
    expect(out.Enabled).toBe(true);
    const req = fake.requests.at(-1)!;
    expect(req.signature).toBe("v2");
    expect(req.signatureValid).toBe(true);
    expect(req.url).toBe("/");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.params).toMatchObject({
      Action: "GetFlowLogServiceStatus",
      Version: "2016-04-28",
      Format: "JSON",
      AccessKeyId: "sts-key-id",
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      SignatureNonce: "nonce-v2",
      Timestamp: "2024-05-06T07:08:09Z",
      SecurityToken: "tok",
      RegionId: "cn-hangzhou",
    });
  });
});

describe("VpcClient behaviour", () => {
  it("takes the region from the parameters over the client's", async () => {
    fake.script = () => ({ json: { RequestId: "r" } });
    await client().activeFlowLog({ regionId: "cn-shanghai", flowLogId: "fl-1" });
    expect(fake.requests.at(-1)!.params.RegionId).toBe("cn-shanghai");
  });

  it("fails before sending when no region and no endpoint are known", async () => {
    const c = client({ endpoint: undefined, regionId: undefined });
    const err = await c.describeFlowLogs().catch((e: unknown) => e);
    expect(AlicloudConfigError.isInstance(err)).toBe(true);
  });

  it("fails before sending when an endpoint is set but no region is known (every flow-log action takes RegionId)", async () => {
    const before = fake.requests.length;
    const err = await client({ regionId: undefined }).describeFlowLogs().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AlicloudConfigError", reason: "region" });
    expect(fake.requests.length).toBe(before);
    fake.script = () => ({ json: { RequestId: "r" } });
    await client({ regionId: undefined }).call("SomeOtherAction", {});
    expect(fake.requests.length).toBe(before + 1);
  });

  it("an empty RegionId parameter counts as absent: the client's region fills it", async () => {
    fake.script = () => ({ json: { RequestId: "r" } });
    await client().activeFlowLog({ regionId: "", flowLogId: "fl-1" });
    expect(fake.requests.at(-1)!.params.RegionId).toBe("cn-hangzhou");
  });

  it("an action named like an Object.prototype member is not a known action: sent without a region, as any other", async () => {
    fake.script = () => ({ json: { RequestId: "r" } });
    const before = fake.requests.length;
    for (const action of ["constructor", "toString", "hasOwnProperty"]) await client({ regionId: undefined }).call(action, {});
    expect(fake.requests.length).toBe(before + 3);
  });

  it("describeAllFlowLogs pages with PageSize 50 until TotalCount", async () => {
    fake.script = (req) => ({ json: flowLogs(120, req) });
    const before = fake.requests.length;
    const all = await client().describeAllFlowLogs({ vpcId: "vpc-1", pageSize: 5 });
    expect(all.map((f) => f.FlowLogId)).toEqual(Array.from({ length: 120 }, (_, i) => `fl-${i + 1}`));
    expect(all[0]!.AggregationInterval).toBe(10);
    const pages = fake.requests.slice(before);
    expect(pages.map((r) => [r.params.PageNumber, r.params.PageSize, r.params.VpcId])).toEqual([
      ["1", "50", "vpc-1"],
      ["2", "50", "vpc-1"],
      ["3", "50", "vpc-1"],
    ]);
  });

  it("describeAllFlowLogs stops on an exact last page", async () => {
    fake.script = (req) => ({ json: flowLogs(50, req) });
    const before = fake.requests.length;
    expect(await client().describeAllFlowLogs()).toHaveLength(50);
    expect(fake.requests.length - before).toBe(1);
  });

  it("call() passes unknown actions through and keeps unknown fields", async () => {
    fake.script = () => ({ json: { RequestId: "r", Vpcs: { Vpc: [{ VpcId: "vpc-1" }] } } });
    expect(await client().call("DescribeVpcs", { pageSize: 10 })).toEqual({ RequestId: "r", Vpcs: { Vpc: [{ VpcId: "vpc-1" }] } });
  });

  it("a 2xx answer that does not fit the schema is an AlicloudResponseError, not retried (the same answer would come)", async () => {
    fake.script = () => ({ json: { RequestId: "r-bad", FlowLogs: { FlowLog: [{ Status: "Active" }] } } });
    const before = fake.requests.length;
    const err = await client().describeFlowLogs().catch((e: unknown) => e);
    expect(AlicloudResponseError.isInstance(err)).toBe(true);
    expect((err as Error).message).toBe("DescribeFlowLogs returned an unexpected response: FlowLogs.FlowLog.0.FlowLogId: Invalid input (RequestId r-bad)");
    expect(fake.requests.length - before).toBe(1);
  });

  it("a 2xx body with Code and no success is an API error", async () => {
    fake.script = () => ({ json: { RequestId: "r-c", Code: "InvalidParameter", Message: "bad" } });
    await expect(client().describeFlowLogs()).rejects.toThrow("DescribeFlowLogs failed: InvalidParameter: bad (RequestId r-c)");
  });

  it("a non-JSON error page becomes AlicloudApiError code Http502", async () => {
    fake.script = () => ({ status: 502, body: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } });
    const err = await client({ retry: { maxAttempts: 1 } }).describeFlowLogs().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AlicloudApiError", code: "Http502", httpStatus: 502, retryable: true });
    expect((err as Error).message).toBe("DescribeFlowLogs failed: Http502: HTTP 502: <html>Bad Gateway</html>");
  });
});
