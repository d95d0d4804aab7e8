/**
 * The client-side limiter over HTTP. Promises: README "at most 20 requests per second per action, per endpoint
 * and AccessKeyId, shared by the whole process ... halved on a Throttling answer, then recovering"; VpcClientOptions.rateLimit
 * "shared by every client of the process for the same endpoint and AccessKeyId"; ActionBucket.reserve "Borrowing ...
 * queues concurrent callers fairly"; RateLimiter.acquire "the reserved token is given back" on abort.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../src/client/clock";
import { VpcClient, type VpcClientOptions } from "../../src/client/vpc-client";
import { delay, json, SECRET, startRawServer, TestClients, timed, type RawServer } from "./helpers/raw-server";

let server: RawServer;
let keyCounter = 0;

function freshKeyId(): string {
  return `limiter-test-${++keyCounter}-${process.pid}`;
}

const clients = new TestClients(() => ({ endpoint: server.url, retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 } }));
const client = (accessKeyId: string, options: VpcClientOptions = {}): VpcClient =>
  clients.make({ credentials: { accessKeyId, accessKeySecret: SECRET }, ...options });

const OK = { RequestId: "ok", FlowLogs: { FlowLog: [] }, TotalCount: 0 };

beforeAll(async () => {
  server = await startRawServer((_req, socket) => json(socket, 200, OK));
});
afterAll(async () => {
  await clients.closeAll();
  await server.close();
});

describe("sharing", () => {
  it("two clients with one endpoint and AccessKeyId share the limit; another AccessKeyId does not", async () => {
    server.behaviour = (_req, socket) => json(socket, 200, OK);
    // A clock that stands still but while a limiter sleeps: the waits are exact, whatever a's round trip took on a
    // loaded machine (timing b's call from its start measured 500 ms less a's round trip).
    let time = 0;
    const waits: number[] = [];
    const clock: Clock = { now: () => time, sleep: async (ms) => void (waits.push(ms), (time += ms)) };
    const limit = { clock, rateLimit: { requestsPerSecond: 2, burst: 1 } };
    const id = freshKeyId();
    const a = client(id, limit);
    const b = client(id, { ...limit, endpoint: `${server.url}/` }); // the same endpoint, spelled with a slash
    const other = client(freshKeyId(), limit);
    await a.describeFlowLogs();
    expect(waits).toEqual([]);
    await b.describeFlowLogs();
    expect(waits).toEqual([500]); // b waited for a's token (2/s)
    await other.describeFlowLogs();
    expect(waits).toEqual([500]); // its own bucket: no wait
  });

  it("a Throttling answer to one client slows the other client of the same key, and the rate recovers later", async () => {
    let time = 0;
    const clock: Clock = { now: () => time, sleep: async (ms) => void (time += ms) };
    const id = freshKeyId();
    const a = client(id, { clock, rateLimit: { requestsPerSecond: 20, burst: 20 } });
    const b = client(id, { clock, rateLimit: { requestsPerSecond: 20, burst: 20 } });
    let n = 0;
    server.behaviour = (_req, socket) =>
      ++n === 1 ? json(socket, 400, { RequestId: "t", Code: "Throttling.User", Message: "flow control" }) : json(socket, 200, OK);
    await a.describeFlowLogs();
    const limiter = b.rateLimiterFor(server.url, id)!;
    expect(limiter.rateOf("DescribeFlowLogs")).toBeLessThanOrEqual(10.5);
    time += 10_000;
    expect(limiter.rateOf("DescribeFlowLogs")).toBe(20);
  });
});

describe("slowing down with callers already queued", () => {
  it("a Throttling answer slows the calls already waiting in the limiter, not only later ones", async () => {
    // README: "halved on a Throttling answer"; the rate the server sees should drop once it says Throttling. Observed:
    // callers queued before the answer keep the send times they were given at the old rate.
    const id = freshKeyId();
    const c = client(id, { rateLimit: { requestsPerSecond: 10, burst: 1 }, retry: { maxAttempts: 1 } });
    const sends: number[] = [];
    server.behaviour = (_req, socket) => {
      sends.push(performance.now());
      if (sends.length === 1) json(socket, 400, { RequestId: "t", Code: "Throttling.User", Message: "flow control" });
      else json(socket, 200, OK);
    };
    await Promise.allSettled(Array.from({ length: 6 }, () => c.describeFlowLogs()));
    const gaps = sends.slice(2).map((t, i) => Math.round(t - sends[i + 1]!));
    // After the Throttling answer (to the first send), 10/s halved is 5/s: 4 gaps of about 200 ms, not 100 ms. Bounded as a
    // span: a late timer on a loaded machine lengthens one gap and shortens the next, never the span.
    const span = sends.at(-1)! - sends[1]!;
    expect(gaps.length).toBe(4);
    expect(span, `gaps after the Throttling answer: ${gaps.join(", ")} ms`).toBeGreaterThanOrEqual(4 * 180);
  });
});

describe("fairness and give-back", () => {
  it("callers queued in the limiter are sent in the order they asked, a late one last", async () => {
    server.behaviour = (_req, socket) => json(socket, 200, OK);
    const id = freshKeyId();
    const c = client(id, { rateLimit: { requestsPerSecond: 10, burst: 1 } });
    const order: string[] = [];
    server.behaviour = (req, socket) => {
      order.push(/FlowLogName=(\w+)/.exec(req.head)?.[1] ?? "?");
      json(socket, 200, OK);
    };
    const calls = ["a", "b", "c", "d"].map((name) => c.describeFlowLogs({ flowLogName: name }));
    await delay(20);
    calls.push(c.describeFlowLogs({ flowLogName: "late" }));
    await Promise.all(calls);
    expect(order).toEqual(["a", "b", "c", "d", "late"]);
  });

  it("a caller aborted in the queue does not delay the ones behind it beyond their own place", async () => {
    server.behaviour = (_req, socket) => json(socket, 200, OK);
    const id = freshKeyId();
    const c = client(id, { rateLimit: { requestsPerSecond: 4, burst: 1 } });
    await c.describeFlowLogs();
    const controller = new AbortController();
    const aborted = timed(c.describeFlowLogs({}, { signal: controller.signal }));
    const behind = timed(c.describeFlowLogs());
    await delay(30);
    controller.abort();
    expect((await aborted).error).toMatchObject({ reason: "aborted" });
    const r = await behind;
    expect(r.error).toBeUndefined();
    // Its own place was about 500 ms after the first send (4/s); it must not be later than that.
    expect(r.ms).toBeLessThan(700);
  });

  it("a call whose deadline passes in the queue gives its slot back: the next caller is not pushed a further period out", async () => {
    server.behaviour = (_req, socket) => json(socket, 200, OK);
    const id = freshKeyId();
    const c = client(id, { rateLimit: { requestsPerSecond: 2, burst: 1 } });
    await c.describeFlowLogs();
    const expired = await timed(c.describeFlowLogs({}, { deadlineMs: 50 }));
    expect(expired.error).toMatchObject({ reason: "deadline" });
    const next = await timed(c.describeFlowLogs());
    expect(next.error).toBeUndefined();
    // The first send took the token at t=0; the next place is ~525 ms later (2/s in 1.05 s windows), so about 475 ms
    // from here, not ~1 s as it would be had the expired call kept its place.
    expect(next.ms).toBeLessThan(800);
  });
});
