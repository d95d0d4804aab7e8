/**
 * The watcher's partial listings (watcher.ts `listingRound`, region-listing.ts ListingStop): once a whole listing could
 * be trusted, a round whose flow logs are all on the newest pages reads only those, and notes are answered from what the
 * listings know together. Over a paged region read by the real listRegion.
 */
import { describe, expect, it } from "vitest";
import { type CloudFlowLog } from "../../src/provider";
import { creationTimeAt, flowLog, ids, range } from "./helpers/paged-region";
import { activating, names, pagedWatcher as setup, untilReads, waitActive, waitGone, WHOLE_FIRST } from "./helpers/paged-watcher";

describe("partial listings", () => {
  it("after a whole listing, a round for flow logs on the last page reads that page only", async () => {
    const { clock, region, source, watcher } = setup(range(0, 200).map((f, i) => (i >= 194 ? activating(f) : f)));
    const waits = waitActive(watcher, names(194, 6));
    await untilReads(clock, region, 5);
    expect(region.reads).toEqual(WHOLE_FIRST); // nothing known yet: the whole region
    region.items = region.items.map((f) => ({ ...f, status: "Active" }));
    await untilReads(clock, region, 6);
    await clock.advance(50);
    expect(region.reads).toEqual([...WHOLE_FIRST, 4]);
    const outcomes = await Promise.all(waits);
    expect(outcomes.map((o) => o.kind)).toEqual(Array(6).fill("reached"));
    expect(source.byIdCalls).toEqual([]);
    expect(watcher.stats.describeCalls).toBe(6);
    expect(watcher.newestCreationTime).toBe(creationTimeAt(199)); // create.ts: older flow logs are never adopted
  });

  it("a note after a partial listing knows the old pages (from the whole listing) and the new ones", async () => {
    const { clock, region, source, watcher } = setup(range(0, 150).map((f, i) => (i === 3 ? { ...f, resourceId: "vpc-R" } : f)));
    const newest = 200;
    const added = (n: number, resourceId = `vpc-${n}`): CloudFlowLog => activating({ ...flowLog(n, newest + n), resourceId });
    for (let n = 150; n < 156; n++) region.create(added(n));
    const waits = waitActive(watcher, names(150, 6));
    await untilReads(clock, region, 5);
    expect(region.reads).toEqual(WHOLE_FIRST);
    // Another client creates on vpc-R; the next round reads the last page only, which holds it.
    region.create(added(160, "vpc-R"));
    await untilReads(clock, region, 6);
    await clock.advance(50);
    expect(region.reads).toEqual([...WHOLE_FIRST, 4]);
    const noted = await watcher.note("vpc-R", { timeoutMs: 60_000 });
    expect(ids(noted).sort()).toEqual(["fl-160", "fl-3"]);
    expect(source.byResourceCalls).toEqual([]);
    expect(region.reads).toHaveLength(6); // answered from what the listings knew, without a call
    region.items = region.items.map((f) => ({ ...f, status: "Active" }));
    await clock.advance(5_000);
    expect((await Promise.all(waits)).every((o) => o.kind === "reached")).toBe(true);
  });

  it("a flow log waited on that is gone makes the round read every page, and the wait ends as gone", async () => {
    const { clock, region, watcher } = setup(range(0, 200).map((f, i) => (i >= 194 || i === 20 ? activating(f) : f)));
    const waits = waitActive(watcher, ["fl-20", ...names(195, 5)]);
    await untilReads(clock, region, 5);
    region.delete("fl-20");
    await untilReads(clock, region, 9);
    expect(region.reads).toEqual([...WHOLE_FIRST, 4, 3, 2, 1]);
    expect((await waits[0]!).kind).toBe("gone"); // the other five go on waiting
    region.items = region.items.map((f) => ({ ...f, status: "Active" }));
    await clock.advance(5_000);
    expect((await Promise.all(waits.slice(1))).every((o) => o.kind === "reached")).toBe(true);
  });

  it("delete waits on the newest flow logs end from the last page once it reads back past their CreationTimes, without calls by id", async () => {
    const { clock, region, source, watcher } = setup(range(0, 200));
    const waits = waitGone(watcher, names(194, 6));
    await untilReads(clock, region, 5);
    expect(region.reads).toEqual(WHOLE_FIRST); // the round that saw them (Deleting, say)
    for (const id of names(194, 6)) region.delete(id);
    await untilReads(clock, region, 6);
    await clock.advance(50);
    expect(region.reads).toEqual([...WHOLE_FIRST, 4]);
    expect((await Promise.all(waits)).map((o) => o.kind)).toEqual(Array(6).fill("reached"));
    expect(source.byIdCalls).toEqual([]);
  });

  it("never reads part of a region whose pages do not list oldest first", async () => {
    const items = range(0, 200).map((f, i) => (i >= 194 ? activating(f) : f)).reverse();
    const { clock, region, watcher } = setup(items, { newestFirst: true });
    waitActive(watcher, names(194, 6));
    await untilReads(clock, region, 13);
    expect(region.reads).toEqual([...WHOLE_FIRST, 4, 3, 2, 1, 4, 3, 2, 1]);
  });
});
