/**
 * The watcher's region listing as a source of "gone": a listing that spans pages is not a snapshot
 * (another client's delete on page 1 shifts an item of page 2 out of every page read first to last), so a wait that ends
 * on absence (delete's wait after an accepted DeleteFlowLog, an update's wait after its grace) must not take a miss as
 * gone unless the listing says its absences are sure (region-listing.ts; tested there and in delete-page-shift.emulator.test.ts).
 */
import { describe, expect, it } from "vitest";
import { RegionWatcher, type CloudFlowLog, type FlowLogSource } from "../../src/provider";
import { cloudFromInputs } from "../../src/provider/mapping";
import { listingOf } from "./helpers/listing";
import { FakeClock } from "./helpers/fake-clock";

function flowLog(id: string, status = "Deleting"): CloudFlowLog {
  const base = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "p", logStoreName: "s" } as const;
  return cloudFromInputs({ ...base, status: "Active", timeouts: { create: "1m", update: "1m", delete: "1m" } }, id, "cn-hangzhou", status);
}

/** `size` flow logs exist (fl-0...); every region listing skips the ids in `skipped` (as page shifts do); by id sees all. */
function shiftedRegion(size: number, skipped: ReadonlySet<string>) {
  const calls: string[] = [];
  const ids = Array.from({ length: size }, (_, i) => `fl-${i}`);
  const source: FlowLogSource = {
    byId: async (id) => (calls.push(`byId ${id}`), ids.includes(id) ? flowLog(id) : undefined),
    byResource: async () => [],
    all: async () => (calls.push("all"), listingOf(ids.filter((id) => !skipped.has(id)).map((id) => flowLog(id)), false)),
  };
  return { source, calls, ids };
}

const deleteWait = (watcher: RegionWatcher, id: string, outcomes: Record<string, string>) =>
  void watcher
    .wait({ flowLogId: id, kind: "gone", classify: () => "pending", whenAbsent: "reached", timeoutMs: 3_000 })
    .then((outcome) => (outcomes[id] = outcome.kind));

describe("delete waits served by a listing of two or more pages", () => {
  it("a flow log still Deleting that the listing skipped is never reported gone", async () => {
    const clock = new FakeClock();
    const { source } = shiftedRegion(120, new Set(["fl-60", "fl-61"]));
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const outcomes: Record<string, string> = {};
    for (const id of ["fl-60", "fl-61", "fl-62", "fl-63"]) deleteWait(watcher, id, outcomes);
    await clock.advance(5_000);
    expect(outcomes).toEqual({ "fl-60": "timeout", "fl-61": "timeout", "fl-62": "timeout", "fl-63": "timeout" });
  });

  it("confirms every miss of a listing whose absence is not sure in the same round, and ends none of those still there", async () => {
    const clock = new FakeClock();
    const skipped = new Set(Array.from({ length: 10 }, (_, i) => `fl-${100 + i}`));
    const { source, calls } = shiftedRegion(120, skipped);
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true, budget: { callsPerSecond: 100, burst: 100 } });
    const outcomes: Record<string, string> = {};
    for (const id of skipped) deleteWait(watcher, id, outcomes);
    await clock.advance(400);
    const firstRound = calls.slice(0, calls.indexOf("all", 1) === -1 ? calls.length : calls.indexOf("all", 1));
    expect(firstRound.filter((c) => c.startsWith("byId"))).toHaveLength(10);
    expect(Object.keys(outcomes)).toHaveLength(0);
  });

  it("trusts the misses of a listing whose absence is sure: gone flow logs end their deletes without a look by id", async () => {
    const clock = new FakeClock();
    const calls: string[] = [];
    const present = Array.from({ length: 120 }, (_, i) => flowLog(`fl-${i}`, "Active"));
    const source: FlowLogSource = {
      byId: async (id) => (calls.push(`byId ${id}`), present.find((f) => f.flowLogId === id)),
      byResource: async () => [],
      all: async () => (calls.push("all"), listingOf(present, true)),
    };
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const outcomes: Record<string, string> = {};
    for (const id of ["fl-gone-1", "fl-gone-2", "fl-gone-3"]) deleteWait(watcher, id, outcomes);
    await clock.advance(2_000);
    expect(outcomes).toEqual({ "fl-gone-1": "reached", "fl-gone-2": "reached", "fl-gone-3": "reached" });
    expect(calls.filter((c) => c.startsWith("byId"))).toEqual([]);
  });

  it("a really gone flow log missed by a multi-page listing still ends its delete (after confirmation by id)", async () => {
    const clock = new FakeClock();
    const { source } = shiftedRegion(120, new Set());
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const outcomes: Record<string, string> = {};
    for (const id of ["fl-gone-1", "fl-gone-2", "fl-gone-3"]) deleteWait(watcher, id, outcomes);
    await clock.advance(2_000);
    expect(outcomes).toEqual({ "fl-gone-1": "reached", "fl-gone-2": "reached", "fl-gone-3": "reached" });
  });

  it("an update's wait (absence means gone after its grace) is not failed by a listing that skipped its flow log", async () => {
    const clock = new FakeClock();
    const { source } = shiftedRegion(120, new Set(["fl-70"]));
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const outcomes: Record<string, string> = {};
    for (const id of ["fl-70", "fl-71", "fl-72"]) {
      void watcher
        .wait({ flowLogId: id, classify: () => "pending", whenAbsent: "gone", absentGraceMs: 0, timeoutMs: 2_000 })
        .then((outcome) => (outcomes[id] = outcome.kind));
    }
    await clock.advance(3_000);
    expect(outcomes["fl-70"]).toBe("timeout");
  });

  it("answers notes from a listing whose absences are not sure by ResourceId, so a skipped flow log is still noted", async () => {
    const clock = new FakeClock();
    const calls: string[] = [];
    const onResource = flowLog("fl-on-r", "Active");
    const others = Array.from({ length: 120 }, (_, i) => flowLog(`fl-${i}`, "Active"));
    const source: FlowLogSource = {
      byId: async (id) => (calls.push(`byId ${id}`), undefined),
      byResource: async (resourceId) => (calls.push(`byResource ${resourceId}`), [onResource]),
      all: async () => (calls.push("all"), listingOf(others, false)), // skipped fl-on-r
    };
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const resources = ["vpc-demo0001", "vpc-x", "vpc-y"]; // three notes: one listing serves them
    const notes = resources.map((r) => watcher.note(r, { timeoutMs: 60_000 }));
    await clock.advance(100);
    expect((await notes[0]!).map((f) => f.flowLogId)).toEqual(["fl-on-r"]);
    expect(calls.filter((c) => c.startsWith("byResource")).sort()).toEqual(resources.map((r) => `byResource ${r}`).sort());
  });
});
