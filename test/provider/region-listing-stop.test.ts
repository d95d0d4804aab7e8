/**
 * listRegion with a ListingStop: a listing that ends at the newest pages once it has seen the flow logs waited on and
 * reached back past the newest one the caller already knew of. The contract: a partial listing holds every id of
 * `stop.ids` and every flow log created at or after `stop.newerThan` that existed throughout it. Chains of listings as the
 * watcher keeps them, under others' changes: partial-listing-edges.test.ts.
 */
import { describe, expect, it } from "vitest";
import { listRegion } from "../../src/provider";
import { creationTimeAt, ids, PagedRegion, range } from "./helpers/paged-region";

/**
 * A stop for `waitedOn` (CreationTimes unknown unless given as [id, second]) and flow logs newer than `newerThanSecond`;
 * `orderShown`: an earlier listing showed the region oldest first.
 */
const stopAt = (waitedOn: readonly (string | readonly [string, number])[], newerThanSecond: number, orderShown = false) => ({
  ids: new Map(waitedOn.map((w) => (typeof w === "string" ? [w, undefined] : [w[0], creationTimeAt(w[1])]))),
  newerThan: creationTimeAt(newerThanSecond),
  orderShown,
});
const names = (from: number, count: number) => ids(range(from, count));

describe("listRegion with a stop (the newest pages only)", () => {
  it("stops at the last page when it lists every flow log waited on and one older than newerThan", async () => {
    const region = new PagedRegion(range(0, 200));
    const listing = await listRegion(region.page, 200, stopAt(names(180, 20), 170));
    expect(region.reads).toEqual([4]);
    expect(listing).toMatchObject({ partial: true, absenceIsSure: false, size: 200, calls: 1, lastPageNewest: creationTimeAt(199) });
    expect(ids(listing.flowLogs)).toEqual(names(150, 50));
  });

  it("reads on while a flow log waited on is not seen yet, to page 1 if need be (then it is a whole listing)", async () => {
    const region = new PagedRegion(range(0, 200));
    const listing = await listRegion(region.page, 200, stopAt(["fl-199", "fl-20"], 170));
    expect(region.reads).toEqual([4, 3, 2, 1]);
    expect(listing).toMatchObject({ partial: false, absenceIsSure: true, size: 200 });

    const gone = new PagedRegion(range(0, 120));
    expect(await listRegion(gone.page, 120, stopAt(["fl-500"], 110))).toMatchObject({ partial: false, absenceIsSure: true });
    expect(gone.reads).toEqual([3, 2, 1]);
  });

  it("reads on until a page holds a flow log created before newerThan", async () => {
    const region = new PagedRegion(range(0, 200));
    const listing = await listRegion(region.page, 200, stopAt(["fl-199"], 150));
    expect(region.reads).toEqual([4, 3]); // page 4 is fl-150.. (none older than second 150)
    expect(listing.partial).toBe(true);
    expect(ids(listing.flowLogs)).toEqual(names(100, 100));
  });

  it("with no ids to see, stops as soon as it reaches back past newerThan", async () => {
    const region = new PagedRegion(range(0, 160));
    const listing = await listRegion(region.page, 160, stopAt([], 155, true));
    expect(region.reads).toEqual([4]);
    expect(listing).toMatchObject({ partial: true, size: 160, calls: 1 });
  });

  it("takes the order from a full page: a short last page alone shows nothing, unless an earlier listing showed the order", async () => {
    // Page 4 holds fl-150 .. fl-159 only: ten flow logs in any fixed order (by FlowLogId, say) can happen to rise in time.
    const short = new PagedRegion(range(0, 160));
    expect(await listRegion(short.page, 160, stopAt(["fl-159"], 155))).toMatchObject({ partial: true, orderShown: true });
    expect(short.reads).toEqual([4, 3]);

    const shown = new PagedRegion(range(0, 160));
    expect(await listRegion(shown.page, 160, stopAt(["fl-159"], 155, true))).toMatchObject({ partial: true, orderShown: false });
    expect(shown.reads).toEqual([4]);

    // A region in FlowLogId order whose times rise on the short last page but not on the full one: never a partial listing.
    const byId = range(0, 60).map((f, i) => ({ ...f, flowLogId: `fl-${String(i).padStart(3, "0")}`, creationTime: creationTimeAt(i < 50 ? 50 - i : i) }));
    const mixed = new PagedRegion(byId);
    const listing = await listRegion(mixed.page, 60, stopAt(["fl-059"], 55));
    expect(listing).toMatchObject({ partial: false, absenceIsSure: false, orderShown: false });
    expect(mixed.reads).toEqual([2, 1]);
  });

  it("starts again from the new last page when the region grew past the estimate, and stops there", async () => {
    const region = new PagedRegion(range(0, 230));
    const listing = await listRegion(region.page, 120, stopAt(["fl-229"], 210));
    expect(region.reads).toEqual([3, 5]);
    expect(listing).toMatchObject({ partial: true, size: 230, calls: 2, lastPageNewest: creationTimeAt(229) });
  });

  it("never stops where the pages do not show oldest first: newest-first pages, equal times, no TotalCount, a TotalCount that lies", async () => {
    const newestFirst = new PagedRegion(range(0, 120).reverse(), { newestFirst: true });
    expect(await listRegion(newestFirst.page, 120, stopAt(["fl-119"], 100))).toMatchObject({ partial: false, absenceIsSure: false });
    expect(newestFirst.reads).toEqual([3, 2, 1]);

    // Whole seconds: a burst of creates shares one, which fits newest first as well as oldest first.
    const equal = new PagedRegion([...range(0, 100, () => 1), ...range(100, 20, () => 2)]);
    expect(await listRegion(equal.page, 120, stopAt(["fl-119"], 2))).toMatchObject({ partial: false });
    expect(equal.reads).toEqual([3, 2, 1]);

    const uncounted = new PagedRegion(range(0, 120), { totalCount: () => undefined });
    expect(await listRegion(uncounted.page, 120, stopAt(["fl-119"], 100))).toMatchObject({ partial: false, absenceIsSure: false });
    expect(uncounted.reads).toEqual([3, 2, 1]);

    const lying = new PagedRegion(range(0, 120), { totalCount: () => 30 });
    expect(await listRegion(lying.page, 120, stopAt(["fl-119"], 100))).toMatchObject({ partial: false, absenceIsSure: false });
  });

  it("stops without seeing a flow log waited on once it has read back past that one's CreationTime: it was absent", async () => {
    const region = new PagedRegion(range(0, 200));
    region.delete("fl-190");
    const listing = await listRegion(region.page, 200, stopAt(["fl-199", ["fl-190", 190]], 180, true));
    expect(region.reads).toEqual([4]);
    expect(listing).toMatchObject({ partial: true, size: 199 });
    expect(ids(listing.flowLogs)).not.toContain("fl-190");

    // Its CreationTime not passed yet (ties: fl-150 .. fl-199 were all created in second 150): reads on.
    const tied = new PagedRegion(range(0, 200, (n) => (n >= 150 ? 150 : n)));
    tied.delete("fl-190");
    expect(await listRegion(tied.page, 200, stopAt(["fl-199", ["fl-190", 150]], 150))).toMatchObject({ partial: true });
    expect(tied.reads).toEqual([4, 3]);

    // Unknown CreationTime: it must be seen, so the listing reads every page.
    const unknown = new PagedRegion(range(0, 200));
    unknown.delete("fl-190");
    expect(await listRegion(unknown.page, 200, stopAt(["fl-199", "fl-190"], 180))).toMatchObject({ partial: false, absenceIsSure: true });
    expect(unknown.reads).toEqual([4, 3, 2, 1]);
  });

  it("a flow log without a CreationTime is never taken as older than newerThan", async () => {
    const items = range(0, 100).map((f) => (f.flowLogId === "fl-99" ? f : { ...f, creationTime: "" }));
    const region = new PagedRegion(items);
    expect(await listRegion(region.page, 100, stopAt(["fl-99"], 99))).toMatchObject({ partial: false });
    expect(region.reads).toEqual([2, 1]);
  });
});
