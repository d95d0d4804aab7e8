/**
 * Partial listings (region-listing.ts ListingStop, watcher.ts listingRound / knownAfter) against sequences that try to
 * break their guarantees: a fixed order that is not by CreationTime (FlowLogId order) whose short last page happens to rise
 * in time after a one-page snapshot (a stop needs the order shown on a full page), lookups mixed with waits, ties, deletes
 * and creates during the pages, a listing that is not sure, a page that throws, flow logs without a CreationTime, far-off
 * estimates, and a property over chains of listings as the watcher keeps them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listRegion, type CloudFlowLog, type ListingStop, type RegionListing, type WaitOutcome } from "../../src/provider";
import { creationTimeAt, flowLog, ids, PagedRegion, range } from "./helpers/paged-region";
import { activating, names, pagedWatcher as setup, untilReads, waitActive, waitGone, WHOLE_FIRST } from "./helpers/paged-watcher";

/** A flow log with id `id` on `resourceId`, created at second `second`. */
const named = (id: string, second: number, resourceId = `vpc-${id}`, status = "Active"): CloudFlowLog => ({ ...flowLog(0, second), flowLogId: id, resourceId, status });
const byId = (flowLogs: readonly CloudFlowLog[]): CloudFlowLog[] => [...flowLogs].sort((a, b) => (a.flowLogId < b.flowLogId ? -1 : a.flowLogId > b.flowLogId ? 1 : 0));
const pad = (i: number): string => String(i).padStart(2, "0");
/** 50 flow logs fl-m00 .. fl-m49 listed in FlowLogId order; their CreationTimes are a permutation of seconds 0 .. 49 (fl-m49: second 33). */
const idOrdered = (): CloudFlowLog[] => byId(Array.from({ length: 50 }, (_, i) => named(`fl-m${pad(i)}`, (i * 17) % 50)));
const stopOf = (entries: readonly (readonly [string, number | undefined])[], newerThanSecond: number): ListingStop => ({
  ids: new Map(entries.map(([id, second]) => [id, second === undefined ? undefined : creationTimeAt(second)])),
  newerThan: creationTimeAt(newerThanSecond),
  orderShown: false,
});

