import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlicloudApiError, AlicloudRequestError } from "../../src/client/errors";
import { VpcClient, type VpcClientOptions } from "../../src/client/vpc-client";
import { startFakeVpc, TEST_KEYS, type FakeVpc, type Reply } from "./helpers/fake-vpc";

let fake: FakeVpc;
const clients: VpcClient[] = [];

function client(options: VpcClientOptions = {}): VpcClient {
  const c = new VpcClient({
    endpoint: fake.url,
    regionId: "cn-hangzhou",
    credentials: { accessKeyId: "test-key-id", accessKeySecret: TEST_KEYS["test-key-id"]! },
    env: {},
    credentialsChain: false,
    rateLimit: false,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 },
    ...options,
  });
  clients.push(c);
  return c;
}

/** A script that answers `first` for the first `times` requests of this test, then `then`. */
function sequence(first: Reply, times: number, then: Reply): number {
  const start = fake.requests.length;
  fake.script = (req) => (req.n - start <= times ? first : then);
  return start;
}

const THROTTLED: Reply = { status: 400, json: { RequestId: "t", Code: "Throttling.User", Message: "Request was denied due to user flow control." } };
const UNAVAILABLE: Reply = { status: 503, json: { RequestId: "u", Code: "ServiceUnavailable", Message: "The request has failed due to a temporary failure of the server." } };
const CREATED: Reply = { json: { RequestId: "ok", FlowLogId: "fl-1" } };
const LISTED: Reply = { json: { RequestId: "ok", FlowLogs: { FlowLog: [{ FlowLogId: "fl-1" }] } } };

beforeAll(async () => {
  fake = await startFakeVpc(() => ({ json: { RequestId: "r" } }));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fake.close();
});

