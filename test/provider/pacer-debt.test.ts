/**
 * A round's confirmations by FlowLogId are not paced (README, describeRate: "a refresh of many flow logs deleted outside
 * Pulumi makes one call each at once"), and the pacer does not carry them as debt either (CallPacer.spend's `paced`):
 * otherwise every later round of the region would be held about K / describeRate seconds after a round that confirmed K
 * misses (K = 100: 40 s at the default 2.5/s), and waits and reads started meanwhile would time out unlooked at.
 */
import { describe, expect, it } from "vitest";
import { CallPacer, RegionWatcher, type CloudFlowLog, type FlowLogSource, type WaitOutcome } from "../../src/provider";
import { FakeClock } from "../provider/helpers/fake-clock";
import { listingOf } from "../provider/helpers/listing";
import { range } from "../provider/helpers/paged-region";

function region(present: CloudFlowLog[]) {
  const calls: { at: number; what: string }[] = [];
  const clock = new FakeClock();
  const source: FlowLogSource = {
    byId: async (id) => (calls.push({ at: clock.now(), what: `byId ${id}` }), present.find((f) => f.flowLogId === id)),
    byResource: async () => [],
    all: async () => (calls.push({ at: clock.now(), what: "all" }), listingOf(present, true)),
  };
  const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
  return { clock, calls, watcher };
}

const active = (watcher: RegionWatcher, flowLogId: string, timeoutMs: number): Promise<WaitOutcome> =>
  watcher.wait({ flowLogId, kind: "Active", classify: (f) => (f.status === "Active" ? "reached" : "pending"), whenAbsent: "gone", absentGraceMs: 30_000, timeoutMs });

describe("CallPacer", () => {
  it("carries at most one bucket, or the planned calls, as debt: calls a round adds beyond its plan are not borrowed", () => {
    const pacer = new CallPacer({ callsPerSecond: 2, burst: 4 });
    pacer.spend(0, 104, 4);
    expect(pacer.earliest(0, 4)).toBe(2_000);
    const planned = new CallPacer({ callsPerSecond: 2, burst: 4 });
    planned.spend(0, 8, 8);
    expect(planned.earliest(0, 4)).toBe(4_000);
  });
});

describe("pacer debt after a round of many confirmations", () => {
  it("waits started after a refresh of 100 flow logs deleted outside Pulumi are never looked at before their 20 s timeout", async () => {
    const present = range(1, 120); // Active, 3 pages
    const { clock, calls, watcher } = region(present);
    // A refresh: 100 reads of flow logs deleted outside Pulumi (each miss confirmed by id in the same round).
    const reads = Array.from({ length: 100 }, (_, i) => watcher.lookup(`fl-deleted-${i}`, { timeoutMs: 60_000, failOnError: true }));
    await clock.advance(200);
    expect((await Promise.all(reads)).every((f) => f === undefined)).toBe(true);
    const confirmations = calls.filter((c) => c.what.startsWith("byId")).length;
    expect(confirmations).toBe(100);

    // Then three creates' waits (20 s timeouts) on flow logs that are Active already.
    const startedAt = clock.now();
    const outcomes = ["fl-1", "fl-2", "fl-3"].map((id) => active(watcher, id, 20_000));
    await clock.advance(25_000);
    const kinds = await Promise.all(outcomes);
    const looks = calls.filter((c) => c.at > startedAt);
    expect({ firstLookAfterMs: looks[0] ? looks[0].at - startedAt : "none within 25 s", outcomes: kinds.map((o) => o.kind) }).toEqual({
      firstLookAfterMs: expect.any(Number),
      outcomes: ["reached", "reached", "reached"],
    });
  });

  it("lookups (a read) started after a refresh of 200 deleted flow logs fail their 60 s lookup timeout with no error at all", async () => {
    const present = range(1, 120);
    const { clock, watcher } = region(present);
    const reads = Array.from({ length: 200 }, (_, i) => watcher.lookup(`fl-deleted-${i}`, { timeoutMs: 60_000, failOnError: true }));
    await clock.advance(200);
    await Promise.all(reads);
    // A second wave of refresh reads (the engine's steps are not all registered at once), of flow logs that exist.
    const later = ["fl-1", "fl-2", "fl-3"].map((id) =>
      watcher.lookup(id, { timeoutMs: 60_000, failOnError: true }).then((f) => f?.flowLogId ?? "absent", (e: Error) => e.message),
    );
    await clock.advance(65_000);
    expect(await Promise.all(later)).toEqual(["fl-1", "fl-2", "fl-3"]);
  });
});
