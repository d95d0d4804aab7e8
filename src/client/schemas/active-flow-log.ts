import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** ActiveFlowLog parameters (VPC API reference; Activating -> Active). */
export interface ActiveFlowLogRequest extends RegionParams {
  readonly flowLogId: string;
}

/** ActiveFlowLog answer: `{RequestId, Success}`; unknown fields kept. */
export const activeFlowLogResponse = requestIdOnly;

export const ActiveFlowLog: ActionSpec<typeof requestIdOnly> = { action: "ActiveFlowLog", write: true, response: requestIdOnly };
