import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** DeleteFlowLog parameters (VPC API reference; Deleting -> gone). */
export interface DeleteFlowLogRequest extends RegionParams {
  readonly flowLogId: string;
}

/** DeleteFlowLog answer: `{RequestId, Success}`; unknown fields kept. */
export const deleteFlowLogResponse = requestIdOnly;

export const DeleteFlowLog: ActionSpec<typeof requestIdOnly> = { action: "DeleteFlowLog", write: true, response: requestIdOnly };
