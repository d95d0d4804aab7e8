import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** OpenFlowLogService parameters (VPC API reference, OpenFlowLogService; 600 calls per 60 s). */
export interface OpenFlowLogServiceRequest extends RegionParams {
  /** Idempotency token. */
  readonly clientToken?: string;
}

/** OpenFlowLogService answer: `{RequestId, Success}`; unknown fields kept. */
export const openFlowLogServiceResponse = requestIdOnly;

/** The OpenFlowLogService action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const OpenFlowLogService: ActionSpec<typeof requestIdOnly> = { action: "OpenFlowLogService", write: true, response: requestIdOnly };
