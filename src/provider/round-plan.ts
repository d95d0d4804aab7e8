/**
 * What one watcher round asks DescribeFlowLogs: either one call per item (FlowLogId for waits and lookups,
 * ResourceId for pre-create notes) or one paged listing of the whole region (PageSize 50) that answers every item at
 * once, whichever makes fewer calls. The listing's cost is estimated from the region's size at the last listing.
 */

/** PageSize of a region listing (DescribeFlowLogs' maximum; the client's describeAllFlowLogs uses it). */
export const LISTING_PAGE_SIZE = 50;

/** The plan of one round. */
export type RoundPlan =
  | { readonly kind: "per-item"; readonly ids: readonly string[]; readonly resourceIds: readonly string[]; readonly calls: number }
  | { readonly kind: "listing"; readonly calls: number };

/** Calls a region listing of `flowLogs` flow logs makes (at least one). */
export function listingCalls(flowLogs: number): number {
  return Math.max(1, Math.ceil(flowLogs / LISTING_PAGE_SIZE));
}

/**
 * The cheaper way to answer these ids and resources. Per-item wins ties and is always used for at most `minPerItem`
 * items (a lone wait looks at its own flow log, never at a region of unknown size).
 * @param regionSize flow logs seen at the last listing, undefined before the first one
 */
export function planRound(ids: readonly string[], resourceIds: readonly string[], regionSize: number | undefined, minPerItem: number): RoundPlan {
  const perItem = ids.length + resourceIds.length;
  const listing = listingCalls(regionSize ?? 0);
  if (perItem <= Math.max(minPerItem, listing)) return { kind: "per-item", ids, resourceIds, calls: perItem };
  return { kind: "listing", calls: listing };
}
