import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** DeleteFlowLog parameters (VPC API reference; Deleting -> gone). */
export interface DeleteFlowLogRequest extends RegionParams {
  readonly flowLogId: string;
}

/** DeleteFlowLog answer: `{RequestId, Success}`; unknown fields kept. */
export const deleteFlowLogResponse = requestIdOnly;

/** The DeleteFlowLog action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const DeleteFlowLog: ActionSpec<typeof requestIdOnly> = { action: "DeleteFlowLog", write: true, response: requestIdOnly };
