import { serviceErrors } from "./errors";
import { lengthRule, serviceLength } from "./text-length";
import type { Tag } from "./types";

/** Tags one resource may carry, and tags one request may set (TagResources page: "up to 20 tags to each instance"). */
export const MAX_TAGS = 20;
/** ResourceId.N one TagResources / UnTagResources / ListTagResources request may name. */
export const MAX_TAG_RESOURCE_IDS = 50;
/** Longest tag key or value, in UTF-16 code units (text-length.ts). */
const MAX_TAG_LENGTH = 128;
/** Prefixes reserved for system tags (NOTES.md): users can neither set nor remove such keys. */
const SYSTEM_PREFIXES = ["aliyun", "acs:"];
/**
 * Text no tag key or value may contain anywhere: the official SDK's model docs (@alicloud/vpc20160428 7.3.2,
 * CreateFlowLogRequestTag, TagResourcesRequestTag): "cannot start with `aliyun` or `acs:`. It cannot contain `http://` or
 * `https://`". Matched in any letter case, as the prefixes are.
 */
const URL_SCHEMES = ["http://", "https://"];

const startsWithAny = (s: string, prefixes: readonly string[]) => prefixes.some((p) => s.toLowerCase().startsWith(p));
const containsAny = (s: string, parts: readonly string[]) => parts.some((p) => s.toLowerCase().includes(p));
const isReserved = (s: string) => startsWithAny(s, SYSTEM_PREFIXES) || containsAny(s, URL_SCHEMES);

/** True for a system tag key (`aliyun...`, `acs:...`), which UnTagResources never removes. */
export function isSystemTagKey(key: string): boolean {
  return startsWithAny(key, SYSTEM_PREFIXES);
}

const RESERVED_RULE = "must not start with aliyun or acs:, nor contain http:// or https://.";

/**
 * Throws InvalidTagKey (the message naming the rule broken) unless `key` is 1-128 UTF-16 code units (text-length.ts:
 * 64 emoji fit, 65 do not), starts with neither aliyun nor acs:, and contains neither http:// nor https://.
 */
export function checkTagKey(key: string): void {
  const length = serviceLength(key);
  if (length === 0 || length > MAX_TAG_LENGTH) throw serviceErrors.invalidTagKey(lengthRule("A tag key", 1, MAX_TAG_LENGTH, key));
  if (isReserved(key)) throw serviceErrors.invalidTagKey(`A tag key ${RESERVED_RULE}`);
}

/**
 * Throws InvalidTagValue (the message naming the rule broken) unless `value` is 0-128 UTF-16 code units, starts with
 * neither aliyun nor acs:, and contains neither http:// nor https://.
 */
export function checkTagValue(value: string): void {
  if (serviceLength(value) > MAX_TAG_LENGTH) throw serviceErrors.invalidTagValue(lengthRule("A tag value", 0, MAX_TAG_LENGTH, value));
  if (isReserved(value)) throw serviceErrors.invalidTagValue(`A tag value ${RESERVED_RULE}`);
}

/**
 * Validates the tags a request wants to set (CreateFlowLog Tag.N, TagResources Tag.N).
 * @throws SizeLimitExceeded.TagNum (more than 20), InvalidTagKey, InvalidTagValue, Forbidden.TagKey.Duplicated.
 */
export function checkNewTags(tags: readonly Tag[]): void {
  if (tags.length > MAX_TAGS) throw serviceErrors.tooManyTagsInRequest();
  const seen = new Set<string>();
  for (const tag of tags) {
    checkTagKey(tag.Key);
    checkTagValue(tag.Value);
    if (seen.has(tag.Key)) throw serviceErrors.duplicatedTagKey();
    seen.add(tag.Key);
  }
}

/**
 * Validates tag filters (DescribeFlowLogs Tags.N, ListTagResources Tag.N). The SDK's model docs (@alicloud/vpc20160428
 * 7.3.2, DescribeFlowLogsRequestTags, ListTagResourcesRequestTag): "up to 20 tag keys", a key not empty, keys and values
 * as for tags set (checkTagKey, checkTagValue); a filter's value may be absent (any value).
 * @throws SizeLimitExceeded.TagNum (more than 20), InvalidTagKey, InvalidTagValue.
 */
export function checkTagFilters(filters: readonly { Key: string; Value?: string }[]): void {
  if (filters.length > MAX_TAGS) throw serviceErrors.tooManyTagsInRequest();
  for (const filter of filters) {
    checkTagKey(filter.Key);
    if (filter.Value !== undefined) checkTagValue(filter.Value);
  }
}

/**
 * `existing` with `added` set (a key already present takes the new value; order of first appearance is kept).
 * @throws QuotaExceeded.TagNum when the result would carry more than 20 user tags (system tags do not count).
 */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const t of added) merged.set(t.Key, t.Value);
  const result = [...merged].map(([Key, Value]) => ({ Key, Value }));
  if (result.filter((t) => !isSystemTagKey(t.Key)).length > MAX_TAGS) throw serviceErrors.tagQuotaExceeded();
  return result;
}

/** `existing` without the named keys, or without every user tag when `all`; system tags always stay. */
export function removeTags(existing: readonly Tag[], keys: readonly string[], all: boolean): Tag[] {
  const drop = new Set(keys);
  return existing.filter((t) => isSystemTagKey(t.Key) || (!all && !drop.has(t.Key)));
}

/** True when `tags` holds every filter pair (a filter without Value matches any value of its key). */
export function matchesTagFilter(tags: readonly Tag[], filter: readonly { Key: string; Value?: string }[]): boolean {
  return filter.every((f) => tags.some((t) => t.Key === f.Key && (f.Value === undefined || t.Value === f.Value)));
}
