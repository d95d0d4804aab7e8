/**
 * The part of the client the provider uses, and DescribeFlowLogs reads shaped for the provider.
 * Typed as a `Pick` of VpcClient so tests can pass a fake with the same signatures.
 */
import type { VpcClient } from "../client";
import { parseFlowLogList } from "./mapping";
import type { CloudFlowLog } from "./types";
import type { FlowLogSource } from "./watcher";

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

/** The flow log with this id in the region, or undefined when DescribeFlowLogs does not list it. */
export async function describeOne(api: FlowLogApi, regionId: string, flowLogId: string): Promise<CloudFlowLog | undefined> {
  const found = parseFlowLogList(await api.describeFlowLogs({ regionId, flowLogId }));
  return found.find((flowLog) => flowLog.flowLogId === flowLogId);
}

/** Every flow log on one cloud resource (all pages). */
export async function describeOnResource(api: FlowLogApi, regionId: string, resourceId: string): Promise<CloudFlowLog[]> {
  const found = parseFlowLogList(await api.describeAllFlowLogs({ regionId, resourceId }));
  return found.filter((flowLog) => flowLog.resourceId === resourceId);
}

/** The watcher's view of one region over the client. */
export function flowLogSource(api: FlowLogApi, regionId: string): FlowLogSource {
  return {
    byId: (flowLogId) => describeOne(api, regionId, flowLogId),
    all: async () => parseFlowLogList(await api.describeAllFlowLogs({ regionId })),
  };
}