describe("retries over HTTP", () => {
  it("throttle then success: retried, re-signed with a fresh nonce and date, and the shared limiter slowed", async () => {
    const start = sequence(THROTTLED, 1, CREATED);
    let tick = 0;
    const c = client({ rateLimit: { requestsPerSecond: 20, burst: 20 }, now: () => new Date(Date.UTC(2024, 0, 1, 0, 0, tick++)) });
    const out = await c.createFlowLog({ resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" });
    expect(out.FlowLogId).toBe("fl-1");
    const sent = fake.requests.slice(start);
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => r.signatureValid)).toBe(true);
    expect(new Set(sent.map((r) => r.nonce)).size).toBe(2);
    expect(sent.map((r) => r.headers["x-acs-date"])).toEqual(["2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z"]);
    expect(c.rateLimiterFor(fake.url, "test-key-id")!.rateOf("CreateFlowLog")).toBeLessThan(20);
    expect(c.rateLimiterFor(fake.url, "test-key-id")!.rateOf("DescribeFlowLogs")).toBe(20);
  });

  it("503 then success, for a write too (the server answered: nothing was applied)", async () => {
    const start = sequence(UNAVAILABLE, 2, CREATED);
    const lines: string[] = [];
    const out = await client({ logger: (l) => lines.push(l) }).createFlowLog({ resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" });
    expect(out.FlowLogId).toBe("fl-1");
    expect(fake.requests.length - start).toBe(3);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^CreateFlowLog attempt 1\/4 failed: CreateFlowLog failed: ServiceUnavailable: .* \(RequestId u\); retrying in \d+ ms$/);
  });

  it("tells the call's onRetry of each retried failure, before its backoff; an onRetry that throws changes nothing", async () => {
    sequence(THROTTLED, 2, LISTED);
    const seen: [string, number, number][] = [];
    const onRetry = (error: { message: string }, attempt: number, delayMs: number) => {
      seen.push([error.message, attempt, delayMs]);
      throw new Error("listener bug");
    };
    const out = await client().describeFlowLogs({}, { onRetry });
    expect(out.FlowLogs.FlowLog).toHaveLength(1);
    expect(seen.map(([message, attempt]) => [message.split(":")[1]?.trim(), attempt])).toEqual([
      ["Throttling.User", 1],
      ["Throttling.User", 2],
    ]);
    for (const [, , delayMs] of seen) expect(delayMs).toBeGreaterThanOrEqual(0);
    sequence(UNAVAILABLE, 10, LISTED);
    seen.length = 0;
    await expect(client({ retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 } }).describeFlowLogs({}, { onRetry })).rejects.toThrow(/ServiceUnavailable/);
    expect(seen).toHaveLength(1);
  });

  it("honours x-acs-retry-after (seconds)", async () => {
    const start = sequence({ ...THROTTLED, headers: { "x-acs-retry-after": "0.3" } }, 1, LISTED);
    const lines: string[] = [];
    const began = performance.now();
    await client({ logger: (l) => lines.push(l), random: () => 0 }).describeFlowLogs();
    expect(fake.requests.length - start).toBe(2);
    expect(lines[0]).toMatch(/retrying in 300 ms$/);
    expect(performance.now() - began).toBeGreaterThanOrEqual(290);
  });

  it("stops at maxAttempts and throws the last API error", async () => {
    const start = sequence(UNAVAILABLE, 100, LISTED);
    const err = await client().describeFlowLogs().catch((e: unknown) => e);
    expect(AlicloudApiError.isInstance(err) && err.code).toBe("ServiceUnavailable");
    expect(fake.requests.length - start).toBe(4);
  });

  it("does not retry a non-retryable answer", async () => {
    const start = sequence({ status: 400, json: { RequestId: "q", Code: "QuotaExceeded.FlowlogCount", Message: "This user has reached the maximum." } }, 100, CREATED);
    const err = await client().createFlowLog({ resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "QuotaExceeded.FlowlogCount", retryable: false, httpStatus: 400 });
    expect(fake.requests.length - start).toBe(1);
  });

  it("reset after send: a write is reported ambiguous and NOT repeated", async () => {
    const start = sequence({ reset: true }, 100, CREATED);
    const err = await client().deleteFlowLog({ flowLogId: "fl-1" }).catch((e: unknown) => e);
    expect(AlicloudRequestError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ reason: "network", ambiguous: true, retryable: false, attempts: 1, action: "DeleteFlowLog" });
    expect(fake.requests.length - start).toBe(1);
  });

  it("reset after send: a read is retried", async () => {
    const start = sequence({ reset: true }, 1, LISTED);
    const out = await client().describeFlowLogs({ flowLogId: "fl-1" });
    expect(out.FlowLogs.FlowLog[0]?.FlowLogId).toBe("fl-1");
    expect(fake.requests.length - start).toBe(2);
  });

  it("the write option overrides the action's kind", async () => {
    const start = sequence({ reset: true }, 1, LISTED);
    const err = await client().describeFlowLogs({}, { write: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ ambiguous: true });
    expect(fake.requests.length - start).toBe(1);
  });

  it("connection refused (the request never left): a write is retried", async () => {
    fake.script = () => CREATED;
    const start = fake.requests.length;
    await fake.stopListening();
    const lines: string[] = [];
    let relisten: Promise<void> | undefined;
    const c = client({
      random: () => 0.99,
      retry: { baseDelayMs: 300, maxDelayMs: 300, maxAttempts: 3 },
      logger: (l) => {
        lines.push(l);
        relisten ??= fake.listenAgain();
      },
    });
    const out = await c.createFlowLog({ resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" });
    await relisten;
    expect(out.FlowLogId).toBe("fl-1");
    expect(lines[0]).toMatch(/network: ECONNREFUSED/);
    expect(fake.requests.length - start).toBe(1);
  });

  it("a headers timeout: a read is retried, a write is ambiguous", async () => {
    const start = sequence({ hang: true }, 1, LISTED);
    const out = await client({ timeouts: { headersMs: 150 } }).describeFlowLogs();
    expect(out.RequestId).toBe("ok");
    expect(fake.requests.length - start).toBe(2);

    const start2 = sequence({ hang: true }, 1, CREATED);
    const err = await client({ timeouts: { headersMs: 150 } }).createFlowLog({ resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AlicloudRequestError", reason: "timeout", ambiguous: true });
    expect(fake.requests.length - start2).toBe(1);
  });
});

describe("deadline and abort", () => {
  it("the deadline ends a hanging request: ambiguous for a write, not for a read", async () => {
    sequence({ hang: true }, 100, CREATED);
    const began = performance.now();
    const write = await client().createFlowLog({ resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" }, { deadlineMs: 200 }).catch((e: unknown) => e);
    expect(write).toMatchObject({ name: "AlicloudRequestError", reason: "deadline", ambiguous: true, retryable: false });
    expect(performance.now() - began).toBeLessThan(2000);
    const read = await client({ retry: { deadlineMs: 200 } }).describeFlowLogs().catch((e: unknown) => e);
    expect(read).toMatchObject({ reason: "deadline", ambiguous: false });
  });

  it("does not start a wait that would outlive the deadline: the last error is thrown at once", async () => {
    const start = sequence({ ...THROTTLED, headers: { "x-acs-retry-after": "30" } }, 100, LISTED);
    const began = performance.now();
    const err = await client({ retry: { deadlineMs: 5000 } }).describeFlowLogs().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AlicloudApiError", code: "Throttling.User", retryAfterMs: 30_000 });
    expect(fake.requests.length - start).toBe(1);
    expect(performance.now() - began).toBeLessThan(2000);
  });

  it("an AbortSignal cancels a request in flight", async () => {
    const controller = new AbortController();
    fake.script = () => {
      controller.abort();
      return { hang: true };
    };
    const err = await client().deleteFlowLog({ flowLogId: "fl-1" }, { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AlicloudRequestError", reason: "aborted", ambiguous: true });
  });

  it("an AbortSignal cancels the wait between attempts", async () => {
    const start = sequence(UNAVAILABLE, 100, LISTED);
    const controller = new AbortController();
    const began = performance.now();
    const c = client({ random: () => 0.99, retry: { baseDelayMs: 20_000, maxDelayMs: 20_000 }, logger: () => controller.abort() });
    const err = await c.describeFlowLogs({}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "AlicloudRequestError", reason: "aborted", ambiguous: false });
    expect(fake.requests.length - start).toBe(1);
    expect(performance.now() - began).toBeLessThan(2000);
  });

  it("an already aborted signal sends nothing", async () => {
    const start = fake.requests.length;
    const err = await client().describeFlowLogs({}, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: "aborted" });
    expect(fake.requests.length).toBe(start);
  });
});

describe("client-side rate limit over HTTP", () => {
  it("spaces requests beyond the burst, shared by two clients of the same key", async () => {
    fake.script = () => LISTED;
    const limit = { requestsPerSecond: 10, burst: 1 };
    const a = client({ rateLimit: limit, credentials: { accessKeyId: "sts-key-id", accessKeySecret: TEST_KEYS["sts-key-id"]! } });
    const b = client({ rateLimit: limit, credentials: { accessKeyId: "sts-key-id", accessKeySecret: TEST_KEYS["sts-key-id"]! } });
    expect(a.rateLimiterFor(fake.url, "sts-key-id")).toBe(b.rateLimiterFor(fake.url, "sts-key-id"));
    const began = performance.now();
    await Promise.all([a.describeFlowLogs(), b.describeFlowLogs(), a.describeFlowLogs()]);
    // Burst 1 at 10/s: the second waits ~100 ms, the third ~200 ms.
    expect(performance.now() - began).toBeGreaterThanOrEqual(180);
  });
});
