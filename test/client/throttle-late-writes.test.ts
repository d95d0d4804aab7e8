/**
 * ActionBucket.wrote (src/client/throttle.ts): a request written later than its turn (it waited for a new connection)
 * counts in the window from its write, and the turns still to come move where the window then asks, keeping the spacing
 * a slow-down gave them (respace: one interval, 1000 / rate ms, apart).
 */
import { describe, expect, it } from "vitest";
import { ActionBucket, WINDOW_MS, WRITE_LAG_MS } from "../../src/client/throttle";

const LIMIT = { requestsPerSecond: 20, burst: 20 };

/** A bucket with 20 turns granted at 0 and `queued` more waiting; returns the waiting reservations. */
function burst(queued: number) {
  const bucket = new ActionBucket(LIMIT, 0);
  for (let i = 0; i < 20; i++) expect(bucket.reserve(0).at).toBe(0);
  const waiting = Array.from({ length: queued }, () => bucket.reserve(0));
  return { bucket, waiting };
}

describe("ActionBucket.wrote", () => {
  it("turns queued behind late writes move to a window after the writes", () => {
    const { bucket, waiting } = burst(20);
    expect(waiting.map((r) => r.at)).toEqual(Array(20).fill(WINDOW_MS));
    // The first 20 waited 100 ms for their connections.
    for (let i = 0; i < 20; i++) bucket.wrote(0, 100, 100);
    expect(waiting.map((r) => r.at)).toEqual(Array(20).fill(100 + WINDOW_MS));
  });

  it("a write within WRITE_LAG_MS of its turn moves nothing", () => {
    const { bucket, waiting } = burst(5);
    for (let i = 0; i < 20; i++) bucket.wrote(0, WRITE_LAG_MS, WRITE_LAG_MS);
    expect(waiting.map((r) => r.at)).toEqual(Array(5).fill(WINDOW_MS));
  });

  it("after a slow-down, the turns it spaced stay one interval apart when late writes move them", () => {
    const { bucket, waiting } = burst(5);
    bucket.slowDown(0);
    const rate = bucket.currentRate(0);
    expect(rate).toBe(10);
    expect(waiting.map((r) => r.at)).toEqual([1050, 1150, 1250, 1350, 1450]);
    for (let i = 0; i < 20; i++) bucket.wrote(0, 900, 900);
    const times = waiting.map((r) => r.at);
    expect(times[0]).toBeGreaterThanOrEqual(900 + WINDOW_MS);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000 / rate);
  });
});
