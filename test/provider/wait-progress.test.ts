/**
 * wait.ts progress lines: each new status short of the wanted one is logged once; reaching the state is left to the
 * caller's own line (create's "Active after ..."), so the demo does not print it twice.
 */
import { describe, expect, it } from "vitest";
import type { ProviderContext, WaitOutcome, WaitRequest } from "../../src/provider";
import { classify, waitForState } from "../../src/provider/wait";
import { flowLog } from "./helpers/paged-region";

/** A context whose watcher replays `sightings` (undefined: absent) to the wait, then ends it as reached. */
function contextReplaying(sightings: readonly (string | undefined)[], lines: string[]): ProviderContext {
  const watcher = {
    wait: async (request: WaitRequest): Promise<WaitOutcome> => {
      sightings.forEach((status, i) => request.onProgress?.(status === undefined ? undefined : { ...flowLog(1), status }, (i + 1) * 300));
      return { kind: "reached", elapsedMs: sightings.length * 300 };
    },
  };
  const settings = { log: (line: string) => lines.push(line), staleGraceMs: 0, progressEveryMs: 60_000 };
  return { settings, watcher: () => watcher, remaining: () => 60_000 } as unknown as ProviderContext;
}

describe("waitForState progress lines", () => {
  it("logs each new status on the way, not the one waited for", async () => {
    const lines: string[] = [];
    const ctx = contextReplaying(["Activating", "Activating", "Active"], lines);
    await waitForState(ctx, { regionId: "cn-hangzhou", flowLogId: "fl-1", deadline: 60_000, label: "Active", want: (f) => f.status === "Active", whenAbsent: "gone" });
    expect(lines).toEqual(["FlowLog fl-1: Activating after 0.3 s (waiting for Active)"]);
  });

  it("a delete's wait logs Deleting, not gone; a settled wait still logs transitions", async () => {
    const lines: string[] = [];
    await waitForState(contextReplaying(["Deleting", undefined], lines), { regionId: "r", flowLogId: "fl-1", deadline: 60_000, label: "gone", want: () => false, whenAbsent: "reached" });
    expect(lines).toEqual(["FlowLog fl-1: Deleting after 0.3 s (waiting for gone)"]);
    lines.length = 0;
    await waitForState(contextReplaying(["Modifying", "Active"], lines), { regionId: "r", flowLogId: "fl-1", deadline: 60_000, label: "settled", want: () => true, whenAbsent: "reached" });
    expect(lines).toEqual(["FlowLog fl-1: Modifying after 0.3 s (waiting for settled)"]);
  });
});

describe("classify", () => {
  const activeWait = { want: (f: { status: string }) => f.status === "Active", dead: (f: { status: string }) => f.status === "Inactive" || f.status === "Deleting" };

  it("fails a wait for Active on Deleting, a transition that only leads to gone, once past the stale grace", () => {
    expect(classify(activeWait, { ...flowLog(1), status: "Deleting" }, 500, 1_000)).toBe("pending");
    expect(classify(activeWait, { ...flowLog(1), status: "Deleting" }, 1_000, 1_000)).toBe("failed");
    expect(classify(activeWait, { ...flowLog(1), status: "Activating" }, 5_000, 1_000)).toBe("pending");
    expect(classify(activeWait, { ...flowLog(1), status: "Active" }, 0, 1_000)).toBe("reached");
  });
});
