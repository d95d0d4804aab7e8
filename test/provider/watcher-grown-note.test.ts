/**
 * "Misses of a listing during which the region grew are confirmed" (region-listing.ts RegionListing.grew: one
 * flow log may then be on no page read "although absenceIsSure says otherwise"). RegionWatcher.note promises "Every flow
 * log on resourceId before this call" (watcher.ts). A note answered from a grown listing (knownAfter once ignored `grew`) could
 * miss the flow log the late one pushed onto a page already read; and that listing is kept as lastListing for later notes.
 */
import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/provider/clock";
import type { RegionListing } from "../../src/provider/region-listing";
import type { CloudFlowLog } from "../../src/provider/types";
import { RegionWatcher, type FlowLogSource } from "../../src/provider/watcher";

function flowLog(id: string, resourceId: string, creationTime: string): CloudFlowLog {
  return {
    flowLogId: id, flowLogName: "", description: "", regionId: "cn-hangzhou", resourceType: "VPC", resourceId, trafficType: "All",
    projectName: "p", logStoreName: "s", trafficPaths: [], resourceGroupId: "rg", tags: {}, ipVersion: "IPv4", status: "Active",
    businessStatus: "Normal", creationTime, flowLogDeliverStatus: "SUCCESS", flowLogDeliverErrorMessage: "", logFormat: "", serviceType: "",
  };
}

describe("a note from a listing during which the region grew", () => {
  it("names the flow log on the resource that the grown listing lacked", async () => {
    const moved = flowLog("fl-moved", "vpc-target", "2026-11-30T10:00:01Z");
    const listed = [flowLog("fl-a", "vpc-a", "2026-11-30T10:00:00Z"), flowLog("fl-late", "vpc-late", "2026-11-30T09:59:59Z")];
    let byResourceCalls = 0;
    const source: FlowLogSource = {
      byId: async (id) => [moved, ...listed].find((f) => f.flowLogId === id),
      byResource: async (resourceId) => {
        byResourceCalls += 1;
        return [moved, ...listed].filter((f) => f.resourceId === resourceId);
      },
      all: async (): Promise<RegionListing> => ({
        flowLogs: listed, // fl-moved was pushed onto the page read first, before fl-late appeared mid-list
        absenceIsSure: true,
        partial: false,
        size: 2,
        lastPageNewest: "2026-11-30T10:00:00Z",
        orderShown: true,
        calls: 2,
        grew: true,
      }),
    };
    const watcher = new RegionWatcher(source, { clock: systemClock, coalesceMs: 1 });
    // Three notes (more than maxByIdWaiters): one listing round serves them.
    const [target] = await Promise.all([
      watcher.note("vpc-target", { timeoutMs: 2_000 }),
      watcher.note("vpc-x", { timeoutMs: 2_000 }),
      watcher.note("vpc-y", { timeoutMs: 2_000 }),
    ]);
    // Observed: [] (no DescribeFlowLogs by ResourceId; the grown listing's absence trusted). Expected: fl-moved.
    expect(target.map((f) => f.flowLogId), `byResource calls: ${byResourceCalls}`).toEqual(["fl-moved"]);
  });
});
