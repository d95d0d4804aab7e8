/**
 * The client's error surfaces and retries against a scripted 127.0.0.1 server (test/client/helpers/fake-vpc).
 * Promises: README / ARCHITECTURE "No error, log line or stack contains an AccessKeySecret, security token or signature";
 * CallOptions.deadlineMs "Overall deadline of this call, waits and attempts included"; CallOptions.signal "Cancels waits and
 * the request in flight"; AlicloudRequestError.ambiguous "true when a write may have reached the server: such a call is
 * never retried blindly".
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AlicloudApiError, AlicloudConfigError, AlicloudRequestError, AlicloudResponseError } from "../../src/client/errors";
import { VpcClient, type VpcClientOptions } from "../../src/client/vpc-client";
import { startFakeVpc, TEST_KEYS, type FakeVpc } from "./helpers/fake-vpc";
import { StsClients } from "./helpers/sts-clients";

const SECRET = TEST_KEYS["sts-key-id"]!;
const TOKEN = "CAIS+surface/token==SECRET-TOKEN-0b7e";
const EMPTY_PAGE = { RequestId: "r", FlowLogs: { FlowLog: [] }, TotalCount: 0, PageNumber: 1, PageSize: 20 };
let fake: FakeVpc;

const sts = new StsClients(() => fake.url, TOKEN, 3);
const lines = sts.lines;
const client = (options: VpcClientOptions = {}): VpcClient => sts.client(options);
function texts(e: unknown): string[] {
  const err = e as Error;
  return [err.message, String(err.stack), JSON.stringify(err), inspect(err, { showHidden: true, depth: null }), String(err), ...lines];
}
/** Any run of 8 characters of the secret counts as a leak (a cut secret is still a secret given away). */
function expectNoPiece(e: unknown, secret: string): void {
  for (const t of texts(e)) for (let i = 0; i + 8 <= secret.length; i++) expect(t, `piece "${secret.slice(i, i + 8)}"`).not.toContain(secret.slice(i, i + 8));
}

beforeAll(async () => {
  fake = await startFakeVpc(() => ({ json: EMPTY_PAGE }));
});
afterAll(async () => {
  await sts.closeAll();
  await fake.close();
});
beforeEach(() => {
  lines.length = 0;
  fake.requests.length = 0;
});

