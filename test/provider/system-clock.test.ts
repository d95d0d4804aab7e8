/**
 * The provider's real clock is monotonic (performance.now): the watcher's rounds, deadlines and settle times are
 * differences of its readings, and a wall clock set back must not leave rounds due in the "future" (src/provider/clock.ts).
 */
import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/provider/clock";

describe("provider systemClock", () => {
  it("reads the monotonic clock, not wall time", () => {
    const before = performance.now();
    const read = systemClock.now();
    const after = performance.now();
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(after);
    // Wall time (Date.now) is on another scale entirely (ms since 1970, against ms since the process started).
    expect(Math.abs(read - Date.now())).toBeGreaterThan(1e9);
  });
});
