/**
 * Reads go through the region watcher (read.ts): a read's "not found" drops the flow log from the state (read.ts answers
 * `id: ""`), so it must not come from a paged listing alone. DescribeFlowLogs pages by PageNumber over a list that other
 * callers change between pages (the emulator lists in creation order: describe-query.ts), so a flow log deleted on
 * page 1 while page 2 is fetched shifts the first item of page 2 onto page 1, and no page shows it.
 */
import { describe, expect, it } from "vitest";
import { RegionWatcher, type CloudFlowLog, type FlowLogSource } from "../../src/provider";
import { cloudFromInputs } from "../../src/provider/mapping";
import { listingOf } from "./helpers/listing";
import { FakeClock } from "./helpers/fake-clock";

function flowLog(id: string): CloudFlowLog {
  const base = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "p", logStoreName: "s" } as const;
  return cloudFromInputs({ ...base, status: "Active", timeouts: { create: "1m", update: "1m", delete: "1m" } }, id, "cn-hangzhou", "Active");
}

/** Every flow log exists; the region listing skipped `skipped` (as a page shift does), lookups by FlowLogId see it. */
function skewedSource(ids: string[], skipped: string) {
  const calls: string[] = [];
  const source: FlowLogSource = {
    byId: async (id) => {
      calls.push(`byId ${id}`);
      return ids.includes(id) ? flowLog(id) : undefined;
    },
    byResource: async () => [],
    all: async () => {
      calls.push("all");
      return listingOf(ids.filter((id) => id !== skipped).map(flowLog));
    },
  };
  return { source, calls };
}

describe("a lookup (read, update's first look, delete's look after a refusal) answered by a region listing", () => {
  it("confirms by FlowLogId a flow log the listing did not show before answering 'not found'", async () => {
    const clock = new FakeClock();
    const ids = ["fl-1", "fl-2", "fl-3", "fl-4"];
    const { source, calls } = skewedSource(ids, "fl-3");
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const looks = ids.map((id) => watcher.lookup(id, { timeoutMs: 60_000, failOnError: true }));
    await clock.advance(1_000);
    const found = await Promise.all(looks);
    expect(calls[0]).toBe("all"); // four lookups: one listing, not four calls
    expect(found.map((f) => f?.flowLogId)).toEqual(ids);
  });

  it("still answers 'not found' for a flow log that really is gone, at one extra call", async () => {
    const clock = new FakeClock();
    const { source, calls } = skewedSource(["fl-1", "fl-2", "fl-3"], "none");
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const looks = ["fl-1", "fl-2", "fl-gone"].map((id) => watcher.lookup(id, { timeoutMs: 60_000, failOnError: true }));
    await clock.advance(1_000);
    expect((await Promise.all(looks)).map((f) => f?.flowLogId)).toEqual(["fl-1", "fl-2", undefined]);
    expect(calls).toEqual(["all", "byId fl-gone"]);
    expect(watcher.stats.describeCalls).toBe(2);
  });
});

describe("a confirmAbsence wait (delete's wait after a refused or unanswered DeleteFlowLog) answered by a region listing", () => {
  it("is not settled as gone by a listing that skipped its flow log", async () => {
    const clock = new FakeClock();
    const ids = ["fl-1", "fl-2", "fl-3", "fl-4"];
    const { source } = skewedSource(ids, "fl-3");
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const outcomes: Record<string, string> = {};
    const wait = (id: string, confirmAbsence: boolean) =>
      void watcher
        .wait({ flowLogId: id, classify: () => "pending", whenAbsent: "reached", confirmAbsence, timeoutMs: 2_000 })
        .then((outcome) => (outcomes[id] = outcome.kind));
    wait("fl-1", false);
    wait("fl-2", false);
    wait("fl-3", true);
    wait("fl-4", false);
    await clock.advance(5_000);
    expect(outcomes["fl-3"]).toBe("timeout"); // still there (seen by id): never taken as deleted
  });
});

describe("held waits", () => {
  it("look at least once before their timeout, however long their kind usually takes", async () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    const source: FlowLogSource = {
      byId: async (id) => (seen.push(clock.now()), flowLog(id)),
      byResource: async () => [],
      all: async () => (seen.push(clock.now()), listingOf(["fl-a", "fl-b", "fl-c"].map(flowLog))),
    };
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const settleAfter = (ms: number) => (_f: CloudFlowLog, elapsed: number) => (elapsed >= ms ? "reached" : "pending") as "reached" | "pending";
    // Three waits that take 20 s teach the watcher that "Active" takes 20 s...
    const learning = ["fl-a", "fl-b", "fl-c"].map((id) =>
      watcher.wait({ flowLogId: id, kind: "Active", classify: settleAfter(20_000), whenAbsent: "gone", timeoutMs: 60_000 }),
    );
    await clock.advance(30_000);
    expect((await Promise.all(learning)).map((o) => o.kind)).toEqual(["reached", "reached", "reached"]);
    // ...then three with a 4 s timeout still look within it (held at most half of it), rather than timing out unseen.
    seen.length = 0;
    const t0 = clock.now();
    const short = ["fl-a", "fl-b", "fl-c"].map((id) =>
      watcher.wait({ flowLogId: id, kind: "Active", classify: settleAfter(0), whenAbsent: "gone", timeoutMs: 4_000 }),
    );
    await clock.advance(5_000);
    expect((await Promise.all(short)).map((o) => o.kind)).toEqual(["reached", "reached", "reached"]);
    expect(seen[0]! - t0).toBeLessThanOrEqual(2_000);
  });
});
