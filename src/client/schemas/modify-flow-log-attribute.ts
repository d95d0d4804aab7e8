import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** ModifyFlowLogAttribute parameters (VPC API reference; Modifying -> Active or Inactive). */
export interface ModifyFlowLogAttributeRequest extends RegionParams {
  readonly flowLogId: string;
  /** 1-128 characters. */
  readonly flowLogName?: string;
  /** 1-256 characters. */
  readonly description?: string;
  /** Minutes: 1, 5 or 10. */
  readonly aggregationInterval?: number;
  readonly ipVersion?: "IPv4" | "DualStack";
  readonly logFormat?: string;
}

/** ModifyFlowLogAttribute answer: `{RequestId, Success}`; unknown fields kept. */
export const modifyFlowLogAttributeResponse = requestIdOnly;

/** The ModifyFlowLogAttribute action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const ModifyFlowLogAttribute: ActionSpec<typeof requestIdOnly> = { action: "ModifyFlowLogAttribute", write: true, response: requestIdOnly };
