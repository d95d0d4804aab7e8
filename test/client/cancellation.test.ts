/**
 * The client's cancellation: an AbortSignal or the call's deadline firing at each stage of a call (before it,
 * in the limiter, while connecting, while the headers are awaited, while the body streams, during a backoff).
 * Promises checked: CallOptions.signal "Cancels waits and the request in flight"; CallScope "waits, the rate limiter and
 * requests all stop together"; errors.ts / ARCHITECTURE: `ambiguous` is "true when a write may have reached the server";
 * retry.ts: "a write that surely did not (connection refused, connect timeout, DNS failure)" is not ambiguous.
 */
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AlicloudRequestError } from "../../src/client/errors";
import { VpcClient, type VpcClientOptions } from "../../src/client/vpc-client";
import { delayedConnect } from "./helpers/delayed-connect";
import { allText, delay, json, SECRET, startRawServer, TestClients, timed, type RawServer } from "./helpers/raw-server";

let server: RawServer;
let keyCounter = 0;

const clients = new TestClients(() => ({ endpoint: server.url, rateLimit: false, retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4 } }));
const client = (options: VpcClientOptions = {}): VpcClient => clients.make(options);

/** A fresh AccessKeyId, so a test gets a limiter of its own from the process-wide registry. */
function freshKey(): { accessKeyId: string; accessKeySecret: string } {
  return { accessKeyId: `cancel-test-${++keyCounter}-${process.pid}`, accessKeySecret: SECRET };
}