describe("partial listings: edges", () => {
  // A fixed order that is not by CreationTime (FlowLogId order), a sure base from a one-page snapshot, and a last
  // page of three flow logs that happen to be ascending: the stop trusts that page and misses a flow log on page 1 created
  // after newerThan that existed throughout (guarantee 1).
  it("does not stop on the order evidence of a 3-item page when the list is in FlowLogId order", async () => {
    const region = new PagedRegion(idOrdered());
    const base = await listRegion(region.page, 0);
    expect(base).toMatchObject({ absenceIsSure: true, lastPageNewest: creationTimeAt(49) }); // a snapshot: sure whatever the order
    // Another client's flow log (fl-a0, created at second 55) sorts onto page 1; ours (fl-z1, fl-z2) and fl-m49 onto page 2.
    region.items = byId([...region.items, named("fl-a0", 55, "vpc-R"), named("fl-z1", 60), named("fl-z2", 61)]);
    const listing = await listRegion(region.page, 52, stopOf([["fl-z1", undefined], ["fl-z2", undefined], ["fl-m49", undefined]], 49));
    // fl-a0 existed throughout and was created after newerThan: a partial listing must hold it.
    expect(listing.partial === false || ids(listing.flowLogs).includes("fl-a0"), `partial listing read pages ${region.reads.join(",")} and lacks fl-a0`).toBe(true);
  });

  // The same through the watcher: a note answered from base + partial misses another client's flow log on the
  // resource, which existed before the listing round started (issue 5: the create could then adopt it).
  it("a note after a partial listing of a FlowLogId-ordered region names every flow log on the resource", async () => {
    const { clock, region, source, watcher } = setup(idOrdered());
    const stopAll = new AbortController();
    // Three waits: the region's size is unknown, so a listing: page 1, a snapshot of 50 (sure).
    const first = waitActive(watcher, ["fl-m00", "fl-m01", "fl-m02"]);
    await untilReads(clock, region, 1);
    expect((await Promise.all(first)).map((o) => o.kind)).toEqual(["reached", "reached", "reached"]);
    // This process notes two resources (from the fresh listing) and creates on them; another client created on vpc-R.
    expect(await watcher.note("vpc-z1", { timeoutMs: 60_000 })).toEqual([]);
    expect(await watcher.note("vpc-z2", { timeoutMs: 60_000 })).toEqual([]);
    region.items = byId([...region.items, named("fl-a0", 55, "vpc-R"), activating(named("fl-z1", 60)), activating(named("fl-z2", 61))]);
    const waits = [...waitActive(watcher, ["fl-z1", "fl-z2"], stopAll.signal), ...waitGone(watcher, ["fl-m49"], stopAll.signal)];
    await untilReads(clock, region, 2);
    await clock.advance(10);
    const noted = await watcher.note("vpc-R", { timeoutMs: 60_000 });
    const reads = [...region.reads];
    stopAll.abort();
    await Promise.all(waits);
    expect(ids(noted), `reads ${reads.join(",")}, byResource calls ${source.byResourceCalls.length}`).toEqual(["fl-a0"]);
  });

  // The same for a wait, now that a partial listing's misses are trusted for waits: a delete wait
  // on a flow log that sorts onto page 1 ends "reached" while that flow log still exists (Deleting), so a destroy would
  // report it deleted (guarantee 3).
  it("a delete wait does not end reached from a partial listing of a FlowLogId-ordered region while its flow log exists", async () => {
    const { clock, region, watcher } = setup(idOrdered());
    const stopAll = new AbortController();
    // Round 1 (a snapshot of 50, sure) sees fl-m47 (created at second 49) for its delete wait.
    const gone = waitGone(watcher, ["fl-m47"], stopAll.signal)[0]!;
    const first = waitActive(watcher, ["fl-m00", "fl-m01"]);
    await untilReads(clock, region, 1);
    await Promise.all(first);
    await watcher.note("vpc-z1", { timeoutMs: 60_000 });
    await watcher.note("vpc-z2", { timeoutMs: 60_000 });
    region.items = byId([
      ...region.items.map((f) => (f.flowLogId === "fl-m47" ? { ...f, status: "Deleting" } : f)),
      named("fl-a0", 55, "vpc-R"),
      activating(named("fl-z1", 60)),
      activating(named("fl-z2", 61)),
    ]);
    const creates = waitActive(watcher, ["fl-z1", "fl-z2"], stopAll.signal);
    let outcome: WaitOutcome | undefined;
    void gone.then((o) => (outcome = o));
    await untilReads(clock, region, 2);
    await clock.advance(10);
    const reads = [...region.reads];
    stopAll.abort();
    await Promise.all([gone, ...creates]);
    expect(region.items.some((f) => f.flowLogId === "fl-m47")).toBe(true);
    expect(outcome?.kind, `reads ${reads.join(",")}`).not.toBe("reached");
  });

  // the same sequence in CreationTime order (60 flow logs: a whole listing of two pages is the sure base) stops at
  // the last page, and the note holds the other client's flow log.
  it("the same sequence with the list in CreationTime order stops at the last page and the note is complete", async () => {
    const items = Array.from({ length: 60 }, (_, i) => named(`fl-m${pad(i)}`, i));
    const { clock, region, source, watcher } = setup(items);
    const stopAll = new AbortController();
    const first = waitActive(watcher, ["fl-m00", "fl-m01", "fl-m02"]);
    await untilReads(clock, region, 3);
    await Promise.all(first);
    expect(region.reads).toEqual([1, 2, 1]);
    await watcher.note("vpc-z1", { timeoutMs: 60_000 });
    await watcher.note("vpc-z2", { timeoutMs: 60_000 });
    for (const f of [named("fl-n0", 65, "vpc-R"), activating(named("fl-z1", 70)), activating(named("fl-z2", 71))]) region.create(f);
    const waits = [...waitActive(watcher, ["fl-z1", "fl-z2"], stopAll.signal), ...waitGone(watcher, ["fl-m59"], stopAll.signal)];
    await untilReads(clock, region, 4);
    await clock.advance(10);
    expect(region.reads).toEqual([1, 2, 1, 2]);
    expect(ids(await watcher.note("vpc-R", { timeoutMs: 60_000 }))).toEqual(["fl-n0"]);
    expect(source.byResourceCalls).toEqual([]);
    stopAll.abort();
    await Promise.all(waits);
  });

  // a lookup of a flow log on page 1 among waits on the last page makes the listing read on to page 1, and answers it.
  it("a lookup of an old flow log mixed with waits on the newest reads back to it", async () => {
    const { clock, region, source, watcher } = setup(range(0, 200).map((f, i) => (i >= 194 ? activating(f) : f)));
    const waits = waitActive(watcher, names(194, 6));
    await untilReads(clock, region, 5);
    const found = watcher.lookup("fl-3", { timeoutMs: 60_000 });
    await untilReads(clock, region, 9);
    expect(region.reads).toEqual([...WHOLE_FIRST, 4, 3, 2, 1]);
    expect((await found)?.flowLogId).toBe("fl-3");
    expect(source.byIdCalls).toEqual([]);
    region.items = region.items.map((f) => ({ ...f, status: "Active" }));
    await clock.advance(5_000);
    expect((await Promise.all(waits)).every((o) => o.kind === "reached")).toBe(true);
  });

  // a lookup of an id that does not exist (and a wait on it never seen) cannot stop early; the lookup is confirmed by id.
  it("a lookup of a missing id with waits on the newest reads every page and answers undefined after a call by id", async () => {
    const { clock, region, source, watcher } = setup(range(0, 200).map((f, i) => (i >= 194 ? activating(f) : f)));
    const stopAll = new AbortController();
    const waits = waitActive(watcher, names(194, 6), stopAll.signal);
    await untilReads(clock, region, 5);
    const found = watcher.lookup("fl-nope", { timeoutMs: 60_000 });
    await untilReads(clock, region, 9);
    expect(region.reads).toEqual([...WHOLE_FIRST, 4, 3, 2, 1]);
    expect(await found).toBeUndefined();
    expect(source.byIdCalls).toEqual(["fl-nope"]);
    stopAll.abort();
    await Promise.all(waits);
  });

  // a lookup of the same id a delete wait watches: the wait may end from the partial listing, the lookup is confirmed by id.
  it("a lookup and a delete wait on one deleted flow log: the lookup is still confirmed by id", async () => {
    const { clock, region, source, watcher } = setup(range(0, 200));
    const waits = waitGone(watcher, names(194, 6));
    await untilReads(clock, region, 5);
    region.delete("fl-199");
    const found = watcher.lookup("fl-199", { timeoutMs: 60_000 });
    await untilReads(clock, region, 6);
    await clock.advance(100);
    expect(await found).toBeUndefined();
    expect(source.byIdCalls).toContain("fl-199");
    expect((await waits[5]!).kind).toBe("reached");
    for (const id of names(194, 5)) region.delete(id);
    await clock.advance(5_000);
    expect((await Promise.all(waits)).every((o) => o.kind === "reached")).toBe(true);
  });

  // delete waits whose flow logs share a CreationTime with the whole last page (a burst): the last page does not
  // reach back past it, so the listing reads on; no wait ends while its flow log exists.
  it("ties: a deleted flow log's CreationTime equal to the last page's oldest does not end its wait there", async () => {
    const items = range(0, 200, (n) => (n >= 150 ? 150 : n));
    const { clock, region, watcher } = setup(items);
    const waits = waitGone(watcher, names(190, 6));
    await untilReads(clock, region, 5);
    region.delete("fl-190");
    await untilReads(clock, region, 7);
    await clock.advance(100);
    expect(region.reads.slice(5, 7)).toEqual([4, 3]);
    expect((await waits[0]!).kind).toBe("reached");
    // The other five still exist: none of them ended.
    let ended = 0;
    for (const w of waits.slice(1)) void w.then(() => (ended += 1));
    await clock.advance(2_000);
    expect(ended).toBe(0);
    for (const id of names(191, 5)) region.delete(id);
    await clock.advance(10_000);
    expect((await Promise.all(waits)).every((o) => o.kind === "reached")).toBe(true);
  });

  // a create wait (gone when absent) whose flow log moved onto a lower page by others' deletes mid-listing is still seen.
  it("deletes during a partial listing's pages never make a create wait end as gone", async () => {
    let deleteDuring = false;
    const { clock, region, watcher } = setup(
      range(0, 200).map((f, i) => (i >= 145 ? activating(f) : f)),
      { beforePage: (r, _read, page) => void (deleteDuring && page === 3 && r.delete("fl-10")) },
    );
    const stopAll = new AbortController();
    const waits = waitActive(watcher, names(145, 10), stopAll.signal);
    await untilReads(clock, region, 5);
    deleteDuring = true;
    region.delete("fl-20"); // fl-150 moves onto page 3 before the listing reads page 4
    let gone = 0;
    for (const w of waits) void w.then((o) => (gone += o.kind === "gone" ? 1 : 0));
    await clock.advance(3_000);
    expect(gone).toBe(0);
    stopAll.abort();
    await Promise.all(waits);
  });

  // a base kept over a whole listing that was not sure (no TotalCount that round): the next partial listing chains
  // from the older base, and a note holds another client's flow log created in between.
  it("a listing that is not sure keeps the older base; the next partial listing's note is complete", async () => {
    let countless = false;
    const { clock, region, source, watcher } = setup(range(0, 200).map((f, i) => (i >= 194 ? activating(f) : f)), {
      totalCount: (n) => (countless ? undefined : n),
    });
    const waits = waitActive(watcher, names(194, 6));
    await untilReads(clock, region, 5);
    countless = true;
    region.create({ ...flowLog(200, 300), resourceId: "vpc-R" });
    await untilReads(clock, region, 6);
    await clock.advance(50);
    const mid = region.reads.length;
    countless = false;
    region.create({ ...flowLog(201, 301), resourceId: "vpc-R" });
    await untilReads(clock, region, mid + 1);
    await clock.advance(50);
    // The countless round read upwards from its estimate and then every page; the next one stops at page 4 (page 5 holds
    // only the two new flow logs, nothing older than the base's newest).
    expect(region.reads.slice(5, mid)).toEqual([4, 5, 3, 2, 1]);
    expect(region.reads.slice(mid)).toEqual([5, 4]);
    expect(ids(await watcher.note("vpc-R", { timeoutMs: 60_000 })).sort()).toEqual(["fl-200", "fl-201"]);
    expect(source.byResourceCalls).toEqual([]);
    region.items = region.items.map((f) => ({ ...f, status: "Active" }));
    await clock.advance(5_000);
    expect((await Promise.all(waits)).every((o) => o.kind === "reached")).toBe(true);
  });

  // a page that throws mid-listing: the round fails, nothing is kept from it, waits go on and end right later.
  it("a page that throws during a would-be partial listing leaves waits and notes right", async () => {
    let failAt = -1;
    const { clock, region, source, watcher } = setup(range(0, 200).map((f, i) => (i >= 194 ? activating(f) : f)), {
      beforePage: (_r, read) => {
        if (read !== failAt) return;
        failAt = -1; // once (a page that throws is not counted in `reads`)
        throw new Error("Throttling.User");
      },
    });
    const waits = waitActive(watcher, names(194, 6));
    await untilReads(clock, region, 5);
    failAt = 5;
    region.create({ ...flowLog(200, 300), resourceId: "vpc-R" });
    region.delete("fl-194");
    await clock.advance(10_000); // the failed round counts its planned calls against the budget
    const retries = region.reads.slice(5);
    expect(retries.length > 0 && retries.every((page) => page === 4)).toBe(true); // every retry stops at the last page
    expect((await waits[0]!).kind).toBe("gone");
    const noted = watcher.note("vpc-R", { timeoutMs: 60_000 });
    await clock.advance(1_000);
    expect(ids(await noted)).toEqual(["fl-200"]);
    region.items = region.items.map((f) => ({ ...f, status: "Active" }));
    await clock.advance(5_000);
    expect((await Promise.all(waits.slice(1))).every((o) => o.kind === "reached")).toBe(true);
    expect(source.byIdCalls.filter((id) => id !== "fl-194")).toEqual([]);
  });

  // a flow log without a CreationTime on the last page (others' create, not yet stamped) keeps the listing whole.
  it("a flow log without CreationTime on the last page makes the round read every page", async () => {
    const { clock, region, watcher } = setup(range(0, 200).map((f, i) => (i >= 194 ? activating(f) : f)));
    const stopAll = new AbortController();
    const waits = waitActive(watcher, names(194, 6), stopAll.signal);
    await untilReads(clock, region, 5);
    region.create({ ...flowLog(200, 300), creationTime: "" });
    await untilReads(clock, region, 11);
    expect(region.reads.slice(5, 11)).toEqual([4, 5, 4, 3, 2, 1]);
    stopAll.abort();
    await Promise.all(waits);
  });

  // the estimate far below the region (a region that grew by 3 pages): restart from the new last page, and the
  // pre-restart page's old flow logs do not count as reaching back.
  it("an estimate far off restarts and the stop only looks at the sweep", async () => {
    const region = new PagedRegion(range(0, 400));
    const listing = await listRegion(region.page, 10, stopOf([["fl-399", undefined]], 390));
    expect(region.reads).toEqual([1, 8]);
    expect(listing).toMatchObject({ partial: true, lastPageNewest: creationTimeAt(399) });
    const far = new PagedRegion(range(0, 400));
    const back = await listRegion(far.page, 10, stopOf([["fl-399", undefined]], 300));
    expect(far.reads).toEqual([1, 8, 7, 6]);
    expect(back.partial).toBe(true);
  });

  // Property: listed in creation order or by FlowLogId, a chain as the watcher keeps it (the base survives a listing that
  // is not sure), others deleting and creating between and during pages, whole-second ties, TotalCount missing on some
  // answers, far-off estimates, flow logs created without a CreationTime, and stop ids with the CreationTime a caller saw
  // (deleted ones included) or none.
  it("property: the watcher's chain keeps every flow log that existed throughout, and every stop id that did", async () => {
    const change = fc.record({ deletes: fc.array(fc.nat(), { maxLength: 12 }), creates: fc.nat({ max: 30 }), untimed: fc.nat({ max: 20 }) });
    const round = fc.record({
      between: change,
      during: fc.array(change, { maxLength: 5 }),
      picks: fc.array(fc.nat(), { maxLength: 8 }),
      gonePicks: fc.array(fc.nat(), { maxLength: 4 }),
      estimate: fc.integer({ min: 0, max: 400 }),
      lookupMissing: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 260 }),
        fc.integer({ min: 1, max: 5 }),
        fc.boolean(),
        fc.array(fc.boolean(), { maxLength: 60 }),
        fc.array(round, { minLength: 1, maxLength: 6 }),
        async (size, perSecond, byFlowLogId, countless, rounds) => {
          let next = size;
          let reads = 0;
          const second = (n: number) => Math.floor(n / perSecond);
          // By FlowLogId: ids scrambled (a bijective hash of n), as the service's look random, so that the FlowLogId order
          // never passes for creation order on a full page. Where a fixed order did match creation order on the pages read,
          // no listing could tell them apart: the design's stated assumption, not a case to test.
          const made = (n: number): CloudFlowLog => {
            const f = flowLog(n, second(n));
            return byFlowLogId ? { ...f, flowLogId: `fl-${(Math.imul(n, 0x9e3779b1) >>> 0).toString(36).padStart(7, "0")}` } : f;
          };
          const deleted: CloudFlowLog[] = [];
          const apply = (r: PagedRegion, c: { readonly deletes: readonly number[]; readonly creates: number; readonly untimed: number }) => {
            for (const pick of c.deletes) {
              if (r.items.length === 0) break;
              const f = r.items[pick % r.items.length]!;
              deleted.push(f);
              r.delete(f.flowLogId);
            }
            for (let i = 0; i < c.creates; i++, next++) {
              const f = made(next);
              r.create(c.untimed === i + 1 ? { ...f, creationTime: "" } : f);
            }
          };
          let during: (typeof rounds)[number]["during"] = [];
          const initial = Array.from({ length: size }, (_, n) => made(n));
          const region = new PagedRegion(byFlowLogId ? byId(initial) : initial, {
            byFlowLogId,
            beforePage: (r, read) => during[read] && apply(r, during[read]),
            totalCount: (n) => (countless[reads++ % Math.max(1, countless.length)] ? undefined : n),
          });
          let base: { flowLogs: Map<string, CloudFlowLog>; newest: string | undefined; orderShown: boolean } | undefined;
          const first = { between: { deletes: [], creates: 0, untimed: 0 }, during: [], picks: [], gonePicks: [], estimate: size, lookupMissing: false };
          for (const r of [first, ...rounds]) {
            apply(region, r.between);
            during = r.during;
            region.reads.length = 0;
            const present = [...region.items];
            const stopIds = new Map<string, string | undefined>();
            for (const pick of r.picks) {
              const f = present[pick % Math.max(1, present.length)];
              if (f) stopIds.set(f.flowLogId, pick % 2 === 0 && f.creationTime !== "" ? f.creationTime : undefined);
            }
            for (const pick of r.gonePicks) {
              const f = deleted[pick % Math.max(1, deleted.length)];
              if (f) stopIds.set(f.flowLogId, f.creationTime || undefined);
            }
            if (r.lookupMissing) stopIds.set("fl-missing", undefined);
            const stop = base?.newest === undefined ? undefined : { ids: stopIds, newerThan: base.newest, orderShown: base.orderShown };
            const listing: RegionListing = await listRegion(region.page, r.estimate, stop);
            const throughout = present.filter((f) => region.items.some((g) => g.flowLogId === f.flowLogId));
            const listed = new Set(ids(listing.flowLogs));
            expect(listing.calls).toBe(region.reads.length);
            if (listing.absenceIsSure) for (const f of throughout) expect(listed.has(f.flowLogId), `sure listing lacks ${f.flowLogId}`).toBe(true);
            if (listing.partial) {
              expect(stop, "a partial listing only with a stop").toBeDefined();
              for (const id of stopIds.keys()) if (throughout.some((f) => f.flowLogId === id)) expect(listed.has(id), `stop id ${id}`).toBe(true);
              for (const f of throughout) {
                if (f.creationTime !== "" && f.creationTime >= stop!.newerThan) expect(listed.has(f.flowLogId), `newer ${f.flowLogId}`).toBe(true);
              }
            }
            // As watcher.ts knownAfter / rememberListing keep it.
            let known: typeof base;
            if (listing.partial) {
              const merged = new Map(base!.flowLogs);
              for (const f of listing.flowLogs) merged.set(f.flowLogId, f);
              known = { flowLogs: merged, newest: listing.lastPageNewest, orderShown: base!.orderShown || listing.orderShown };
            } else if (listing.absenceIsSure) {
              known = { flowLogs: new Map(listing.flowLogs.map((f) => [f.flowLogId, f])), newest: listing.lastPageNewest, orderShown: listing.orderShown };
            }
            if (known) {
              base = known;
              for (const f of throughout) expect(base.flowLogs.has(f.flowLogId), `${f.flowLogId} existed throughout and is unknown`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
