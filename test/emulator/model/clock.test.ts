import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/emulator/model";

describe("ManualClock", () => {
  it("fires timers in due order only when advanced past them", () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push("b"), 200);
    clock.setTimeout(() => fired.push("a"), 100);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(["a"]);
    expect(clock.now()).toBe(1100);
    clock.advance(500);
    expect(fired).toEqual(["a", "b"]);
    expect(clock.now()).toBe(1600);
  });

  it("runs timers scheduled by timers within the same advance, and honours clearTimeout", () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 10);
    const cancelled = clock.setTimeout(() => fired.push(-1), 20);
    clock.clearTimeout(cancelled);
    clock.advance(100);
    expect(fired).toEqual([10, 60]);
    expect(clock.pendingCount()).toBe(0);
  });
});
