import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listRegion } from "../../src/provider";
import { flowLog, ids, PagedRegion, range } from "./helpers/paged-region";

describe("listRegion (a region listing whose misses can be trusted)", () => {
  it("reads one page for a region of up to 50 flow logs: a snapshot", async () => {
    const region = new PagedRegion(range(0, 40));
    const listing = await listRegion(region.page, 40);
    expect(region.reads).toEqual([1]);
    expect(listing).toMatchObject({ absenceIsSure: true, calls: 1 });
    expect(ids(listing.flowLogs)).toEqual(region.ids());
  });

  it("stops after the first page when the region takes more pages than maxPages (abandoned: sizes it, trusts nothing)", async () => {
    const region = new PagedRegion(range(0, 500));
    const listing = await listRegion(region.page, 0, undefined, 3);
    expect(region.reads).toEqual([1]);
    expect(listing).toMatchObject({ abandoned: true, absenceIsSure: false, partial: false, size: 500, calls: 1 });
    expect(ids(listing.flowLogs)).toEqual(region.ids().slice(0, 50));
    const small = new PagedRegion(range(0, 120));
    expect(await listRegion(small.page, 0, undefined, 3)).toMatchObject({ absenceIsSure: true, size: 120 });
    expect(small.reads).toEqual([1, 3, 2, 1]);
  });

  it("lists every flow log that stays while others on earlier pages are deleted under it (read first to last, one is lost)", async () => {
    // Before each page after the first, another client deletes the oldest flow log: everything after it moves back one.
    const deleteOldest = (region: PagedRegion, read: number) => {
      if (read > 0) region.delete(region.items[0]!.flowLogId);
    };
    const region = new PagedRegion(range(0, 160), { beforePage: deleteOldest });
    const listing = await listRegion(region.page, 160);
    expect(region.reads).toEqual([4, 3, 2, 1]);
    expect(listing.absenceIsSure).toBe(true);
    for (const id of region.ids()) expect(ids(listing.flowLogs)).toContain(id);

    // The same deletes against a read from the first page to the last: fl-50 moves onto page 1 after it was read.
    const forward = new PagedRegion(range(0, 160), { beforePage: deleteOldest });
    const seen = new Set<string>();
    for (let page = 1; page <= 4; page++) for (const f of (await forward.page(page)).flowLogs) seen.add(f.flowLogId);
    expect(forward.ids().filter((id) => !seen.has(id))).not.toEqual([]);
  });

  it("gives a flow log read twice (moved onto a page read later) as the later answer saw it", async () => {
    const region = new PagedRegion(range(0, 100), { beforePage: (r, read) => {
      if (read !== 1) return;
      r.delete("fl-0"); // fl-50, already read on page 2, moves onto page 1...
      r.items = r.items.map((f) => (f.flowLogId === "fl-50" ? { ...f, status: "Modifying" } : f)); // ...and changes meanwhile
    } });
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
    const region = new PagedRegion(range(0, 120).reverse(), { newestFirst: true });
    const listing = await listRegion(region.page, 120);
    expect(ids(listing.flowLogs).sort()).toEqual(region.ids().sort());
    expect(listing.absenceIsSure).toBe(false);
  });

  it("without a TotalCount, reads on until a short page and does not call its absences sure", async () => {
    const region = new PagedRegion(range(0, 120), { totalCount: () => undefined });
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
          const region = new PagedRegion(range(0, size), { beforePage: (r, read) => {
            const change = changes[read];
            if (!change) return;
            for (const pick of change.deletes) if (r.items.length > 0) r.delete(r.items[pick % r.items.length]!.flowLogId);
            for (let i = 0; i < change.creates; i++) r.create(flowLog(next++));
          } });
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
  });
});
