/**
 * Tags: which keys belong to the system (never sent, never removed, never shown as drift) and what an
 * update must add or remove. Rule from the VPC tag pages (api NOTES.md): keys starting with `aliyun`,
 * `acs:`, `http://` or `https://` are reserved.
 */

const SYSTEM_PREFIXES = ["aliyun", "acs:", "http://", "https://"] as const;

/** True for a tag key the user cannot set and the provider must leave alone. */
export function isSystemTagKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SYSTEM_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * The tags without system keys. Tag keys are any text, `constructor` and `__proto__` included: maps are built with
 * Object.fromEntries (own properties only) and looked up with Object.hasOwn, never `in` or `[key] =`.
 */
export function userTags(tags: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !isSystemTagKey(key)));
}

/** True when both maps hold the same user tags (system tags ignored on both sides). */
export function sameUserTags(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const left = userTags(a);
  const right = userTags(b);
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && right[key] === left[key]);
}

/** What TagResources and UnTagResources must do to turn `current` into `desired` (user tags only). */
export interface TagChanges {
  /** Tags to set (new keys and changed values), for TagResources. */
  readonly set: { key: string; value: string }[];
  /** Keys to remove, for UnTagResources. */
  readonly remove: string[];
}

/** The tag operations that turn the cloud's `current` tags into `desired`; system tags are never touched. */
export function tagChanges(current: Readonly<Record<string, string>> | undefined, desired: Readonly<Record<string, string>>): TagChanges {
  const have = userTags(current);
  const want = userTags(desired);
  const set = Object.entries(want)
    .filter(([key, value]) => !Object.hasOwn(have, key) || have[key] !== value)
    .map(([key, value]) => ({ key, value }));
  const remove = Object.keys(have).filter((key) => !Object.hasOwn(want, key));
  return { set, remove };
}
