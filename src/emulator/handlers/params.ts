import { serviceErrors } from "../model/errors";
import { checkTagFilters } from "../model/tag-rules";

/** Flat wire parameters after the HTTP layer merged query and form body, e.g. `Tag.1.Key`, `TrafficPath.2`. */
export type Params = Readonly<Record<string, string>>;

/** A non-empty parameter. @throws MissingParameter when absent or empty. */
export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === "") throw serviceErrors.missingParameter(name);
  return value;
}

/** An optional parameter; an empty string counts as absent (the service ignores empty optional values). */
export function optional(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === "" ? undefined : value;
}

/** An optional integer: undefined when absent, NaN when not an integer, so the model answers with the rule's own code. */
export function optionalInteger(params: Params, name: string): number | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  const parsed = /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  // Past 2^53 a number is no longer the one sent (and would be echoed as 1e+23): not an integer the service takes.
  return Number.isSafeInteger(parsed) ? parsed : Number.NaN;
}

/** An optional boolean (`true` / `false`, any case). @throws InvalidParameter for anything else. */
export function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = optional(params, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw serviceErrors.invalidParameter(name, "expected true or false");
}

/** Indexes N of every parameter `${prefix}.N${suffix}`, ascending (the wire's 1-based arrays may arrive in any order). */
function indexes(params: Params, prefix: string, suffix: string): number[] {
  const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)${suffix.replace(/\./g, "\\.")}$`);
  const found = new Set<number>();
  for (const key of Object.keys(params)) {
    const match = pattern.exec(key);
    if (match?.[1] !== undefined) found.add(Number(match[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** The values of a repeated parameter `prefix.N` (e.g. `TrafficPath.1`, `ResourceId.2`), by N. */
export function list(params: Params, prefix: string): string[] {
  return indexes(params, prefix, "").map((n) => params[`${prefix}.${n}`] ?? "");
}

/** `prefix.N.Key` / `prefix.N.Value` pairs to set: a missing Value is the empty string, a missing Key the empty string too. */
export function tagsToSet(params: Params, prefix: string): { Key: string; Value: string }[] {
  return tagIndexes(params, prefix).map((n) => ({
    Key: params[`${prefix}.${n}.Key`] ?? "",
    Value: params[`${prefix}.${n}.Value`] ?? "",
  }));
}

/**
 * `prefix.N.Key` / `prefix.N.Value` filter pairs, checked (tag-rules.ts checkTagFilters): a missing Value matches any
 * value; a pair without a Key has the empty key, which the check refuses rather than drop (dropped, it would widen the answer).
 * @throws SizeLimitExceeded.TagNum, InvalidTagKey, InvalidTagValue
 */
export function tagFilter(params: Params, prefix: string): { Key: string; Value?: string }[] {
  const filters = tagIndexes(params, prefix).map((n) => {
    const key = params[`${prefix}.${n}.Key`] ?? "";
    const value = params[`${prefix}.${n}.Value`];
    return value === undefined ? { Key: key } : { Key: key, Value: value };
  });
  checkTagFilters(filters);
  return filters;
}

function tagIndexes(params: Params, prefix: string): number[] {
  const all = new Set([...indexes(params, prefix, ".Key"), ...indexes(params, prefix, ".Value")]);
  return [...all].sort((a, b) => a - b);
}
