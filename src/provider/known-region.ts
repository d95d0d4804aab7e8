/**
 * What the region watcher's listings know of a region, for create's notes (issue 5: the flow logs on a resource before a
 * create, never adopted after a lost CreateFlowLog answer). A whole listing whose absences are sure knows the region as of
 * its start; a partial listing (region-listing.ts ListingStop) adds what is newer than the listing before it; any other
 * listing adds what it saw. Naming a flow log too many (one deleted since) only excludes it from adoption.
 */
import type { RegionListing } from "./region-listing";
import type { CloudFlowLog } from "./types";

/** What a listing knew of the region, as of its round's start (watcher.ts `lastListing`). */
export interface KnownRegion {
  readonly startedAt: number;
  /** Every flow log that existed throughout the listing, and perhaps some seen by later listings or deleted since. */
  readonly flowLogs: readonly CloudFlowLog[];
  /** CreationTime at or after which flow logs may be missing from `flowLogs` (created after it): the next ListingStop's `newerThan`. */
  readonly newest: string | undefined;
  /** A listing it comes from showed the region oldest first on a full page (the next ListingStop's `orderShown`). */
  readonly orderShown: boolean;
}

/**
 * What the region holds for notes after `listing`, or undefined when the listing cannot serve them (it also did not, when
 * the region grew during it): a whole listing whose absences are sure knows the region; a partial one knows what is newer than the last listing (`base`), which knew the
 * rest (flow logs deleted since may stay in it: harmless for a note, which only excludes them from adoption).
 */
export function knownAfter(listing: RegionListing, startedAt: number, base: KnownRegion | undefined): KnownRegion | undefined {
  // A flow log appeared during it (region-listing.ts `grew`): one listed late may have moved another onto no page read.
  if (listing.grew || listedLate(listing, base)) return undefined;
  if (listing.partial) {
    if (base === undefined) return undefined;
    const merged = withSightings(base, listing.flowLogs);
    return { ...merged, startedAt, newest: listing.lastPageNewest, orderShown: base.orderShown || listing.orderShown };
  }
  if (!listing.absenceIsSure) return undefined;
  return { startedAt, flowLogs: listing.flowLogs, newest: listing.lastPageNewest, orderShown: listing.orderShown };
}

/** `known` with `flowLogs` added (as they were seen, replacing older sightings of the same flow logs). */
export function withSightings(known: KnownRegion, flowLogs: readonly CloudFlowLog[]): KnownRegion {
  const merged = new Map(known.flowLogs.map((flowLog) => [flowLog.flowLogId, flowLog]));
  for (const flowLog of flowLogs) merged.set(flowLog.flowLogId, flowLog);
  return { ...known, flowLogs: [...merged.values()] };
}

/** The flow logs on one resource. */
export function onResourceOf(flowLogs: readonly CloudFlowLog[], resourceId: string): CloudFlowLog[] {
  return flowLogs.filter((flowLog) => flowLog.resourceId === resourceId);
}

/**
 * True when `listing` shows a flow log that the last listing (`base`) should have held and did not: created before the
 * newest flow log `base` knew of, so present, if visible, throughout it. It was listed late (eventual consistency) and
 * lands mid-list, which may move another flow log onto a page already read, while another client's delete in the same
 * moments keeps TotalCount unchanged (region-listing.ts `grew` then says nothing): the listing's misses are not sure.
 */
export function listedLate(listing: RegionListing, base: KnownRegion | undefined): boolean {
  const newest = base?.newest;
  if (base === undefined || newest === undefined) return false;
  const held = new Set(base.flowLogs.map((flowLog) => flowLog.flowLogId));
  return listing.flowLogs.some((flowLog) => !held.has(flowLog.flowLogId) && flowLog.creationTime !== "" && flowLog.creationTime < newest);
}
