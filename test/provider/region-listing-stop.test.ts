/**
 * listRegion with a ListingStop: a listing that ends at the newest pages once it has seen the flow logs waited on and
 * reached back past the newest one the caller already knew of. The contract: a partial listing holds every id of
 * `stop.ids` and every flow log created at or after `stop.newerThan` that existed throughout it; chained from a sure
 * listing (each `newerThan` the previous listing's `lastPageNewest`), what the listings know together holds every flow
 * log that existed throughout the last one.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listRegion, type CloudFlowLog, type RegionListing } from "../../src/provider";
import { creationTimeAt, flowLog, ids, PagedRegion, range } from "./helpers/paged-region";

/** A stop for `waitedOn` (CreationTimes unknown unless given as [id, second]) and flow logs newer than `newerThanSecond`. */
const stopAt = (waitedOn: readonly (string | readonly [string, number])[], newerThanSecond: number) => ({
  ids: new Map(waitedOn.map((w) => (typeof w === "string" ? [w, undefined] : [w[0], creationTimeAt(w[1])]))),
  newerThan: creationTimeAt(newerThanSecond),
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
    const listing = await listRegion(region.page, 160, stopAt([], 155));
    expect(region.reads).toEqual([4]);
    expect(listing).toMatchObject({ partial: true, size: 160, calls: 1 });
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
    const listing = await listRegion(region.page, 200, stopAt(["fl-199", ["fl-190", 190]], 180));
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

  it("property: chained from a sure listing, the listings know every flow log that existed throughout the last one, whatever others do meanwhile", async () => {
    const change = fc.record({ deletes: fc.array(fc.nat(), { maxLength: 12 }), creates: fc.nat({ max: 25 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 220 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(change, fc.array(change, { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 40 })), { minLength: 1, maxLength: 5 }),
        async (size, perSecond, listings) => {
          let next = size;
          // Several creates share a second (CreationTime is whole seconds).
          const second = (n: number) => Math.floor(n / perSecond);
          const apply = (r: PagedRegion, c: { readonly deletes: readonly number[]; readonly creates: number }) => {
            for (const pick of c.deletes) if (r.items.length > 0) r.delete(r.items[pick % r.items.length]!.flowLogId);
            for (let i = 0; i < c.creates; i++, next++) r.create(flowLog(next, second(next)));
          };
          let during: { readonly deletes: readonly number[]; readonly creates: number }[] = [];
          const region = new PagedRegion(range(0, size, second), { beforePage: (r, read) => during[read] && apply(r, during[read]) });
          let known: Map<string, CloudFlowLog> | undefined;
          let newest: string | undefined;
          for (const [between, changes, picks] of [[{ deletes: [], creates: 0 }, [], []] as const, ...listings]) {
            apply(region, between);
            during = [...changes];
            region.reads.length = 0;
            const present = region.ids();
            // Flow logs waited on, half of them with the CreationTime the caller saw them with (a delete's wait).
            const waitedOn = new Map<string, string | undefined>();
            for (const pick of picks) {
              const f = region.items[pick % Math.max(1, region.items.length)];
              if (f) waitedOn.set(f.flowLogId, pick % 2 === 0 ? f.creationTime : undefined);
            }
            const stop = newest === undefined ? undefined : { ids: waitedOn, newerThan: newest };
            const listing: RegionListing = await listRegion(region.page, size, stop);
            const throughout = present.filter((id) => region.items.some((f) => f.flowLogId === id));
            const listed = new Set(ids(listing.flowLogs));
            if (listing.partial) {
              expect(known, "a partial listing only follows a listing the caller kept").toBeDefined();
              for (const id of waitedOn.keys()) if (throughout.includes(id)) expect(listed.has(id), `waited on ${id}`).toBe(true);
              for (const f of listing.flowLogs) known!.set(f.flowLogId, f);
            } else {
              known = listing.absenceIsSure ? new Map(listing.flowLogs.map((f) => [f.flowLogId, f])) : undefined;
            }
            newest = known === undefined ? undefined : listing.lastPageNewest;
            if (known) for (const id of throughout) expect(known.has(id), `${id} existed throughout and is unknown`).toBe(true);
            expect(listing.calls).toBe(region.reads.length);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
