/**
 * The part of the client the provider uses, and DescribeFlowLogs reads shaped for the provider.
 * Typed as a `Pick` of VpcClient so tests can pass a fake with the same signatures.
 */
import type { CallOptions, VpcClient } from "../client";
import { parseFlowLogList } from "./mapping";
import { listRegion } from "./region-listing";
import { LISTING_PAGE_SIZE } from "./round-plan";
import type { CloudFlowLog } from "./types";
import type { FlowLogSource, RetryItem } from "./watcher";

/** The VpcClient methods the provider calls. */
export type FlowLogApi = Pick<
  VpcClient,
  | "createFlowLog"
  | "describeFlowLogs"
  | "describeAllFlowLogs"
  | "modifyFlowLogAttribute"
  | "activeFlowLog"
  | "deactiveFlowLog"
  | "deleteFlowLog"
  | "tagResources"
  | "unTagResources"
  | "moveResourceGroup"
  | "getFlowLogServiceStatus"
  | "close"
>;

/** Client options of one call: `deadlineMs` is the operation's remaining time, so waiting in the client's rate limiter counts against it. */
export function within(deadlineMs: number): CallOptions {
  return { deadlineMs: Math.max(1, deadlineMs) };
}

/** The flow log with this id in the region, or undefined when DescribeFlowLogs does not list it. */
export async function describeOne(api: FlowLogApi, regionId: string, flowLogId: string, options?: CallOptions): Promise<CloudFlowLog | undefined> {
  const found = parseFlowLogList(await api.describeFlowLogs({ regionId, flowLogId }, options));
  return found.find((flowLog) => flowLog.flowLogId === flowLogId);
}

/** Every flow log on one cloud resource (all pages). */
export async function describeOnResource(api: FlowLogApi, regionId: string, resourceId: string, options?: CallOptions): Promise<CloudFlowLog[]> {
  const found = parseFlowLogList(await api.describeAllFlowLogs({ regionId, resourceId }, options));
  return found.filter((flowLog) => flowLog.resourceId === resourceId);
}

/**
 * The watcher's view of one region over the client.
 * @param onRetry told of every failed DescribeFlowLogs attempt the client retries (see CallOptions.onRetry), with the
 *   item a call by FlowLogId or ResourceId asked about (none for a listing page)
 */
export function flowLogSource(api: FlowLogApi, regionId: string, onRetry?: (error: unknown, item?: RetryItem) => void): FlowLogSource {
  const about = (item?: RetryItem): CallOptions => (onRetry === undefined ? {} : { onRetry: (error) => onRetry(error, item) });
  const options = about();
  return {
    byId: (flowLogId) => describeOne(api, regionId, flowLogId, about({ kind: "id", key: flowLogId })),
    byResource: (resourceId) => describeOnResource(api, regionId, resourceId, about({ kind: "resource", key: resourceId })),
    all: (estimatedCount, stop, maxPages) =>
      listRegion(
        async (pageNumber) => {
          const answer = await api.describeFlowLogs({ regionId, pageNumber, pageSize: LISTING_PAGE_SIZE }, options);
          return { flowLogs: parseFlowLogList(answer), totalCount: answer.TotalCount };
        },
        estimatedCount,
        stop,
        maxPages,
      ),
  };
}
