import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** MoveResourceGroup parameters (VPC API reference, MoveResourceGroup). */
export interface MoveResourceGroupRequest extends RegionParams {
  readonly resourceId: string;
  readonly newResourceGroupId: string;
  /** `FLOWLOG` (the reference also lists `FlowLog`). */
  readonly resourceType: string;
}

/** MoveResourceGroup answer: `{RequestId, Success}`; unknown fields kept. */
export const moveResourceGroupResponse = requestIdOnly;

/** The MoveResourceGroup action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const MoveResourceGroup: ActionSpec<typeof requestIdOnly> = { action: "MoveResourceGroup", write: true, response: requestIdOnly };
