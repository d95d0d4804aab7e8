import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LISTING_PAGE_SIZE, listRegion, type CloudFlowLog, type ListingPage } from "../../src/provider";
import { cloudFromInputs } from "../../src/provider/mapping";

let made = 0;
/** Flow log `fl-<n>`, created at second n (CreationTime grows with n). */
function flowLog(n: number): CloudFlowLog {
  const base = { resourceType: "VPC", resourceId: `vpc-${n}`, trafficType: "All", projectName: "p", logStoreName: "s" } as const;
  const created = cloudFromInputs({ ...base, status: "Active", timeouts: { create: "1m", update: "1m", delete: "1m" } }, `fl-${n}`, "cn-hangzhou", "Active");
  made++;
  return { ...created, creationTime: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

/**
 * A region as DescribeFlowLogs pages it: a list in a fixed order (oldest first unless `newestFirst`), PageSize 50 by
 * PageNumber, TotalCount on every page. `beforePage` runs before each page is read: others' deletes and creates.
 */
class PagedRegion {
  readonly reads: number[] = [];
  constructor(
    public items: CloudFlowLog[],
    private readonly beforePage: (region: PagedRegion, read: number) => void = () => undefined,
    private readonly newestFirst = false,
    private readonly totalCount = true,
  ) {}

  ids(): string[] {
    return this.items.map((f) => f.flowLogId);
  }

  delete(id: string): void {
    this.items = this.items.filter((f) => f.flowLogId !== id);
  }

  create(flowLog: CloudFlowLog): void {
    this.items = this.newestFirst ? [flowLog, ...this.items] : [...this.items, flowLog];
  }

  readonly page = async (pageNumber: number): Promise<ListingPage> => {
    this.beforePage(this, this.reads.length);
    this.reads.push(pageNumber);
    const from = (pageNumber - 1) * LISTING_PAGE_SIZE;
    return { flowLogs: this.items.slice(from, from + LISTING_PAGE_SIZE), totalCount: this.totalCount ? this.items.length : undefined };
  };
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => flowLog(from + i));
const ids = (flowLogs: readonly CloudFlowLog[]) => flowLogs.map((f) => f.flowLogId);

describe("listRegion (a region listing whose misses can be trusted)", () => {
  it("reads one page for a region of up to 50 flow logs: a snapshot", async () => {
    const region = new PagedRegion(range(0, 40));
    const listing = await listRegion(region.page, 40);
    expect(region.reads).toEqual([1]);
    expect(listing).toMatchObject({ absenceIsSure: true, calls: 1 });
    expect(ids(listing.flowLogs)).toEqual(region.ids());
  });

  it("lists every flow log that stays while others on earlier pages are deleted under it (read first to last, one is lost)", async () => {
    // Before each page after the first, another client deletes the oldest flow log: everything after it moves back one.
    const deleteOldest = (region: PagedRegion, read: number) => {
      if (read > 0) region.delete(region.items[0]!.flowLogId);
    };
    const region = new PagedRegion(range(0, 160), deleteOldest);
    const listing = await listRegion(region.page, 160);
    expect(region.reads).toEqual([4, 3, 2, 1]);
    expect(listing.absenceIsSure).toBe(true);
    for (const id of region.ids()) expect(ids(listing.flowLogs)).toContain(id);

    // The same deletes against a read from the first page to the last: fl-50 moves onto page 1 after it was read.
    const forward = new PagedRegion(range(0, 160), deleteOldest);
    const seen = new Set<string>();
    for (let page = 1; page <= 4; page++) for (const f of (await forward.page(page)).flowLogs) seen.add(f.flowLogId);
    expect(forward.ids().filter((id) => !seen.has(id))).not.toEqual([]);
  });

  it("gives a flow log read twice (moved onto a page read later) as the later answer saw it", async () => {
    const region = new PagedRegion(range(0, 100), (r, read) => {
      if (read !== 1) return;
      r.delete("fl-0"); // fl-50, already read on page 2, moves onto page 1...
      r.items = r.items.map((f) => (f.flowLogId === "fl-50" ? { ...f, status: "Modifying" } : f)); // ...and changes meanwhile
    });
    const listing = await listRegion(region.page, 100);
    expect(region.reads).toEqual([2, 1]);
    expect(listing.flowLogs.find((f) => f.flowLogId === "fl-50")?.status).toBe("Modifying");
    expect(ids(listing.flowLogs)).toEqual([...region.ids()]); // each once, in list order
  });

  it("starts again from the new last page when the region grew past the estimate, and goes on from it when it shrank", async () => {
    const grown = new PagedRegion(range(0, 130));
    const listing = await listRegion(grown.page, 60);
    expect(grown.reads).toEqual([2, 3, 2, 1]);
    expect(ids(listing.flowLogs)).toEqual(grown.ids());
    expect(listing).toMatchObject({ absenceIsSure: true, calls: 4 });

    const shrunk = new PagedRegion(range(0, 30));
    const small = await listRegion(shrunk.page, 200);
    expect(shrunk.reads).toEqual([4, 1]);
    expect(ids(small.flowLogs)).toEqual(shrunk.ids());
    expect(small.calls).toBe(2);
  });

  it("does not call its absences sure when the pages list newest first (a create moves every flow log on)", async () => {
    const region = new PagedRegion(range(0, 120).reverse(), () => undefined, true);
    const listing = await listRegion(region.page, 120);
    expect(ids(listing.flowLogs).sort()).toEqual(region.ids().sort());
    expect(listing.absenceIsSure).toBe(false);
  });

  it("without a TotalCount, reads on until a short page and does not call its absences sure", async () => {
    const region = new PagedRegion(range(0, 120), () => undefined, false, false);
    const listing = await listRegion(region.page, 60);
    expect(region.reads).toEqual([2, 3, 1]);
    expect(ids(listing.flowLogs)).toEqual(region.ids());
    expect(listing.absenceIsSure).toBe(false);
  });

  it("property: with others deleting anywhere and creating (oldest first) during the listing, every flow log there throughout is listed", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 260 }),
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.record({ deletes: fc.array(fc.nat(), { maxLength: 20 }), creates: fc.nat({ max: 30 }) }), { maxLength: 8 }),
        async (size, estimate, changes) => {
          let next = size;
          const region = new PagedRegion(range(0, size), (r, read) => {
            const change = changes[read];
            if (!change) return;
            for (const pick of change.deletes) if (r.items.length > 0) r.delete(r.items[pick % r.items.length]!.flowLogId);
            for (let i = 0; i < change.creates; i++) r.create(flowLog(next++));
          });
          const before = new Set(region.ids());
          const listing = await listRegion(region.page, estimate);
          const listed = new Set(ids(listing.flowLogs));
          expect(listing.absenceIsSure).toBe(true);
          for (const id of region.ids()) if (before.has(id)) expect(listed.has(id), id).toBe(true);
          expect(listing.calls).toBe(region.reads.length);
        },
      ),
      { numRuns: 300 },
    );
    expect(made).toBeGreaterThan(0);
  });
});
