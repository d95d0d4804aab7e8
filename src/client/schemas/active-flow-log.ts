import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** ActiveFlowLog parameters (VPC API reference; Activating -> Active). */
export interface ActiveFlowLogRequest extends RegionParams {
  readonly flowLogId: string;
}

/** ActiveFlowLog answer: `{RequestId, Success}`; unknown fields kept. */
export const activeFlowLogResponse = requestIdOnly;

/** The ActiveFlowLog action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const ActiveFlowLog: ActionSpec<typeof requestIdOnly> = { action: "ActiveFlowLog", write: true, response: requestIdOnly };
