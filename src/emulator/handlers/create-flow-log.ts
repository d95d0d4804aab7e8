import type { VpcService } from "../model/vpc-service";
import { list, optional, optionalInteger, required, tagsToSet, type Params } from "./params";

/** CreateFlowLog -> `{ Success: "true", FlowLogId, ResourceGroupId }` (the page's sample; Success is a string). */
export function createFlowLog(service: VpcService, params: Params): Record<string, unknown> {
  const result = service.createFlowLog({
    regionId: required(params, "RegionId"),
    resourceType: required(params, "ResourceType"),
    resourceId: required(params, "ResourceId"),
    trafficType: required(params, "TrafficType"),
    projectName: optional(params, "ProjectName"),
    logStoreName: optional(params, "LogStoreName"),
    flowLogName: optional(params, "FlowLogName"),
    description: optional(params, "Description"),
    aggregationInterval: optionalInteger(params, "AggregationInterval"),
    trafficPath: list(params, "TrafficPath"),
    resourceGroupId: optional(params, "ResourceGroupId"),
    tags: tagsToSet(params, "Tag"),
    ipVersion: optional(params, "IpVersion"),
    logFormat: optional(params, "LogFormat"),
  });
  return { Success: "true", FlowLogId: result.flowLogId, ResourceGroupId: result.resourceGroupId };
}
