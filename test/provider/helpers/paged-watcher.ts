import { listRegion, RegionWatcher, type CloudFlowLog, type FlowLogSource, type WaitOutcome } from "../../../src/provider";
import { FakeClock } from "./fake-clock";
import { ids, PagedRegion, range, type PagedRegionOptions } from "./paged-region";

/** A source over a paged region: listings go through listRegion, so a round's pages are `region.reads`. */
export function sourceOver(region: PagedRegion): FlowLogSource & { byIdCalls: string[]; byResourceCalls: string[] } {
  const byIdCalls: string[] = [];
  const byResourceCalls: string[] = [];
  return {
    byIdCalls,
    byResourceCalls,
    byId: async (id) => (byIdCalls.push(id), region.items.find((f) => f.flowLogId === id)),
    byResource: async (resourceId) => (byResourceCalls.push(resourceId), region.items.filter((f) => f.resourceId === resourceId)),
    all: (estimatedCount, stop) => listRegion(region.page, estimatedCount, stop),
  };
}

/** A watcher on a fake clock over a paged region of `items`. */
export function pagedWatcher(items: CloudFlowLog[], options: PagedRegionOptions = {}) {
  const clock = new FakeClock();
  const region = new PagedRegion(items, options);
  const source = sourceOver(region);
  const watcher = new RegionWatcher(source, { clock, isTransient: () => true, maxByIdWaiters: 2 });
  return { clock, region, source, watcher };
}

/** Waits that end once their flow log is Active (gone when absent). */
export function waitActive(watcher: RegionWatcher, flowLogIds: readonly string[], signal?: AbortSignal): Promise<WaitOutcome>[] {
  return flowLogIds.map((flowLogId) =>
    watcher.wait({ flowLogId, classify: (f) => (f.status === "Active" ? "reached" : "pending"), whenAbsent: "gone", timeoutMs: 600_000, signal }),
  );
}

/** Delete waits: reached once their flow log is absent. */
export function waitGone(watcher: RegionWatcher, flowLogIds: readonly string[], signal?: AbortSignal): Promise<WaitOutcome>[] {
  return flowLogIds.map((flowLogId) => watcher.wait({ flowLogId, classify: () => "pending", whenAbsent: "reached", timeoutMs: 600_000, signal }));
}

/** Runs the clock until `region` has served `count` page reads in all. */
export async function untilReads(clock: FakeClock, region: PagedRegion, count: number): Promise<void> {
  for (let i = 0; i < 400 && region.reads.length < count; i++) await clock.advance(25);
}

/** The first listing of a region of 151-200 flow logs: its size unknown, page 1 first, then from the last page down. */
export const WHOLE_FIRST = [1, 4, 3, 2, 1];

export const activating = (f: CloudFlowLog): CloudFlowLog => ({ ...f, status: "Activating" });

/** FlowLogIds fl-<from> .. fl-<from + count - 1>. */
export const names = (from: number, count: number): string[] => ids(range(from, count));