const OK = { RequestId: "ok", FlowLogId: "fl-1", FlowLogs: { FlowLog: [] }, TotalCount: 0 };
const CREATE = { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" } as const;

beforeAll(async () => {
  server = await startRawServer((_req, socket) => json(socket, 200, OK));
});
afterAll(async () => {
  await clients.closeAll();
  await server.close();
});

/** An undici `connect` that makes the connection 400 ms late: a call can stop while it connects. */
const slowConnect = delayedConnect(400);

function expectAbortError(error: unknown, action: string, reason: "aborted" | "deadline"): AlicloudRequestError {
  expect(AlicloudRequestError.isInstance(error), String(error)).toBe(true);
  const e = error as AlicloudRequestError;
  expect(e.reason).toBe(reason);
  expect(e.action).toBe(action);
  expect(e.message).toContain(action);
  expect(allText(e)).not.toContain(SECRET);
  return e;
}

describe("abort at each stage", () => {
  it("aborted before the call: rejects at once, names the action, sends nothing", async () => {
    const before = server.requests.length;
    const r = await timed(client().createFlowLog(CREATE, { signal: AbortSignal.abort() }));
    const e = expectAbortError(r.error, "CreateFlowLog", "aborted");
    expect(e.ambiguous).toBe(false);
    expect(r.ms).toBeLessThan(100);
    await delay(50);
    expect(server.requests.length).toBe(before);
  });

  it("during the limiter wait: rejects promptly, not ambiguous, nothing sent later, and the slot is given back", async () => {
    server.behaviour = (_req, socket) => json(socket, 200, OK);
    const credentials = freshKey();
    const c = client({ credentials, rateLimit: { requestsPerSecond: 1, burst: 1 } });
    const before = server.requests.length;
    await c.createFlowLog(CREATE); // takes the only token: the next waits about 1050 ms
    const controller = new AbortController();
    const waiting = timed(c.createFlowLog(CREATE, { signal: controller.signal }));
    await delay(50);
    controller.abort();
    const r = await waiting;
    const e = expectAbortError(r.error, "CreateFlowLog", "aborted");
    expect(e.ambiguous).toBe(false);
    expect(r.ms).toBeLessThan(250);
    // The slot given back: the next call goes where the aborted one would have, not one more second later.
    const third = await timed(c.createFlowLog(CREATE));
    expect(third.error).toBeUndefined();
    expect(third.ms).toBeLessThan(1400);
    expect(server.requests.length - before).toBe(2);
  });

  it("during connect (a write): rejects promptly and sends nothing; nothing was sent, so the outcome is NOT ambiguous", async () => {
    // Promise: ambiguous is "true when a write may have reached the server" (ARCHITECTURE.md, errors.ts); retry.ts
    // counts a write whose connection was never made as surely not sent (connect timeout, refused: not ambiguous).
    server.behaviour = (_req, socket) => json(socket, 200, OK);
    const c = client({ agent: { connect: slowConnect as never } });
    const before = server.requests.length;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const r = await timed(c.createFlowLog(CREATE, { signal: controller.signal }));
    expect(r.ms).toBeLessThan(250);
    const e = expectAbortError(r.error, "CreateFlowLog", "aborted");
    await delay(600); // the connection is made meanwhile: the aborted request must still not be written
    expect(server.requests.length).toBe(before);
    expect(e.ambiguous).toBe(false);
  });

  it("deadline during connect (a write): the deadline error, nothing sent, NOT ambiguous", async () => {
    // Same promise as above, for the call's deadline (reason "deadline").
    const c = client({ agent: { connect: slowConnect as never } });
    const before = server.requests.length;
    const r = await timed(c.deleteFlowLog({ flowLogId: "fl-1" }, { deadlineMs: 80 }));
    expect(r.ms).toBeLessThan(250);
    const e = expectAbortError(r.error, "DeleteFlowLog", "deadline");
    await delay(600);
    expect(server.requests.length).toBe(before);
    expect(e.ambiguous).toBe(false);
  });

  it("while the headers are awaited (a write): prompt, ambiguous, the socket closed", async () => {
    const controller = new AbortController();
    let serverSocket: Socket | undefined;
    server.behaviour = (_req, socket) => {
      serverSocket = socket;
      setTimeout(() => controller.abort(), 30);
    };
    const r = await timed(client().createFlowLog(CREATE, { signal: controller.signal }));
    const e = expectAbortError(r.error, "CreateFlowLog", "aborted");
    expect(e.ambiguous).toBe(true);
    expect(e.retryable).toBe(false);
    expect(r.ms).toBeLessThan(300);
    await delay(100);
    expect(serverSocket?.destroyed || serverSocket?.readableEnded).toBe(true);
  });

  it("while the body streams (a write): prompt, ambiguous, no second request", async () => {
    const controller = new AbortController();
    const before = server.requests.length;
    server.behaviour = (_req, socket) => {
      socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"RequestId\":");
      setTimeout(() => controller.abort(), 30);
    };
    const r = await timed(client().createFlowLog(CREATE, { signal: controller.signal }));
    const e = expectAbortError(r.error, "CreateFlowLog", "aborted");
    expect(e.ambiguous).toBe(true);
    expect(r.ms).toBeLessThan(300);
    await delay(100);
    expect(server.requests.length - before).toBe(1);
  });

  it("while the body streams (a read): prompt, aborted, not retried", async () => {
    const controller = new AbortController();
    const before = server.requests.length;
    server.behaviour = (_req, socket) => {
      socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"RequestId\":");
      setTimeout(() => controller.abort(), 30);
    };
    const r = await timed(client().describeFlowLogs({}, { signal: controller.signal }));
    const e = expectAbortError(r.error, "DescribeFlowLogs", "aborted");
    expect(e.ambiguous).toBe(false);
    expect(r.ms).toBeLessThan(300);
    await delay(100);
    expect(server.requests.length - before).toBe(1);
  });

  it("during a retry backoff: prompt (the backoff is not waited out), not ambiguous, no further request", async () => {
    const before = server.requests.length;
    server.behaviour = (_req, socket) => json(socket, 503, { RequestId: "u", Code: "ServiceUnavailable", Message: "busy" });
    const controller = new AbortController();
    const c = client({ random: () => 0.99, retry: { baseDelayMs: 5000, maxDelayMs: 5000, maxAttempts: 3 } });
    const r = await timed(c.createFlowLog(CREATE, { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 30) }));
    const e = expectAbortError(r.error, "CreateFlowLog", "aborted");
    expect(e.ambiguous).toBe(false);
    expect(r.ms).toBeLessThan(500);
    await delay(100);
    expect(server.requests.length - before).toBe(1);
  });

  it("one signal shared by many calls: no listener is left on it after they end", async () => {
    server.behaviour = (_req, socket) => json(socket, 200, OK);
    const controller = new AbortController();
    const c = client();
    for (let i = 0; i < 30; i++) await c.describeFlowLogs({}, { signal: controller.signal });
    const events = (await import("node:events")) as unknown as { getEventListeners(target: EventTarget, name: string): unknown[] };
    expect(events.getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

describe("deadline against retries and waits", () => {
  it("an x-acs-retry-after longer than the remaining deadline: the Throttling error at once, with the limiter on, and no late request", async () => {
    const before = server.requests.length;
    server.behaviour = (_req, socket) => json(socket, 400, { RequestId: "t", Code: "Throttling.User", Message: "flow control" }, { "x-acs-retry-after": "5" });
    const r = await timed(client({ credentials: freshKey(), rateLimit: { requestsPerSecond: 20, burst: 20 }, retry: { deadlineMs: 2000 } }).describeFlowLogs());
    expect(r.error).toMatchObject({ name: "AlicloudApiError", code: "Throttling.User", action: "DescribeFlowLogs", requestId: "t" });
    expect(r.ms).toBeLessThan(500);
    await delay(300);
    expect(server.requests.length - before).toBe(1);
  });

  it("Throttling on every attempt: the last Throttling error after maxAttempts, within the deadline, nothing sent after", async () => {
    const before = server.requests.length;
    server.behaviour = (_req, socket) => json(socket, 400, { RequestId: "t", Code: "Throttling.User", Message: "flow control" });
    const c = client({ credentials: freshKey(), rateLimit: { requestsPerSecond: 20, burst: 20 }, retry: { baseDelayMs: 10, maxDelayMs: 40, maxAttempts: 5, deadlineMs: 4000 } });
    const r = await timed(c.describeFlowLogs());
    expect(r.error).toMatchObject({ name: "AlicloudApiError", code: "Throttling.User" });
    expect(r.ms).toBeLessThan(4000);
    const sent = server.requests.length - before;
    expect(sent).toBe(5);
    await delay(500);
    expect(server.requests.length - before).toBe(sent);
  });

  it("the deadline reached while a write is in flight: the deadline error promptly, ambiguous, no late request", async () => {
    const before = server.requests.length;
    server.behaviour = () => undefined; // hang
    const r = await timed(client().modifyFlowLogAttribute({ flowLogId: "fl-1", flowLogName: "x" }, { deadlineMs: 150 }));
    const e = expectAbortError(r.error, "ModifyFlowLogAttribute", "deadline");
    expect(e.ambiguous).toBe(true);
    expect(r.ms).toBeLessThan(400);
    await delay(300);
    expect(server.requests.length - before).toBe(1);
  });

  it("the deadline reached in the limiter's queue: the deadline error at the deadline, nothing sent", async () => {
    server.behaviour = (_req, socket) => json(socket, 200, OK);
    const c = client({ credentials: freshKey(), rateLimit: { requestsPerSecond: 1, burst: 1 } });
    await c.describeFlowLogs();
    const before = server.requests.length;
    const r = await timed(c.describeFlowLogs({}, { deadlineMs: 150 }));
    expectAbortError(r.error, "DescribeFlowLogs", "deadline");
    expect(r.ms).toBeLessThan(400);
    await delay(1200);
    expect(server.requests.length).toBe(before);
  });

  it("after a Throttling answer, a limiter wait that surely outlives the deadline: the Throttling error at once, not a wait until 'deadline'", async () => {
    // retry.ts decideRetry: "only when the wait ends before the deadline (a wait that would outlive it is pointless, so
    // the last error is reported at once)". The retry's wait is backoff + the (slowed) limiter's wait; only the backoff
    // is checked. Observed: the call sleeps in the limiter until the deadline and reports reason "deadline", with the
    // Throttling answer that caused it nowhere in the error.
    const before = server.requests.length;
    server.behaviour = (_req, socket) => json(socket, 400, { RequestId: "t", Code: "Throttling.User", Message: "flow control" });
    const c = client({ credentials: freshKey(), rateLimit: { requestsPerSecond: 1, burst: 1 }, retry: { baseDelayMs: 5, maxDelayMs: 5, maxAttempts: 4 } });
    const r = await timed(c.describeFlowLogs({}, { deadlineMs: 1500 }));
    expect(server.requests.length - before).toBe(1); // the slowed limiter (0.5/s) would send the retry ~2 s later
    expect(String(r.error)).toMatch(/Throttling\.User/);
    expect(r.ms).toBeLessThan(500);
  });

  it("a deadline already passed (deadlineMs 0 or negative): the deadline error, the write NOT sent, not ambiguous", async () => {
    // CallScope: "it stops when the caller's signal aborts or the call's deadline passes, so waits, the rate limiter and
    // requests all stop together". Observed on a warm keep-alive connection: the CreateFlowLog is written (the deadline
    // is only a setTimeout that fires on a later turn), then aborted and reported ambiguous.
    server.behaviour = (_req, socket) => void setTimeout(() => json(socket, 200, OK), 20);
    const c = client();
    await c.describeFlowLogs(); // a warm connection, as in any busy provider process
    const seen: { deadlineMs: number; sent: number; ambiguous: boolean }[] = [];
    for (const deadlineMs of [0, -5]) {
      const before = server.requests.length;
      const r = await timed(c.createFlowLog(CREATE, { deadlineMs }));
      await delay(100);
      const e = expectAbortError(r.error, "CreateFlowLog", "deadline");
      seen.push({ deadlineMs, sent: server.requests.length - before, ambiguous: e.ambiguous });
    }
    expect(seen).toEqual([
      { deadlineMs: 0, sent: 0, ambiguous: false },
      { deadlineMs: -5, sent: 0, ambiguous: false },
    ]);
  });

  it("deadlineMs: Infinity (no deadline) does not end the call at once", async () => {
    // CallOptions.deadlineMs: "Overall deadline of this call, milliseconds". Node's setTimeout turns any delay above
    // 2^31-1 ms (Infinity, or 25 days) into 1 ms, so such a deadline fires immediately.
    server.behaviour = (_req, socket) => void setTimeout(() => json(socket, 200, OK), 50);
    const r = await timed(client().describeFlowLogs({}, { deadlineMs: Number.POSITIVE_INFINITY }));
    expect(r.error, String(r.error)).toBeUndefined();
  });

  it("retry.deadlineMs of 30 days does not end every call after 1 ms", async () => {
    // RetryPolicy.deadlineMs: "Overall deadline of one call". 30 days > 2^31-1 ms.
    server.behaviour = (_req, socket) => void setTimeout(() => json(socket, 200, OK), 50);
    const r = await timed(client({ retry: { deadlineMs: 30 * 24 * 3600 * 1000 } }).describeFlowLogs());
    expect(r.error, String(r.error)).toBeUndefined();
  });
});
