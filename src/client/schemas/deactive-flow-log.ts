import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** DeactiveFlowLog parameters (VPC API reference; Deactivating -> Inactive). */
export interface DeactiveFlowLogRequest extends RegionParams {
  readonly flowLogId: string;
}

/** DeactiveFlowLog answer: `{RequestId, Success}`; unknown fields kept. */
export const deactiveFlowLogResponse = requestIdOnly;

/** The DeactiveFlowLog action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const DeactiveFlowLog: ActionSpec<typeof requestIdOnly> = { action: "DeactiveFlowLog", write: true, response: requestIdOnly };
