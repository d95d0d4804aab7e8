import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** DeactiveFlowLog parameters (VPC API reference; Deactivating -> Inactive). */
export interface DeactiveFlowLogRequest extends RegionParams {
  readonly flowLogId: string;
}

/** DeactiveFlowLog answer: `{RequestId, Success}`; unknown fields kept. */
export const deactiveFlowLogResponse = requestIdOnly;

export const DeactiveFlowLog: ActionSpec<typeof requestIdOnly> = { action: "DeactiveFlowLog", write: true, response: requestIdOnly };
