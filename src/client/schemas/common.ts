import { z } from "zod";
import { normalizeLists, type ListShape } from "./lists";

/**
 * Building blocks of the response schemas. The VPC API's JSON is loose about types: the SDK types TotalCount, PageNumber and
 * PageSize as strings, samples show `"Success": "true"`, GetFlowLogServiceStatus answers a boolean (api NOTES.md). So
 * numbers accept numeric strings, booleans accept "true"/"false", and every object keeps fields it does not know.
 */

/** A number, or a string holding a decimal number (`"20"`, `"-1.5"`): parsed to a number. */
export const numeric = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, "expected a number")
    .transform(Number),
]);

/** A boolean, or the strings `"true"` / `"false"` in any case: parsed to a boolean. */
export const booleanish = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false"]))
    .transform((v) => v === "true"),
]);

/** A string; a number is accepted and turned into its decimal text (ids and names the API may send bare). */
export const text = z.union([z.string(), z.number().transform(String)]);

/**
 * A list in the API's JSON, where an XML-derived shape may send one item as an object instead of a one-item array, or
 * leave the key out when there is none: normalized to an array (default `[]`). A per-field `z.preprocess`: the action
 * schemas use {@link wrapper} under {@link withLists} instead, which costs less per answer; kept for callers' own schemas.
 */
export function list<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

/**
 * `{ <key>: item[] }`, the API's wrapper around lists (`FlowLogs.FlowLog`, `Tags.Tag`); absent means empty. Per-field
 * `z.preprocess` form of {@link wrapper} + {@link withLists}, kept for callers' own schemas.
 */
export function wrapped<K extends string, T extends z.ZodType>(key: K, item: T) {
  const shape = { [key]: list(item) } as { [P in K]: ReturnType<typeof list<T>> };
  return z.preprocess((v) => (v === undefined || v === null || v === "" ? {} : v), z.looseObject(shape));
}

/**
 * `{ <key>: item[] }`, the API's wrapper around lists, as a plain schema (a real array is required): wrap the whole answer's
 * schema in {@link withLists} naming this wrapper, which turns single items and missing lists into arrays first.
 */
export function wrapper<K extends string, T extends z.ZodType>(key: K, item: T) {
  const shape = { [key]: z.array(item) } as { [P in K]: z.ZodArray<T> };
  return z.looseObject(shape);
}

/**
 * An answer's schema that first normalizes the wrapped lists named by `shapes` (see `normalizeLists`: single item or
 * missing list -> array) in one pass, without modifying the input, then checks `schema`. Same results as {@link wrapped}
 * on every field, at a fraction of the cost: one preprocess per answer instead of two per list and per item.
 */
export function withLists<T extends z.ZodType>(shapes: readonly ListShape[], schema: T) {
  return z.preprocess((v) => normalizeLists(v, shapes), schema);
}

/** Fields every answer has. `Success` is optional because several actions answer only `RequestId`. */
export const baseResponse = {
  RequestId: text,
  Success: booleanish.optional(),
};

/** An answer with only `RequestId` (and `Success` when sent); unknown fields kept. */
export const requestIdOnly = z.looseObject(baseResponse);
/** Type of {@link requestIdOnly}. */
export type RequestIdOnlyResponse = z.infer<typeof requestIdOnly>;

/** A tag in a request: `Tag.N.Key` / `Tag.N.Value` on the wire. */
export interface TagInput {
  readonly key: string;
  readonly value?: string;
}

/** Region of a call; filled from the client's region when absent. */
export interface RegionParams {
  /** e.g. `cn-hangzhou`. Default: the client's region (option, config `alicloud:region`, env). */
  readonly regionId?: string;
}
