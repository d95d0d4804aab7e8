import type { FlowLogRef } from "../model/types";
import type { VpcService } from "../model/vpc-service";
import { optional, optionalInteger, required, type Params } from "./params";

const ref = (params: Params): FlowLogRef => ({
  regionId: required(params, "RegionId"),
  flowLogId: required(params, "FlowLogId"),
});

const SUCCESS = { Success: "true" } as const;

/** ModifyFlowLogAttribute -> `{ Success: "true" }`. */
export function modifyFlowLogAttribute(service: VpcService, params: Params): Record<string, unknown> {
  service.modifyFlowLogAttribute({
    ...ref(params),
    flowLogName: optional(params, "FlowLogName"),
    description: optional(params, "Description"),
    aggregationInterval: optionalInteger(params, "AggregationInterval"),
    ipVersion: optional(params, "IpVersion"),
    logFormat: optional(params, "LogFormat"),
  });
  return { ...SUCCESS };
}

/** ActiveFlowLog -> `{ Success: "true" }`. */
export function activeFlowLog(service: VpcService, params: Params): Record<string, unknown> {
  service.activeFlowLog(ref(params));
  return { ...SUCCESS };
}

/** DeactiveFlowLog -> `{ Success: "true" }`. */
export function deactiveFlowLog(service: VpcService, params: Params): Record<string, unknown> {
  service.deactiveFlowLog(ref(params));
  return { ...SUCCESS };
}

/** DeleteFlowLog -> `{ Success: "true" }`. */
export function deleteFlowLog(service: VpcService, params: Params): Record<string, unknown> {
  service.deleteFlowLog(ref(params));
  return { ...SUCCESS };
}
