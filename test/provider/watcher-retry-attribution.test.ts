/**
 * Which wait a retried DescribeFlowLogs failure is charged to (RegionWatcher.noteRetry): a call about one flow log (by
 * FlowLogId) or one resource retries for that item only, so only its waits and looks name that failure when they time
 * out; a listing page's retry is the region's, named by every wait. WaitOutcome.lastError: "never another flow log's".
 */
import { describe, expect, it } from "vitest";
import { RegionWatcher, type FlowLogSource, type WaitOutcome } from "../../src/provider";
import { FakeClock } from "./helpers/fake-clock";

/** A source whose calls never answer (the client is still retrying them). */
function hangingSource(): FlowLogSource {
  const never = new Promise<never>(() => undefined);
  return { byId: () => never, byResource: () => never, all: () => never };
}

const wait = (watcher: RegionWatcher, flowLogId: string, timeoutMs: number): Promise<WaitOutcome> =>
  watcher.wait({ flowLogId, classify: (f) => (f.status === "Active" ? "reached" : "pending"), whenAbsent: "gone", timeoutMs });

describe("retried failures are charged to the item the call asked about", () => {
  it("a retry of B's call by FlowLogId is B's last error, not A's; a resource's is that note's", async () => {
    const clock = new FakeClock();
    const watcher = new RegionWatcher(hangingSource(), { clock, isTransient: () => true });
    const a = wait(watcher, "fl-a", 5_000);
    const b = wait(watcher, "fl-b", 5_000);
    const note = watcher.note("vpc-1", { timeoutMs: 5_000 }).catch((error: Error) => error.message);
    await clock.advance(500);
    watcher.noteRetry(new Error("Throttling.User for fl-b"), { kind: "id", key: "fl-b" });
    watcher.noteRetry(new Error("ServiceUnavailable for vpc-1"), { kind: "resource", key: "vpc-1" });
    await clock.advance(5_000);
    expect(await a).toEqual({ kind: "timeout", elapsedMs: 5_000 });
    expect(await b).toMatchObject({ kind: "timeout", lastError: new Error("Throttling.User for fl-b") });
    expect(await note).toMatch(/could not look up the flow logs on the resource .*last error: ServiceUnavailable for vpc-1/);
  });

  it("a listing page's retry is every wait's", async () => {
    const clock = new FakeClock();
    const watcher = new RegionWatcher(hangingSource(), { clock, isTransient: () => true });
    const a = wait(watcher, "fl-a", 5_000);
    await clock.advance(500);
    watcher.noteRetry(new Error("Throttling.User on a page"));
    await clock.advance(5_000);
    expect(await a).toMatchObject({ kind: "timeout", lastError: new Error("Throttling.User on a page") });
  });
});
