import type { EmulatedFlowLog } from "../model/types";

/**
 * One `FlowLogs.FlowLog[]` entry of DescribeFlowLogs with the 21 fields of the SDK model (DescribeFlowLogsResponseBody in
 * @alicloud/vpc20160428 7.3.2): AggregationInterval a number, every other scalar a string, TrafficPath.TrafficPathList[] and Tags.Tag[].
 */
export function toWireFlowLog(f: EmulatedFlowLog): Record<string, unknown> {
  return {
    AggregationInterval: f.aggregationInterval,
    BusinessStatus: f.businessStatus,
    CreationTime: f.creationTime,
    Description: f.description,
    FlowLogDeliverErrorMessage: f.flowLogDeliverErrorMessage,
    FlowLogDeliverStatus: f.flowLogDeliverStatus,
    FlowLogId: f.flowLogId,
    FlowLogName: f.flowLogName,
    IpVersion: f.ipVersion,
    LogFormat: f.logFormat,
    LogStoreName: f.logStoreName,
    ProjectName: f.projectName,
    RegionId: f.regionId,
    ResourceGroupId: f.resourceGroupId,
    ResourceId: f.resourceId,
    ResourceType: f.resourceType,
    ServiceType: f.serviceType,
    Status: f.status,
    Tags: { Tag: f.tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
    TrafficPath: { TrafficPathList: [...f.trafficPath] },
    TrafficType: f.trafficType,
  };
}
