import { z } from "zod";
import type { ActionSpec } from "./action-spec";
import { baseResponse, text, withLists, wrapper, type RegionParams } from "./common";
import type { ListShape } from "./lists";

/** ListTagResources parameters (VPC API reference, ListTagResources): resource IDs or tags, paged by NextToken. */
export interface ListTagResourcesRequest extends RegionParams {
  /** `FLOWLOG` for flow logs. */
  readonly resourceType: string;
  /** `ResourceId.N`. */
  readonly resourceId?: readonly string[];
  /** `Tag.N.Key` / `Tag.N.Value`. */
  readonly tag?: readonly { readonly key: string; readonly value?: string }[];
  /** 1-50. */
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** One resource-tag pair. */
export const tagResourceItem = z.looseObject({
  ResourceId: text.optional(),
  ResourceType: text.optional(),
  TagKey: text.optional(),
  TagValue: text.optional(),
});

/** The wrapped list of a ListTagResources answer. */
const LIST_TAG_RESOURCES_LISTS: readonly ListShape[] = [{ wrapper: "TagResources", key: "TagResource" }];

/** The ListTagResources answer with its list already an array: what the client checks, after `normalizeLists`. */
const listTagResourcesPlain = z.looseObject({
  ...baseResponse,
  NextToken: text.optional(),
  TagResources: wrapper("TagResource", tagResourceItem),
});

/** ListTagResources answer: `{RequestId, NextToken, TagResources: {TagResource: [...]}}`; a missing or single-object list is normalized to an array. */
export const listTagResourcesResponse = withLists(LIST_TAG_RESOURCES_LISTS, listTagResourcesPlain);
/** The parsed answer (`listTagResourcesResponse`): the API's own field names, numbers sent as strings coerced, unknown fields kept. */
export type ListTagResourcesResponse = z.infer<typeof listTagResourcesResponse>;

/** The ListTagResources action: its name, whether it writes (a read: retried freely), and the zod schema its answer must fit. */
export const ListTagResources: ActionSpec<typeof listTagResourcesPlain> = { action: "ListTagResources", write: false, response: listTagResourcesPlain, lists: LIST_TAG_RESOURCES_LISTS };
