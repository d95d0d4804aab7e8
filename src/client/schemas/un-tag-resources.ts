import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** UnTagResources parameters (VPC API reference, UnTagResources). */
export interface UnTagResourcesRequest extends RegionParams {
  /** `FLOWLOG` for flow logs. */
  readonly resourceType: string;
  /** `ResourceId.N`. */
  readonly resourceId: readonly string[];
  /** Keys to remove, up to 20: `TagKey.N`. */
  readonly tagKey?: readonly string[];
  /** Remove every tag. @default false */
  readonly all?: boolean;
}

/** UnTagResources answer: `{RequestId, Success}`; unknown fields kept. */
export const unTagResourcesResponse = requestIdOnly;

/** The UnTagResources action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const UnTagResources: ActionSpec<typeof requestIdOnly> = { action: "UnTagResources", write: true, response: requestIdOnly };
