import { describe, expect, it } from "vitest";
import { MIN_REQUESTS_PER_SECOND, RateLimiter, SLOW_DOWN_COOLDOWN_MS, sharedRateLimiter, WINDOW_MS } from "../../src/client/throttle";
import { FakeClock } from "./helpers/fake-clock";

describe("RateLimiter (token bucket per action, injected clock)", () => {
  it("lets a burst through, then spaces requests at the rate", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 2, burst: 3 }, clock);
    for (let i = 0; i < 3; i++) await limiter.acquire("DescribeFlowLogs");
    expect(clock.sleeps).toEqual([]);
    await limiter.acquire("DescribeFlowLogs");
    await limiter.acquire("DescribeFlowLogs");
    expect(clock.sleeps).toEqual([500, 500]);
  });

  it("keeps one bucket per action", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 }, clock);
    await limiter.acquire("CreateFlowLog");
    await limiter.acquire("DescribeFlowLogs");
    expect(clock.sleeps).toEqual([]);
  });

  it("queues concurrent callers by borrowing tokens", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 }, clock);
    // Sleeps are recorded in call order before any of them advances the clock much.
    const sleeps: number[] = [];
    const slow = { now: () => clock.now(), sleep: async (ms: number) => void sleeps.push(ms) };
    const shared = new RateLimiter({ requestsPerSecond: 10, burst: 1 }, slow);
    await Promise.all([shared.acquire("A"), shared.acquire("A"), shared.acquire("A")]);
    expect(sleeps).toEqual([100, 200]);
    expect(limiter.rateOf("A")).toBe(10);
  });

  it("never lets more than requestsPerSecond through within any second, even with a full bucket (a server's count)", async () => {
    const clock = new FakeClock();
    const waits: number[] = [];
    const recording = { now: () => clock.now(), sleep: async (ms: number) => void waits.push(ms) };
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 20 }, recording);
    // 100 callers at once after a quiet period: a plain token bucket would send 20 at once and 20 more within that second.
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire("DeleteFlowLog")));
    const sendTimes = [...Array.from({ length: 100 - waits.length }, () => 0), ...waits].sort((a, b) => a - b);
    for (const start of sendTimes) {
      expect(sendTimes.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(20);
    }
    // ...while keeping the rate: 20 per window (a second plus the arrival margin), so the 100th send is due after 4 windows.
    expect(sendTimes[99]).toBe(4 * WINDOW_MS);
    // A burst larger than one second's worth is taken as meant: no window then.
    const roomy = new RateLimiter({ requestsPerSecond: 2, burst: 30 }, clock);
    for (let i = 0; i < 30; i++) expect(roomy.tryAcquire("A")).toBeTypeOf("number");
  });

  it("halves the rate on Throttling, drops saved tokens, then recovers gradually", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 20 }, clock);
    limiter.throttled("CreateFlowLog");
    expect(limiter.rateOf("CreateFlowLog")).toBe(10);
    await limiter.acquire("CreateFlowLog");
    expect(clock.sleeps).toEqual([100]); // no burst left: one token at 10/s
    clock.advance(900);
    limiter.throttled("CreateFlowLog");
    expect(limiter.rateOf("CreateFlowLog")).toBeCloseTo(6, 5); // 10 + 1 s of recovery (2), then halved
    clock.advance(1000);
    expect(limiter.rateOf("CreateFlowLog")).toBeCloseTo(8, 5); // +10% of 20 per second
    clock.advance(60_000);
    expect(limiter.rateOf("CreateFlowLog")).toBe(20);
    expect(limiter.rateOf("DescribeFlowLogs")).toBe(20);
  });

  it("never falls below the floor", () => {
    const clock = new FakeClock();
    // At 1/s, recovery (0.1/s per second) cannot offset one halving per cooldown, so the floor is reached.
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 }, clock);
    for (let i = 0; i < 20; i++) {
      limiter.throttled("A");
      clock.advance(SLOW_DOWN_COOLDOWN_MS);
    }
    limiter.throttled("A");
    expect(limiter.rateOf("A")).toBe(MIN_REQUESTS_PER_SECOND);
  });

  it("slows down once for a burst of Throttling answers to requests already in flight", () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 20 }, clock);
    for (let i = 0; i < 32; i++) limiter.throttled("CreateFlowLog");
    expect(limiter.rateOf("CreateFlowLog")).toBe(10);
    clock.advance(SLOW_DOWN_COOLDOWN_MS);
    limiter.throttled("CreateFlowLog");
    expect(limiter.rateOf("CreateFlowLog")).toBe(6); // 10 + 2 recovered, then halved
  });

  it("gives the token back when the wait is aborted", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1 }, clock);
    await limiter.acquire("A");
    const aborted = AbortSignal.abort(new Error("stop"));
    await expect(limiter.acquire("A", aborted)).rejects.toThrow("stop");
    await limiter.acquire("A");
    expect(clock.sleeps).toEqual([WINDOW_MS]); // one wait of one send's window: the aborted caller's place was given back
  });
});

describe("sharedRateLimiter registry", () => {
  it("shares one limiter per endpoint and AccessKeyId across the process", () => {
    const a = sharedRateLimiter("http://127.0.0.1:1", "id-1");
    expect(sharedRateLimiter("http://127.0.0.1:1", "id-1")).toBe(a);
    expect(sharedRateLimiter("http://127.0.0.1:1", "id-2")).not.toBe(a);
    expect(sharedRateLimiter("http://127.0.0.1:2", "id-1")).not.toBe(a);
  });
});