describe("secrets in error surfaces", () => {
  it("a non-JSON error page echoing the token across the 200-character snippet cut: no piece of the token", async () => {
    // response.ts apiError(): the body is cut to 200 characters BEFORE redact(), so a token straddling the cut is no longer
    // recognised and its first characters are kept in apiMessage, message and logs.
    fake.script = () => ({ status: 400, body: `${"x".repeat(185)} token=${TOKEN}`, headers: { "content-type": "text/html" } });
    const e = await client().describeFlowLogs({}).catch((x: unknown) => x);
    expect(AlicloudApiError.isInstance(e)).toBe(true);
    expectNoPiece(e, TOKEN);
  });

  it("a 2xx answer zod rejects, whose RequestId echoes the token: the AlicloudResponseError holds no token", async () => {
    // response.ts: AlicloudResponseError gets requestId: str(original.RequestId) without redact(); the message ends with it.
    fake.script = () => ({ json: { RequestId: `echo ${TOKEN}`, FlowLogs: "not-an-object" } });
    const e = await client().describeFlowLogs({}).catch((x: unknown) => x);
    expect(AlicloudResponseError.isInstance(e)).toBe(true);
    for (const t of texts(e)) expect(t).not.toContain(TOKEN);
  });

  it("a 2xx answer zod rejects, whose values are the secret and token: the issues hold neither", async () => {
    fake.script = () => ({ json: { RequestId: "r", FlowLogs: { FlowLog: [{ FlowLogId: SECRET, Status: TOKEN, CreationTime: { x: TOKEN } }] }, TotalCount: SECRET } });
    const e = await client().describeFlowLogs({}).catch((x: unknown) => x);
    expect(AlicloudResponseError.isInstance(e)).toBe(true);
    for (const t of texts(e)) { expect(t).not.toContain(TOKEN); expect(t).not.toContain(SECRET); }
  });

  it("an endpoint string holding the secret as URL credentials: the AlicloudConfigError must not repeat it", async () => {
    // endpoint.ts parseUncached() puts the whole endpoint text in the message; it even names "credentials" as refused.
    const e = await client({ endpoint: `https://sts-key-id:${SECRET}@vpc.cn-hangzhou.aliyuncs.com` }).describeFlowLogs({}).catch((x: unknown) => x);
    expect(AlicloudConfigError.isInstance(e)).toBe(true);
    for (const t of texts(e)) expect(t).not.toContain(SECRET);
  });

  it("an endpoint with the token in its query (config alicloud-flowlog:endpoint): the error must not repeat it", async () => {
    const cfg: Record<string, string> = { "alicloud-flowlog:endpoint": `${fake.url}/?SecurityToken=${TOKEN}` };
    const e = await client({ endpoint: undefined, config: { get: (k) => cfg[k] } }).describeFlowLogs({}).catch((x: unknown) => x);
    expect(AlicloudConfigError.isInstance(e)).toBe(true);
    for (const t of texts(e)) expect(t).not.toContain(TOKEN);
  });

  it("a token holding CR/LF: undici refuses the header; nothing of the token in the error", async () => {
    const bad = `${TOKEN}\r\nx-evil: 1`;
    const e = await client({ credentials: { accessKeyId: "sts-key-id", accessKeySecret: SECRET, securityToken: bad } }).describeFlowLogs({}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expectNoPiece(e, TOKEN);
    expect(fake.requests.length).toBe(0);
  });
});

describe("credential values", () => {
  it("an explicit securityToken of white space counts as unset, as it does in config and env", async () => {
    // config-source.ts nonEmpty(): "empty strings in env or config count as unset"; for the explicit option, "" is dropped
    // (checked()) but "   " is sent as an x-acs-security-token header and signed as an STS request.
    fake.script = () => ({ json: EMPTY_PAGE });
    await client({ credentials: { accessKeyId: "test-key-id", accessKeySecret: TEST_KEYS["test-key-id"]!, securityToken: "   " } }).describeFlowLogs({});
    expect(fake.requests[0]!.headers["x-acs-security-token"]).toBeUndefined();
    expect(fake.requests[0]!.signatureValid).toBe(true);
  });

  it("env rotated between two calls of one client: the second call uses the new key and its own token", async () => {
    fake.script = () => ({ json: EMPTY_PAGE });
    const env: Record<string, string | undefined> = { ALIBABA_CLOUD_ACCESS_KEY_ID: "test-key-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_KEYS["test-key-id"], ALICLOUD_SECURITY_TOKEN: "tf-token" };
    const c = client({ credentials: undefined, env });
    await c.describeFlowLogs({});
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = "sts-key-id";
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = SECRET;
    env.ALIBABA_CLOUD_SECURITY_TOKEN = TOKEN;
    await c.describeFlowLogs({});
    expect(fake.requests[0]!.headers["x-acs-security-token"]).toBeUndefined(); // Terraform's token never joins ALIBABA_* keys
    expect(String(fake.requests[1]!.headers.authorization)).toContain("Credential=sts-key-id");
    expect(fake.requests[1]!.headers["x-acs-security-token"]).toBe(TOKEN);
    expect(fake.requests.every((r) => r.signatureValid)).toBe(true);
  });

  it("keys in config, a token only in env: the token is not paired with the config keys", async () => {
    fake.script = () => ({ json: EMPTY_PAGE });
    const cfg: Record<string, string> = { "alicloud:accessKey": "test-key-id", "alicloud:secretKey": TEST_KEYS["test-key-id"]! };
    await client({ credentials: undefined, config: { get: (k) => cfg[k] }, env: { ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN, ALICLOUD_SECURITY_TOKEN: TOKEN } }).describeFlowLogs({});
    expect(fake.requests[0]!.headers["x-acs-security-token"]).toBeUndefined();
  });
});

describe("retries, deadline, abort", () => {
  it("a credentials function that never settles: the call still ends at its deadline", async () => {
    // CallOptions.deadlineMs: "Overall deadline of this call, waits and attempts included". #attempt() awaits the
    // credentials before looking at the scope, so a stuck source (e.g. an ECS metadata or URI lookup) outlives it.
    const c = client({ credentials: () => new Promise(() => {}) });
    const started = Date.now();
    const outcome = await Promise.race([
      c.describeFlowLogs({}, { deadlineMs: 100 }).then(() => "resolved", (e: unknown) => (AlicloudRequestError.isInstance(e) ? e.reason : String(e))),
      new Promise((r) => setTimeout(() => r("still pending after 1500 ms"), 1500)),
    ]);
    expect(outcome).toBe("deadline");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("a credentials function that never settles: an abort ends the call", async () => {
    const c = client({ credentials: () => new Promise(() => {}) });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const outcome = await Promise.race([
      c.describeFlowLogs({}, { signal: ac.signal }).then(() => "resolved", (e: unknown) => (AlicloudRequestError.isInstance(e) ? e.reason : String(e))),
      new Promise((r) => setTimeout(() => r("still pending after 1500 ms"), 1500)),
    ]);
    expect(outcome).toBe("aborted");
  });

  for (const value of ["abc", "-5", "1e3", "Infinity", "", "  "]) {
    it(`x-acs-retry-after ${JSON.stringify(value)} is ignored: normal backoff, retried`, async () => {
      let n = 0;
      fake.script = () => (++n === 1 ? { status: 400, json: { RequestId: "t", Code: "Throttling.User", Message: "slow" }, headers: { "x-acs-retry-after": value } } : { json: EMPTY_PAGE });
      await client().describeFlowLogs({});
      expect(fake.requests.length).toBe(2);
    });
  }

  it("x-acs-retry-after huge (1e6 s): the throttling error comes at once, not after a wait", async () => {
    fake.script = () => ({ status: 400, json: { RequestId: "t", Code: "Throttling.User", Message: "slow" }, headers: { "x-acs-retry-after": "1000000" } });
    const started = Date.now();
    const e = await client().describeFlowLogs({}, { deadlineMs: 2000 }).catch((x: unknown) => x);
    expect(AlicloudApiError.isInstance(e) && e.code).toBe("Throttling.User");
    expect(Date.now() - started).toBeLessThan(500);
    expect(fake.requests.length).toBe(1);
  });

  it("deadline smaller than one backoff: the 503 is thrown at once, one request", async () => {
    fake.script = () => ({ status: 503, json: { RequestId: "u", Code: "ServiceUnavailable", Message: "x" } });
    const started = Date.now();
    const e = await client({ retry: { baseDelayMs: 5000, maxDelayMs: 5000, maxAttempts: 5 }, random: () => 0.99 }).describeFlowLogs({}, { deadlineMs: 300 }).catch((x: unknown) => x);
    expect(AlicloudApiError.isInstance(e) && e.code).toBe("ServiceUnavailable");
    expect(Date.now() - started).toBeLessThan(250);
    expect(fake.requests.length).toBe(1);
  });

  it("an abort while a write is in flight: ambiguous, sent once", async () => {
    fake.script = () => ({ hang: true });
    const ac = new AbortController();
    const p = client().createFlowLog({ regionId: "cn-hangzhou", resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "p", logStoreName: "l" } as never, { signal: ac.signal }).catch((x: unknown) => x);
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    const e = await p;
    expect(AlicloudRequestError.isInstance(e) && [e.reason, e.ambiguous]).toEqual(["aborted", true]);
    expect(fake.requests.length).toBe(1);
  });

  it("a write answered by a gateway's non-JSON 504 page is ambiguous, not retried blindly", async () => {
    // A 502/504 page from a gateway is not the service's error format: the write may have landed behind it (README:
    // ambiguous = "a write may have reached the server: such a call is never retried blindly").
    let n = 0;
    fake.script = () => (++n === 1 ? { status: 504, body: "<html>504 Gateway Time-out</html>", headers: { "content-type": "text/html" } } : { json: { RequestId: "c", FlowLogId: "fl-1", Success: true } });
    const e = await client().createFlowLog({ regionId: "cn-hangzhou", resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "p", logStoreName: "l" } as never).then(() => undefined, (x: unknown) => x);
    expect(fake.requests.length).toBe(1);
    expect(AlicloudRequestError.isInstance(e) && [e.reason, e.ambiguous, e.retryable]).toEqual(["gateway", true, false]);
    expect((e as Error).message).toContain("HTTP 504");
  });

  it("a read answered by a gateway's non-JSON 502 page is retried", async () => {
    let n = 0;
    fake.script = () => (++n === 1 ? { status: 502, body: "<html>502 Bad Gateway</html>" } : { json: { RequestId: "r", FlowLogs: { FlowLog: [] }, TotalCount: 0, PageNumber: 1, PageSize: 20 } });
    await client().describeFlowLogs({});
    expect(fake.requests.length).toBe(2);
  });
});
