import { DEFAULT_MAX_RESULTS, MAX_MAX_RESULTS } from "../defaults";
import { serviceErrors } from "./errors";
import {
  checkNewTags,
  checkTagKey,
  MAX_TAG_RESOURCE_IDS,
  MAX_TAGS,
  matchesTagFilter,
  mergeTags,
  removeTags,
} from "./tag-rules";
import type {
  EmulatedFlowLog,
  ListTagResourcesInput,
  ListTagResourcesResult,
  TagResourceRow,
  TagResourcesInput,
  UnTagResourcesInput,
} from "./types";

/** The one resource type the tag actions know here; matched case-insensitively (Terraform sends FLOWLOG, docs say FlowLog). */
export const FLOW_LOG_TAG_RESOURCE_TYPE = "FLOWLOG";

/** @throws InvalidResourceType.NotFound unless the type is FLOWLOG (any case). */
export function checkTagResourceType(type: string): void {
  if (type.toUpperCase() !== FLOW_LOG_TAG_RESOURCE_TYPE) throw serviceErrors.invalidTagResourceType();
}

function checkResourceIds(ids: readonly string[]): void {
  if (ids.length === 0) throw serviceErrors.missingParameter("ResourceId.N");
  if (ids.length > MAX_TAG_RESOURCE_IDS) throw serviceErrors.tooManyResourceIds();
}

/** The named flow logs of the region; InvalidInstanceIds.NotFound when any is missing (nothing changes then). */
function findAll(flowLogs: ReadonlyMap<string, EmulatedFlowLog>, regionId: string, ids: readonly string[]): EmulatedFlowLog[] {
  return ids.map((id) => {
    const found = flowLogs.get(id);
    if (found === undefined || found.regionId !== regionId) throw serviceErrors.tagResourcesNotFound();
    return found;
  });
}

/**
 * TagResources: sets 1-20 tags on up to 50 flow logs, all or none. Existing keys take the new value.
 * @throws MissingParameter, SizeLimitExceeded.ResourceId, SizeLimitExceeded.TagNum, InvalidTagKey, InvalidTagValue,
 *   Forbidden.TagKey.Duplicated, InvalidInstanceIds.NotFound, QuotaExceeded.TagNum (more than 20 tags on one flow log).
 */
export function tagResources(flowLogs: ReadonlyMap<string, EmulatedFlowLog>, input: TagResourcesInput): void {
  checkTagResourceType(input.resourceType);
  checkResourceIds(input.resourceIds);
  if (input.tags.length === 0) throw serviceErrors.missingParameter("Tag.N");
  checkNewTags(input.tags);
  const targets = findAll(flowLogs, input.regionId, input.resourceIds);
  const updated = targets.map((f) => mergeTags(f.tags, input.tags));
  targets.forEach((f, i) => (f.tags = updated[i] ?? f.tags));
}

/**
 * UnTagResources: removes the named keys (TagKey.N, up to 20) or, with `all`, every user tag; system tags (`aliyun*`, `acs:*`)
 * are never removed. Keys a flow log does not carry are ignored.
 * @throws MissingParameter (neither TagKey.N nor All=true), SizeLimitExceeded.TagNum, InvalidTagKey, InvalidInstanceIds.NotFound.
 */
export function unTagResources(flowLogs: ReadonlyMap<string, EmulatedFlowLog>, input: UnTagResourcesInput): void {
  checkTagResourceType(input.resourceType);
  checkResourceIds(input.resourceIds);
  if (!input.all && input.tagKeys.length === 0) throw serviceErrors.missingParameter("TagKey.N");
  if (input.tagKeys.length > MAX_TAGS) throw serviceErrors.tooManyTagsInRequest();
  // NOTES.md gives 64 characters for UnTagResources keys, but the official SDK's model docs give 128 (@alicloud/vpc20160428
  // 7.3.2, UnTagResourcesRequest.tagKey: "Each tag key can be up to 128 characters in length, can be an empty string, and
  // cannot start with `aliyun` or `acs:`"), as for TagResources, except that an empty key is accepted (and removes nothing).
  input.tagKeys.filter((key) => key !== "").forEach(checkTagKey);
  const targets = findAll(flowLogs, input.regionId, input.resourceIds);
  for (const f of targets) f.tags = removeTags(f.tags, input.tagKeys, input.all);
}

/** The offset a NextToken of {@link encodeToken} carries. @throws InvalidParameter for any other text (never a fresh start). */
function decodeToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (match === null) throw serviceErrors.invalidParameter("NextToken", "unknown token");
  return Number(match[1]);
}

const encodeToken = (offset: number) => Buffer.from(`offset:${offset}`, "utf8").toString("base64url");

/** Rows of one flow log: every tag, or with a tag filter only the tags whose keys the filter names. */
function rowsOf(flowLog: EmulatedFlowLog, input: ListTagResourcesInput): TagResourceRow[] {
  const keys = new Set(input.tags.map((t) => t.Key));
  return flowLog.tags
    .filter((t) => keys.size === 0 || keys.has(t.Key))
    .map((t) => ({ resourceId: flowLog.flowLogId, resourceType: FLOW_LOG_TAG_RESOURCE_TYPE, tagKey: t.Key, tagValue: t.Value }));
}

/**
 * ListTagResources: one row per (flow log, tag) for the named flow logs and/or the flow logs carrying every filter tag, in
 * creation order, system tags included. Unknown IDs give no rows. Paged by MaxResults (1-50, default 50) and an opaque NextToken.
 * @throws MissingParameter (neither ResourceId.N nor Tag.N), SizeLimitExceeded.ResourceId, InvalidParameter (MaxResults, NextToken).
 */
export function listTagResources(flowLogs: Iterable<EmulatedFlowLog>, input: ListTagResourcesInput): ListTagResourcesResult {
  checkTagResourceType(input.resourceType);
  if (input.resourceIds.length === 0 && input.tags.length === 0) throw serviceErrors.missingParameter("ResourceId.N");
  if (input.resourceIds.length > MAX_TAG_RESOURCE_IDS) throw serviceErrors.tooManyResourceIds();
  const maxResults = input.maxResults ?? DEFAULT_MAX_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_MAX_RESULTS) {
    throw serviceErrors.invalidParameter("MaxResults", `must be an integer from 1 to ${MAX_MAX_RESULTS}`);
  }
  const ids = new Set(input.resourceIds);
  const rows = [...flowLogs]
    .filter((f) => f.regionId === input.regionId && (ids.size === 0 || ids.has(f.flowLogId)))
    .filter((f) => matchesTagFilter(f.tags, input.tags))
    .flatMap((f) => rowsOf(f, input));
  const offset = decodeToken(input.nextToken);
  const end = offset + maxResults;
  return { tagResources: rows.slice(offset, end), nextToken: end < rows.length ? encodeToken(end) : "" };
}

