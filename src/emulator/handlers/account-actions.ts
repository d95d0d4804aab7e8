import type { VpcService } from "../model/vpc-service";
import { required, type Params } from "./params";

/** MoveResourceGroup -> `{}`. */
export function moveResourceGroup(service: VpcService, params: Params): Record<string, unknown> {
  service.moveResourceGroup({
    regionId: required(params, "RegionId"),
    resourceType: required(params, "ResourceType"),
    resourceId: required(params, "ResourceId"),
    newResourceGroupId: required(params, "NewResourceGroupId"),
  });
  return {};
}

/** GetFlowLogServiceStatus -> `{ Enabled: boolean }` (a JSON boolean, as the API reference shows). */
export function getFlowLogServiceStatus(service: VpcService, params: Params): Record<string, unknown> {
  return { Enabled: service.getFlowLogServiceStatus({ regionId: required(params, "RegionId") }).enabled };
}

/**
 * OpenFlowLogService -> `{ Code: "200", Message: "successful" }` (the SDK model OpenFlowLogServiceResponseBody and the
 * API page's example; ClientToken accepted and ignored: opening twice is harmless).
 */
export function openFlowLogService(service: VpcService, params: Params): Record<string, unknown> {
  service.openFlowLogService({ regionId: required(params, "RegionId") });
  return { Code: "200", Message: "successful" };
}
