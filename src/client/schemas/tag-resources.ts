import type { ActionSpec } from "./action-spec";
import { requestIdOnly, type RegionParams } from "./common";

/** TagResources parameters (VPC API reference, TagResources). */
export interface TagResourcesRequest extends RegionParams {
  /** `FLOWLOG` for flow logs. */
  readonly resourceType: string;
  /** Up to 50 IDs: `ResourceId.N`. */
  readonly resourceId: readonly string[];
  /** 1-20 tags: `Tag.N.Key` / `Tag.N.Value`. */
  readonly tag: readonly { readonly key: string; readonly value?: string }[];
}

/** TagResources answer: `{RequestId, Success}`; unknown fields kept. */
export const tagResourcesResponse = requestIdOnly;

/** The TagResources action: its name, whether it writes (a write: never retried blindly after it may have reached the server), and the zod schema its answer must fit. */
export const TagResources: ActionSpec<typeof requestIdOnly> = { action: "TagResources", write: true, response: requestIdOnly };
