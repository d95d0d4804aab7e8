/**
 * Review 3 of the watcher over region listings: reads missed by a sure listing, notes in a round whose listing is not
 * sure, a listing that fails (waits go on, the next round retries; a read gets the error), and a failing confirmation.
 */
import { describe, expect, it } from "vitest";
import { RegionWatcher, type CloudFlowLog, type FlowLogSource, type RegionListing } from "../../src/provider";
import { cloudFromInputs } from "../../src/provider/mapping";
import { listingOf } from "./helpers/listing";
import { FakeClock } from "./helpers/fake-clock";

function flowLog(id: string, resourceId = "vpc-x", status = "Active"): CloudFlowLog {
  const base = { resourceType: "VPC", resourceId, trafficType: "All", projectName: "p", logStoreName: "s" } as const;
  return cloudFromInputs({ ...base, status: "Active", timeouts: { create: "1m", update: "1m", delete: "1m" } }, id, "cn-hangzhou", status);
}

/** 120 flow logs exist; listings are scripted; byId / byResource see the truth. */
function scripted(listings: (() => Promise<RegionListing>)[], extra: CloudFlowLog[] = []) {
  const truth = [...Array.from({ length: 120 }, (_, i) => flowLog(`fl-${i}`)), ...extra];
  const calls: string[] = [];
  let n = 0;
  const source: FlowLogSource = {
    byId: async (id) => (calls.push(`byId ${id}`), truth.find((f) => f.flowLogId === id)),
    byResource: async (r) => (calls.push(`byResource ${r}`), truth.filter((f) => f.resourceId === r)),
    all: async () => {
      calls.push("all");
      const next = listings[Math.min(n++, listings.length - 1)]!;
      return next();
    },
  };
  return { source, calls, truth };
}

describe("watcher with sure and not-sure listings", () => {
  it("reads missed by a SURE listing are confirmed by id: never `undefined` for an existing flow log", async () => {
    const clock = new FakeClock();
    const { source, truth, calls } = scripted([async () => listingOf(truth.filter((f) => !["fl-5", "fl-6", "fl-7"].includes(f.flowLogId)), true)]);
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true, budget: { callsPerSecond: 100, burst: 100 } });
    // Prime the region size so that the reads' round is a listing.
    const primer = ["fl-1", "fl-2", "fl-3"].map((id) => watcher.lookup(id, { timeoutMs: 10_000, failOnError: true }));
    await clock.advance(100);
    await Promise.all(primer);
    const reads = ["fl-5", "fl-6", "fl-7", "fl-8"].map((id) => watcher.lookup(id, { timeoutMs: 10_000, failOnError: true }));
    await clock.advance(2_000);
    const found = await Promise.all(reads);
    expect(found.map((f) => f?.flowLogId)).toEqual(["fl-5", "fl-6", "fl-7", "fl-8"]);
    expect(calls).toContain("all");
  });

  it("notes in a round with a NOT-sure listing: every note is answered by ResourceId and lists the skipped flow log", async () => {
    const clock = new FakeClock();
    const onR = flowLog("fl-on-r", "vpc-r");
    const { source, truth, calls } = scripted([async () => listingOf(truth.filter((f) => f !== onR), false)], [onR]);
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true, budget: { callsPerSecond: 100, burst: 100 } });
    // Three waits on existing flow logs keep rounds as listings; then notes join.
    for (const id of ["fl-1", "fl-2", "fl-3"]) void watcher.wait({ flowLogId: id, classify: () => "pending", whenAbsent: "gone", timeoutMs: 60_000 });
    await clock.advance(2_000);
    const notes = ["vpc-r", "vpc-a", "vpc-b"].map((r) => watcher.note(r, { timeoutMs: 10_000 }));
    await clock.advance(2_000);
    const answered = await Promise.all(notes);
    expect(answered[0]!.map((f) => f.flowLogId)).toEqual(["fl-on-r"]);
    expect(calls.filter((c) => c === "byResource vpc-r").length).toBeGreaterThan(0);
    // A later note on another resource right after must not be answered from the not-sure listing either.
    const late = watcher.note("vpc-r2", { timeoutMs: 10_000 });
    await clock.advance(500);
    await late;
    expect(calls).toContain("byResource vpc-r2");
  });

  it("a listing that fails mid-sweep: delete waits go on and end only after a good round; a read with failOnError gets the error", async () => {
    const clock = new FakeClock();
    const boom = Object.assign(new Error("ServiceUnavailable: page 2 failed"), { code: "ServiceUnavailable" });
    let fail = true;
    const { source, truth, calls } = scripted([
      async () => {
        if (fail) throw boom;
        return listingOf(truth, true);
      },
    ]);
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true, budget: { callsPerSecond: 100, burst: 100 } });
    // Prime size with a good listing.
    fail = false;
    await Promise.all(["fl-1", "fl-2", "fl-3"].map((id) => watcher.lookup(id, { timeoutMs: 10_000 })).map(async (p) => (await clock.advance(50), p)));
    fail = true;
    const outcomes: Record<string, string> = {};
    // Five waits (more than the listing's three pages): every round is a listing.
    for (const id of ["fl-gone-a", "fl-gone-b", "fl-gone-c", "fl-gone-d", "fl-10"]) {
      void watcher.wait({ flowLogId: id, kind: "gone", classify: () => "pending", whenAbsent: "reached", timeoutMs: 30_000 }).then((o) => (outcomes[id] = o.kind));
    }
    const reads = ["fl-20", "fl-21", "fl-22"].map((id) => watcher.lookup(id, { timeoutMs: 10_000, failOnError: true }).then(
      () => "answered",
      (e: unknown) => (e as Error).message,
    ));
    await clock.advance(3_000);
    expect(outcomes, calls.join(",")).toEqual({});
    expect(await Promise.all(reads)).toEqual(Array(3).fill("ServiceUnavailable: page 2 failed"));
    fail = false;
    await clock.advance(5_000);
    expect(outcomes).toEqual({ "fl-gone-a": "reached", "fl-gone-b": "reached", "fl-gone-c": "reached", "fl-gone-d": "reached" });
    expect(calls.filter((c) => c === "all").length).toBeGreaterThan(3);
  });

  it("a not-sure listing whose confirmation by id fails does not end a delete wait", async () => {
    const clock = new FakeClock();
    const { source, truth } = scripted([async () => listingOf(truth.filter((f) => f.flowLogId !== "fl-50"), false)]);
    const failing: FlowLogSource = {
      ...source,
      byId: async (id) => {
        if (id === "fl-50") throw new Error("Throttling.User");
        return source.byId(id);
      },
    };
    const watcher = new RegionWatcher(failing, { clock, isTransient: () => true, budget: { callsPerSecond: 100, burst: 100 } });
    await Promise.all(["fl-1", "fl-2", "fl-3"].map((id) => watcher.lookup(id, { timeoutMs: 10_000 })).map(async (p) => (await clock.advance(50), p)));
    const outcomes: Record<string, string> = {};
    for (const id of ["fl-50", "fl-51", "fl-52"]) {
      void watcher.wait({ flowLogId: id, kind: "gone", classify: () => "pending", whenAbsent: "reached", timeoutMs: 4_000 }).then((o) => (outcomes[id] = o.kind));
    }
    await clock.advance(5_000);
    expect(outcomes["fl-50"]).toBe("timeout");
  });
});
