import { z } from "zod";
import type { ActionSpec } from "./action-spec";
import { baseResponse, text, type RegionParams, type TagInput } from "./common";

/** CreateFlowLog parameters (published CreateFlowLog page, `CreateFlowLog.txt`). */
export interface CreateFlowLogRequest extends RegionParams {
  /** Kind of resource whose traffic is captured. */
  readonly resourceType: "NetworkInterface" | "VSwitch" | "VPC";
  /** ID of that resource (`eni-...`, `vsw-...`, `vpc-...`). */
  readonly resourceId: string;
  /** All traffic, only allowed, or only dropped. */
  readonly trafficType: "All" | "Allow" | "Drop";
  /** SLS project receiving the logs (3-63 characters). Required in practice. */
  readonly projectName?: string;
  /** SLS logstore receiving the logs. Required in practice. */
  readonly logStoreName?: string;
  /** 1-128 characters. */
  readonly flowLogName?: string;
  /** 1-256 characters. */
  readonly description?: string;
  /** Minutes: 1, 5 or 10. Service default 10. */
  readonly aggregationInterval?: number;
  /** `TrafficPath.N` values: all, internetGateway, natGateway, vpnGateway, transitRouter, ... */
  readonly trafficPath?: readonly string[];
  readonly resourceGroupId?: string;
  /** Up to 20 tags; `Tag.N.Key` / `Tag.N.Value`. */
  readonly tag?: readonly TagInput[];
  readonly ipVersion?: "IPv4" | "DualStack";
  readonly logFormat?: string;
}

/** CreateFlowLog answer: `{RequestId, Success, FlowLogId, ResourceGroupId}`. */
export const createFlowLogResponse = z.looseObject({
  ...baseResponse,
  FlowLogId: text,
  ResourceGroupId: text.optional(),
});
/** The parsed answer (`createFlowLogResponse`): the API's own field names, numbers sent as strings coerced, unknown fields kept. */
export type CreateFlowLogResponse = z.infer<typeof createFlowLogResponse>;

/** The CreateFlowLog action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const CreateFlowLog: ActionSpec<typeof createFlowLogResponse> = { action: "CreateFlowLog", write: true, response: createFlowLogResponse };
