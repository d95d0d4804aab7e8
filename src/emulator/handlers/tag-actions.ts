import type { VpcService } from "../model/vpc-service";
import { list, optional, optionalBoolean, optionalInteger, required, tagFilter, tagsToSet, type Params } from "./params";

/** TagResources -> `{}` (RequestId only, added by the HTTP layer). */
export function tagResources(service: VpcService, params: Params): Record<string, unknown> {
  service.tagResources({
    regionId: required(params, "RegionId"),
    resourceType: required(params, "ResourceType"),
    resourceIds: list(params, "ResourceId"),
    tags: tagsToSet(params, "Tag"),
  });
  return {};
}

/** UnTagResources -> `{}`. */
export function unTagResources(service: VpcService, params: Params): Record<string, unknown> {
  service.unTagResources({
    regionId: required(params, "RegionId"),
    resourceType: required(params, "ResourceType"),
    resourceIds: list(params, "ResourceId"),
    tagKeys: list(params, "TagKey"),
    all: optionalBoolean(params, "All") ?? false,
  });
  return {};
}

/** ListTagResources -> `{ NextToken, TagResources: { TagResource: [{ ResourceId, ResourceType, TagKey, TagValue }] } }`. */
export function listTagResources(service: VpcService, params: Params): Record<string, unknown> {
  const result = service.listTagResources({
    regionId: required(params, "RegionId"),
    resourceType: required(params, "ResourceType"),
    resourceIds: list(params, "ResourceId"),
    tags: tagFilter(params, "Tag"),
    maxResults: optionalInteger(params, "MaxResults"),
    nextToken: optional(params, "NextToken"),
  });
  return {
    NextToken: result.nextToken,
    TagResources: {
      TagResource: result.tagResources.map((r) => ({
        ResourceId: r.resourceId,
        ResourceType: r.resourceType,
        TagKey: r.tagKey,
        TagValue: r.tagValue,
      })),
    },
  };
}
