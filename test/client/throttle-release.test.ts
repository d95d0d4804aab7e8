/**
 * The limiter's sliding window (src/client/throttle.ts): a caller that gives up waiting frees its place in the window
 * (ActionBucket.release's docstring). acquire() hands back `now + waitMs`, the bucket stored `at` with waitMs = at - now;
 * in floating point (performance.now() has fractions) (at - now) + now is not always at, and then the place stays taken.
 */
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/client/throttle";

/** A clock set by hand; sleeps are recorded and end only by abort while `hold` is set, at once otherwise. */
function manualClock(start: number) {
  let time = start;
  const clock = {
    hold: true,
    sleeps: [] as number[],
    set: (at: number) => (time = at),
    now: () => time,
    sleep: (ms: number, signal?: AbortSignal) => {
      clock.sleeps.push(ms);
      if (!clock.hold) return Promise.resolve();
      return new Promise<void>((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason), { once: true }));
    },
  };
  return clock;
}

describe("RateLimiter window: a reservation given back", () => {
  it("frees its place, with fractional clock times where (at - now) + now !== at", async () => {
    // Times from a search: s1 + 1050 = 1050.14, and (1050.14 - 19.21141) + 19.21141 = 1050.1399999999999.
    expect(1050.14 - 19.21141 + 19.21141).not.toBe(1050.14);
    const clock = manualClock(0.14);
    const limiter = new RateLimiter({ requestsPerSecond: 2, burst: 2 }, clock);
    expect(limiter.tryAcquire("A")).toBe(0.14); // sent at 0.14
    clock.set(10);
    expect(limiter.tryAcquire("A")).toBe(10); // sent at 10: the window (2 per 1050 ms) is full until 1050.14
    clock.set(19.21141);
    const controller = new AbortController();
    const waiting = limiter.acquire("A", controller.signal).catch(() => "gave up");
    controller.abort();
    expect(await waiting).toBe("gave up");
    // The next caller gets the place given back (1050.14), not one behind a reservation nobody uses (10 + 1050).
    clock.hold = false;
    await limiter.acquire("A");
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[1]).toBeCloseTo(1050.14 - 19.21141, 6);
  });
});
