/**
 * Churn the listing handles: 125 waits on a 4-page region while another client deletes flow logs on every page and
 * creates new ones at the end between every page read (no delete wait ends while its flow log is listed, every Active
 * wait ends right); and a wait timing out, and one aborted, while a round hangs.
 */
import { describe, expect, it } from "vitest";
import { RegionWatcher, type FlowLogSource } from "../../../src/provider";
import { FakeClock } from "../helpers/fake-clock";
import { flowLog, PagedRegion, range } from "../helpers/paged-region";
import { sourceOver } from "../helpers/paged-watcher";

describe("churn that the listing handles", () => {
  it("125 waits, deletes anywhere and creates at the end between pages: no delete wait ends while its flow log exists, no Active wait ends wrongly", async () => {
    let next = 1000;
    const ours = range(1, 200).map((f, i) => (i % 4 === 0 ? f : { ...f, status: i % 4 === 1 ? "Deleting" : "Activating" }));
    const region = new PagedRegion(ours, {
      beforePage: (r, read) => {
        // Another client: deletes one of its own flow logs (every 4th) and creates one at the end.
        const theirs = r.items.filter((f) => Number(f.flowLogId.slice(3)) % 4 === 1 && Number(f.flowLogId.slice(3)) < 1000);
        if (theirs.length > 0) r.delete(theirs[read % theirs.length]!.flowLogId);
        r.create(flowLog(next, next++));
        // Ours: Activating ones turn Active over time; Deleting ones go after a while.
        if (read % 3 === 0) r.items = r.items.map((f) => (f.status === "Activating" && read > 6 ? { ...f, status: "Active" } : f));
      },
    });
    const clock = new FakeClock();
    const watcher = new RegionWatcher(sourceOver(region), { clock, isTransient: () => true });
    const wrong: string[] = [];
    const done: string[] = [];
    const deleting = ours.filter((f) => f.status === "Deleting").map((f) => f.flowLogId).slice(0, 75);
    const activating = ours.filter((f) => f.status === "Activating").map((f) => f.flowLogId).slice(0, 75);
    for (const id of deleting) {
      void watcher.wait({ flowLogId: id, classify: () => "pending", whenAbsent: "reached", timeoutMs: 60_000 }).then((o) => {
        done.push(`${id} ${o.kind}`);
        if (o.kind === "reached" && region.ids().includes(id)) wrong.push(`${id} reached while listed`);
      });
    }
    for (const id of activating) {
      void watcher.wait({ flowLogId: id, classify: (f) => (f.status === "Active" ? "reached" : "pending"), whenAbsent: "gone", absentGraceMs: 30_000, timeoutMs: 60_000 }).then((o) => {
        done.push(`${id} ${o.kind}`);
        if (o.kind !== "reached" || region.items.find((f) => f.flowLogId === id)?.status !== "Active") wrong.push(`${id} ${o.kind}`);
      });
    }
    await clock.advance(70_000);
    expect(wrong).toEqual([]);
    const all = [...deleting, ...activating];
    expect(all.filter((id) => !done.some((d) => d.startsWith(`${id} `))), `reads ${region.reads.length}; ${done.filter((d) => !d.endsWith("reached")).slice(0, 5).join(", ")}`).toEqual([]);
    expect(region.reads.length).toBeGreaterThan(20);
  });

  it("a wait times out on time, and an aborted wait ends at once, while a round hangs", async () => {
    const clock = new FakeClock();
    const hang = new Promise<never>(() => {});
    const source: FlowLogSource = { byId: () => hang, byResource: () => hang, all: () => hang };
    const watcher = new RegionWatcher(source, { clock, isTransient: () => true });
    const controller = new AbortController();
    const ends: Record<string, number> = {};
    const w = (id: string, timeoutMs: number, signal?: AbortSignal) =>
      void watcher.wait({ flowLogId: id, classify: () => "pending", whenAbsent: "gone", timeoutMs, ...(signal ? { signal } : {}) }).then((o) => (ends[`${id} ${o.kind}`] = clock.now()));
    w("fl-a", 5_000);
    w("fl-b", 60_000, controller.signal);
    w("fl-c", 60_000);
    await clock.advance(1_000);
    controller.abort();
    await clock.advance(5_000);
    expect(ends).toEqual({ "fl-b aborted": 1_000, "fl-a timeout": 5_000 });
  });
});
