import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseAuthorizationV3, percentEncode } from "../../src/client/signing";
import { VpcClient, type VpcClientOptions } from "../../src/client/vpc-client";
import { startFakeVpc, TEST_KEYS, type FakeVpc, type Recorded } from "./helpers/fake-vpc";
import { StsClients } from "./helpers/sts-clients";

/** The rule of the issue: no error, log line or stack contains the AccessKeySecret, the security token or a signature. */
const SECRET = TEST_KEYS["sts-key-id"]!;
const TOKEN = "CAIS+sts/token==SECRET-TOKEN";

let fake: FakeVpc;

const sts = new StsClients(() => fake.url, TOKEN, 2);
const lines = sts.lines;
const client = (options: VpcClientOptions = {}): VpcClient => sts.client(options);

function signatureOf(req: Recorded): string {
  if (req.signature === "v2") return req.params.Signature!;
  return parseAuthorizationV3(String(req.headers.authorization))!.signature;
}

/** Every form in which a leak could show, searched for every secret of the test. */
function expectClean(err: unknown, extraSecrets: string[] = []): void {
  expect(err).toBeInstanceOf(Error);
  const e = err as Error;
  const texts = [e.message, String(e.stack), JSON.stringify(e), inspect(e, { showHidden: true, depth: null }), String(e), ...lines];
  const secrets = [SECRET, TOKEN, percentEncode(TOKEN), percentEncode(percentEncode(TOKEN)), encodeURIComponent(TOKEN), ...extraSecrets];
  for (const text of texts) for (const secret of secrets) expect(text, `leak of ${secret.slice(0, 4)}...`).not.toContain(secret);
}

/** Answers like the real service does to a bad signature: its own string to sign, which holds the token, plus (worse) echoes. */
function echoingSignatureError(req: Recorded) {
  const signature = signatureOf(req);
  return {
    status: 400,
    json: {
      RequestId: "sig",
      HostId: `vpc.aliyuncs.com ${TOKEN}`,
      Code: "SignatureDoesNotMatch",
      Message: `Specified signature is not matched with our calculation. server string to sign is:POST&%2F&SecurityToken%3D${percentEncode(percentEncode(TOKEN))} token=${TOKEN} sig=${signature} secret=${SECRET}`,
      Recommend: `https://error-center.aliyun.com/?q=${encodeURIComponent(TOKEN)}`,
    },
  };
}

beforeAll(async () => {
  fake = await startFakeVpc(() => ({ json: { RequestId: "r" } }));
});
beforeEach(() => {
  lines.length = 0;
});
afterAll(async () => {
  await sts.closeAll();
  await fake.close();
});

describe("no secret in any error or log line", () => {
  for (const signatureVersion of ["v3", "v2"] as const) {
    it(`API error echoing the string to sign, token, signature and secret (${signatureVersion})`, async () => {
      fake.script = echoingSignatureError;
      const err = await client({ signatureVersion }).describeFlowLogs().catch((e: unknown) => e);
      expect(err).toMatchObject({ name: "AlicloudApiError", code: "SignatureDoesNotMatch" });
      expect((err as Error).message).toContain("[REDACTED]");
      expectClean(err, [signatureOf(fake.requests.at(-1)!)]);
    });
  }

  it("retried API errors: the log lines are clean too", async () => {
    lines.length = 0;
    fake.script = (req) => ({ ...echoingSignatureError(req), status: 503, json: { ...echoingSignatureError(req).json, Code: "ServiceUnavailable" } });
    const err = await client().describeFlowLogs().catch((e: unknown) => e);
    expect(lines.length).toBeGreaterThan(0);
    expectClean(err, fake.requests.slice(-2).map(signatureOf));
    lines.length = 0;
  });

  it("a non-JSON error page that echoes the request headers", async () => {
    fake.script = (req) => ({ status: 502, body: `bad gateway: ${String(req.headers.authorization)} ${String(req.headers["x-acs-security-token"])}`, headers: { "content-type": "text/plain" } });
    const err = await client({ retry: { maxAttempts: 1 } }).describeFlowLogs().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "Http502" });
    expectClean(err, [signatureOf(fake.requests.at(-1)!)]);
  });

  it("a padded token (explicit credentials) echoed back trimmed, as every server parses a header", async () => {
    fake.script = (req) => ({ status: 400, body: `bad request: token=${String(req.headers["x-acs-security-token"])}`, headers: { "content-type": "text/plain" } });
    const credentials = { accessKeyId: " sts-key-id", accessKeySecret: `${SECRET} `, securityToken: `${TOKEN} ` };
    const err = await client({ credentials, retry: { maxAttempts: 1 } }).describeFlowLogs().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "Http400" });
    expect(String(fake.requests.at(-1)!.headers["x-acs-security-token"])).toBe(TOKEN); // the page did echo it
    expectClean(err, [signatureOf(fake.requests.at(-1)!)]);
  });

  it("ambiguous reset of a write", async () => {
    fake.script = () => ({ reset: true });
    const err = await client().deleteFlowLog({ flowLogId: "fl-1" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ ambiguous: true });
    expectClean(err, [signatureOf(fake.requests.at(-1)!)]);
  });

  it("timeout, deadline and abort", async () => {
    fake.script = () => ({ hang: true });
    const timeout = await client({ timeouts: { headersMs: 100 }, retry: { maxAttempts: 1 } }).describeFlowLogs().catch((e: unknown) => e);
    expect(timeout).toMatchObject({ reason: "timeout" });
    expectClean(timeout, [signatureOf(fake.requests.at(-1)!)]);
    const deadline = await client().createFlowLog({ resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" }, { deadlineMs: 100 }).catch((e: unknown) => e);
    expect(deadline).toMatchObject({ reason: "deadline" });
    expectClean(deadline, [signatureOf(fake.requests.at(-1)!)]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error(`caller reason ${"x"}`)), 50);
    const aborted = await client().describeFlowLogs({}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(aborted).toMatchObject({ reason: "aborted" });
    expectClean(aborted, [signatureOf(fake.requests.at(-1)!)]);
  });

  it("connection refused", async () => {
    const closed = await startFakeVpc(() => ({ json: {} }));
    await closed.close();
    const err = await client({ endpoint: closed.url }).describeFlowLogs().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AlicloudRequestError", reason: "network", ambiguous: false });
    expectClean(err);
  });

  it("a response that does not fit the schema", async () => {
    fake.script = () => ({ json: { RequestId: "r", FlowLogs: { FlowLog: [{ FlowLogId: { nested: TOKEN }, Status: TOKEN }] } } });
    const err = await client().describeFlowLogs().catch((e: unknown) => e);
    expectClean(err);
  });

  it("credentials errors, with half a pair in the environment", async () => {
    const err = await client({ credentials: undefined, env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET, ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN } }).describeFlowLogs().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "CredentialsError" });
    expectClean(err);
  });

  it("the client object itself does not show the explicit credentials", () => {
    const c = client();
    const shown = `${inspect(c, { showHidden: true, depth: null })} ${JSON.stringify(c)}`;
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(TOKEN);
  });
});
