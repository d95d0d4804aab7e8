import type { VpcService } from "../model/vpc-service";
import { toWireFlowLog } from "./flow-log-shape";
import { optional, optionalInteger, required, tagFilter, type Params } from "./params";

/**
 * DescribeFlowLogs -> `{ Success: "true", TotalCount, PageNumber, PageSize, FlowLogs: { FlowLog: [...] } }`; TotalCount,
 * PageNumber and PageSize are strings as the SDK model types them. Tag filters arrive as `Tags.N.Key` / `Tags.N.Value`.
 */
export function describeFlowLogs(service: VpcService, params: Params): Record<string, unknown> {
  const tags = tagFilter(params, "Tags");
  const page = service.describeFlowLogs({
    regionId: required(params, "RegionId"),
    flowLogId: optional(params, "FlowLogId"),
    flowLogName: optional(params, "FlowLogName"),
    description: optional(params, "Description"),
    resourceType: optional(params, "ResourceType"),
    resourceId: optional(params, "ResourceId"),
    trafficType: optional(params, "TrafficType"),
    projectName: optional(params, "ProjectName"),
    logStoreName: optional(params, "LogStoreName"),
    status: optional(params, "Status"),
    vpcId: optional(params, "VpcId"),
    resourceGroupId: optional(params, "ResourceGroupId"),
    tags: tags.length > 0 ? tags : undefined,
    pageNumber: optionalInteger(params, "PageNumber"),
    pageSize: optionalInteger(params, "PageSize"),
  });
  return {
    Success: "true",
    TotalCount: String(page.totalCount),
    PageNumber: String(page.pageNumber),
    PageSize: String(page.pageSize),
    FlowLogs: { FlowLog: page.flowLogs.map(toWireFlowLog) },
  };
}
