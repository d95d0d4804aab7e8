import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { CallScope } from "../../src/client/call-scope";
import { FakeClock } from "./helpers/fake-clock";

describe("CallScope (a call's deadline and cancellation)", () => {
  it("tells its listeners once when the caller aborts, and hands out an AbortSignal made on demand", () => {
    const caller = new AbortController();
    const scope = new CallScope(new FakeClock(), 60_000, caller.signal);
    let calls = 0;
    const removed = (): void => void (calls += 100);
    scope.addEventListener("abort", () => calls++);
    scope.addEventListener("abort", removed);
    scope.removeEventListener("abort", removed);
    const early = scope.signal;
    expect(scope.aborted).toBe(false);
    caller.abort();
    expect([scope.aborted, scope.stopReason, calls, early.aborted]).toEqual([true, "aborted", 1, true]);
    // A signal asked for after the stop is aborted already.
    expect(scope.signal.aborted).toBe(true);
    expect(scope.reason).toBe(early.reason);
    scope.dispose();
  });

  it("stops at its deadline and reports it as such", async () => {
    const scope = new CallScope(new FakeClock(), 5);
    const stopped = new Promise<void>((resolve) => scope.addEventListener("abort", resolve));
    await stopped;
    expect(scope.stopReason).toBe("deadline");
    expect(scope.stoppedError("DescribeFlowLogs", 1, false, true).message).toMatch(/deadline of 5 ms/);
    scope.dispose();
  });

  it("does not stop after dispose", async () => {
    const scope = new CallScope(new FakeClock(), 5);
    scope.dispose();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(scope.aborted).toBe(false);
  });

  it("calls every listener (functions and objects) even when one throws, then throws the first error to the stopper", () => {
    const clock = new FakeClock();
    const scope = new CallScope(clock, 100);
    const called: string[] = [];
    scope.addEventListener("abort", () => called.push("first"));
    scope.addEventListener("abort", () => {
      throw new Error("listener failed");
    });
    scope.addEventListener("abort", { handleEvent: () => called.push("object") });
    clock.advance(100);
    expect(() => scope.mustStop()).toThrow("listener failed");
    expect(called).toEqual(["first", "object"]);
    expect(scope.stopReason).toBe("deadline");
    scope.dispose();
  });

  it("hears the caller's abort even when an earlier listener of the caller calls stopImmediatePropagation()", () => {
    const caller = new AbortController();
    caller.signal.addEventListener("abort", (event) => event.stopImmediatePropagation());
    const scope = new CallScope(new FakeClock(), 60_000, caller.signal);
    caller.abort();
    expect(scope.stopReason).toBe("aborted");
    scope.dispose();
  });

  it("leaves no listener on the caller's signal after dispose", () => {
    const caller = new AbortController();
    const scope = new CallScope(new FakeClock(), 60_000, caller.signal);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(1);
    scope.dispose();
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});
