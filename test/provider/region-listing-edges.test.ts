/**
 * Review 3 of region-listing.ts: estimates far off, TotalCount that moves or lies, equal / missing CreationTime,
 * newest-first pages, a page failing mid-sweep. The contract under test: when `absenceIsSure` is true, every flow log
 * that existed from the listing's start to its end is in it; errors of a page propagate.
 */
import { describe, expect, it } from "vitest";
import { listRegion, type CloudFlowLog } from "../../src/provider";
import { flowLog, ids, PagedRegion as Region, range } from "./helpers/paged-region";

/** The contract: sure => every flow log present at the start and at the end (never deleted meanwhile here) is listed. */
function expectContract(listing: { flowLogs: CloudFlowLog[]; absenceIsSure: boolean }, survivors: readonly string[]): void {
  const listed = new Set(ids(listing.flowLogs));
  const missed = survivors.filter((id) => !listed.has(id));
  if (listing.absenceIsSure) expect(missed, "a sure listing missed flow logs that existed throughout").toEqual([]);
  expect(new Set(ids(listing.flowLogs)).size, "duplicates in a listing").toBe(listing.flowLogs.length);
}

describe("listRegion estimates far off", () => {
  it("estimate 0 over 130 flow logs: restarts from page 3, lists all, sure", async () => {
    const region = new Region(range(0, 130));
    const listing = await listRegion(region.page, 0);
    expect(region.reads).toEqual([1, 3, 2, 1]);
    expect(ids(listing.flowLogs)).toEqual(region.ids());
    expect(listing).toMatchObject({ absenceIsSure: true, calls: 4 });
  });

  it("a huge estimate (1e6) over 30 flow logs: one empty far page, then page 1; all listed", async () => {
    const region = new Region(range(0, 30));
    const listing = await listRegion(region.page, 1_000_000);
    expect(region.reads).toEqual([20_000, 1]);
    expect(ids(listing.flowLogs)).toEqual(region.ids());
    expect(listing.calls).toBe(2);
  });

  it("a huge estimate over an empty region lists nothing and makes two calls", async () => {
    const region = new Region([]);
    const listing = await listRegion(region.page, 10_000);
    expect(listing.flowLogs).toEqual([]);
    expect(region.reads).toEqual([200, 1]);
  });
});

describe("TotalCount that changes between pages", () => {
  it("grows by creates at the end between the first page and the restart: every survivor listed, sure", async () => {
    let next = 1000;
    const region = new Region(range(0, 90), {
      beforePage: (r, read) => {
        if (read === 1) for (let i = 0; i < 70; i++) r.create(flowLog(next++)); // now 160: page 4 exists
      },
    });
    const survivors = region.ids();
    const listing = await listRegion(region.page, 60);
    expectContract(listing, survivors);
    expect(listing.absenceIsSure).toBe(true);
  });

  it("shrinks to nothing on the restart page (pages that come back empty), deletes anywhere: survivors listed", async () => {
    const region = new Region(range(0, 140), {
      beforePage: (r, read) => {
        if (read >= 1) for (let i = 0; i < 20 && r.items.length > 0; i++) r.delete(r.items[(i * 7 + read) % r.items.length]!.flowLogId);
      },
    });
    const start = new Set(region.ids());
    const listing = await listRegion(region.page, 60);
    expectContract(listing, region.ids().filter((id) => start.has(id)));
  });

  it("a TotalCount smaller than the page's items (30 reported, 120 exist) is not trusted as a sure, complete listing", async () => {
    const region = new Region(range(0, 120), { totalCount: () => 30 });
    const listing = await listRegion(region.page, 0);
    expectContract(listing, region.ids());
  });

  it("a TotalCount of 0 with a full first page is not trusted either", async () => {
    const region = new Region(range(0, 75), { totalCount: () => 0 });
    const listing = await listRegion(region.page, 75);
    expectContract(listing, region.ids());
  });

  it("a TotalCount larger than the items (stale, pages come back empty) still lists everything", async () => {
    const region = new Region(range(0, 60), { totalCount: (n) => n + 200 });
    const listing = await listRegion(region.page, 60);
    expect(ids(listing.flowLogs)).toEqual(region.ids());
  });
});

describe("CreationTime and order", () => {
  it("oldest first with equal CreationTime values (ten per second), deletes anywhere and creates at the end: sure and complete", async () => {
    let next = 500;
    const region = new Region(range(0, 170, (n) => Math.floor(n / 10)), {
      beforePage: (r, read) => {
        if (read === 0) return;
        r.delete(r.items[(read * 13) % r.items.length]!.flowLogId);
        r.create(flowLog(next, Math.floor(next / 10) + 100));
        next++;
      },
    });
    const start = new Set(region.ids());
    const listing = await listRegion(region.page, 170);
    expect(listing.absenceIsSure).toBe(true);
    expectContract(listing, region.ids().filter((id) => start.has(id)));
  });

  it("newest first where each page's flow logs share a CreationTime (created in bursts): a create during the listing must not give a sure listing that misses a survivor", async () => {
    // 100 flow logs: 50 created at second 2 (page 1, newest first), 50 at second 1 (page 2). Another client creates 3 more
    // after page 2 is read: the last 3 of page 1 move onto page 2, already read.
    let next = 1000;
    const region = new Region([...range(50, 50, () => 2), ...range(0, 50, () => 1)], {
      newestFirst: true,
      beforePage: (r, read) => {
        if (read === 1) for (let i = 0; i < 3; i++) r.create(flowLog(next++, 2));
      },
    });
    const survivors = region.ids();
    const listing = await listRegion(region.page, 100);
    expect(region.reads).toEqual([2, 1]);
    expectContract(listing, survivors);
  });

  it("newest first with distinct times is not sure", async () => {
    const region = new Region(range(0, 120).reverse(), { newestFirst: true });
    expect((await listRegion(region.page, 120)).absenceIsSure).toBe(false);
  });

  it("a missing CreationTime on any page of a multi-page listing makes it not sure", async () => {
    const items = range(0, 120);
    items[77] = { ...items[77]!, creationTime: "" };
    const region = new Region(items);
    const listing = await listRegion(region.page, 120);
    expect(listing.absenceIsSure).toBe(false);
    expect(ids(listing.flowLogs)).toEqual(region.ids());
  });
});

describe("a page failing mid-sweep", () => {
  it("rejects with the page's own error (no partial listing)", async () => {
    const boom = new Error("Throttling.User: page 2");
    const region = new Region(range(0, 160), {
      beforePage: (_r, _read, page) => {
        if (page === 2) throw boom;
      },
    });
    await expect(listRegion(region.page, 160)).rejects.toBe(boom);
    expect(region.reads).toEqual([4, 3]);
  });

  it("rejects when the restart page fails", async () => {
    const region = new Region(range(0, 160), {
      beforePage: (_r, read) => {
        if (read === 1) throw new Error("ServiceUnavailable");
      },
    });
    await expect(listRegion(region.page, 10)).rejects.toThrow("ServiceUnavailable");
  });
});
