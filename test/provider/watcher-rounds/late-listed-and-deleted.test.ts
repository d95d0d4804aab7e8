/**
 * A flow log listed late (eventual consistency: it lands mid-list) and another client's delete between the same two
 * page reads keep TotalCount unchanged, so region-listing.ts `grew` (a rising TotalCount) does not see that the late one
 * pushed a flow log of a page not read yet onto a page already read: that flow log is on no page read. Two signs still
 * show it, and either makes the watcher confirm its misses by FlowLogId: a page read twice whose second answer holds a
 * flow log mid-page that its first lacked (a region's first listing reads page 1 twice), and a flow log older than the
 * newest the last listing knew of that the last listing did not hold (known-region.ts listedLate). Without them a
 * delete ended while its flow log was still Deleting.
 */
import { describe, expect, it } from "vitest";
import { listRegion, type RegionListing } from "../../../src/provider";
import { knownAfter, listedLate } from "../../../src/provider/known-region";
import { flowLog, ids, PagedRegion, range } from "../helpers/paged-region";
import { pagedWatcher, untilReads, waitGone } from "../helpers/paged-watcher";

/** Another client's flow log created at second 10 but listed only now: it lands after fl-10, mid page 1. */
const late = flowLog(999, 10);

function churn(region: PagedRegion): void {
  const at = region.items.findIndex((f) => f.flowLogId === "fl-11");
  region.items = [...region.items.slice(0, at), late, ...region.items.slice(at)];
  region.delete("fl-120"); // another client's delete completes meanwhile (page 3, already read)
}

const DELETING = ["fl-100", "fl-101", "fl-102", "fl-103"];
const deletingItems = () => range(1, 120).map((f) => (DELETING.includes(f.flowLogId) ? { ...f, status: "Deleting" } : f));

describe("a late-listed flow log and another delete between the same two pages (TotalCount unchanged)", () => {
  it("listRegion: page 1 read twice shows the late one mid-page, so the listing says it grew", async () => {
    // A first listing (size unknown): 1, 3, 2, 1; the churn lands before the second read of page 1's neighbour.
    const region = new PagedRegion(range(1, 120), { beforePage: (r, read) => (read === 2 ? churn(r) : undefined) });
    const listing = await listRegion(region.page, 0);
    expect(region.reads).toEqual([1, 3, 2, 1]);
    expect(listing.grew).toBe(true);
  });

  it("listedLate: a flow log older than the last listing's newest that it did not hold; a newer one is not late", () => {
    const base = knownAfter({ flowLogs: range(1, 120), absenceIsSure: true, partial: false, size: 120, lastPageNewest: flowLog(120).creationTime, orderShown: true, calls: 3, grew: false } satisfies RegionListing, 0, undefined)!;
    const listing = (flowLogs: ReturnType<typeof range>): RegionListing => ({ ...base, flowLogs, absenceIsSure: true, partial: false, size: flowLogs.length, lastPageNewest: undefined, calls: 3, grew: false });
    expect(listedLate(listing([...range(1, 10), late, ...range(11, 109)]), base)).toBe(true);
    expect(listedLate(listing([...range(1, 121)]), base)).toBe(false);
    expect(knownAfter(listing([...range(1, 10), late, ...range(11, 109)]), 1, base)).toBeUndefined();
  });

  it("watcher, a region's first listing: the delete waits' misses are confirmed by id; one still Deleting is not done", async () => {
    const { clock, region, source, watcher } = pagedWatcher(deletingItems(), { beforePage: (r, read) => (read === 2 ? churn(r) : undefined) });
    const outcomes: Record<string, string> = {};
    waitGone(watcher, DELETING).forEach((w, i) => void w.then((o) => (outcomes[DELETING[i]!] = o.kind)));
    await clock.advance(1_000);
    expect(region.reads.slice(0, 4)).toEqual([1, 3, 2, 1]);
    expect(region.ids()).toContain("fl-100");
    expect(source.byIdCalls).toContain("fl-100");
    expect(outcomes["fl-100"]).not.toBe("reached");
  });

  it("watcher, a later listing (no page read twice): the late one against the last listing makes the misses confirmed", async () => {
    const churnAt = { read: -1 };
    const { clock, region, source, watcher } = pagedWatcher(deletingItems(), { beforePage: (r, read) => (read === churnAt.read ? churn(r) : undefined) });
    // A first round knows the region (the lookups make it a listing); then the delete waits' round straddles the churn.
    const looks = ["fl-1", "fl-2", "fl-3"].map((id) => watcher.lookup(id, { timeoutMs: 60_000 }));
    await untilReads(clock, region, 4);
    await Promise.all(looks);
    const first = region.reads.length;
    churnAt.read = first + 1; // between the second listing's first and second pages
    const outcomes: Record<string, string> = {};
    waitGone(watcher, DELETING).forEach((w, i) => void w.then((o) => (outcomes[DELETING[i]!] = o.kind)));
    await untilReads(clock, region, first + 3);
    await clock.advance(500);
    expect(region.reads.slice(first, first + 3)).toEqual([3, 2, 1]);
    expect(ids(region.items)).toContain("fl-100");
    expect(source.byIdCalls).toContain("fl-100");
    expect(outcomes["fl-100"]).not.toBe("reached");
  });
});
