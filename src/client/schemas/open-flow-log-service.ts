import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** OpenFlowLogService parameters (VPC API reference, OpenFlowLogService; 600 calls per 60 s). */
export interface OpenFlowLogServiceRequest extends RegionParams {
  /** Idempotency token. */
  readonly clientToken?: string;
}

/** OpenFlowLogService answer: `{RequestId, Success}`; unknown fields kept. */
export const openFlowLogServiceResponse = requestIdOnly;

export const OpenFlowLogService: ActionSpec<typeof requestIdOnly> = { action: "OpenFlowLogService", write: true, response: requestIdOnly };
