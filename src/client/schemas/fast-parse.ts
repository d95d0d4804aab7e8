import type { z } from "zod";
import { booleanish, numeric, text } from "./common";

/**
 * A hand-written pass equal to `schema.safeParse()` for the few kinds of schema the action answers are made of, compiled
 * once from the zod schema itself (so the two cannot drift apart), for the client's hot path: zod's unions, per-field
 * issue arrays and the fresh output objects of every `looseObject` were about a third of our own CPU per DescribeFlowLogs
 * answer, and their garbage a good part of the rest (bench/client.ts).
 *
 * Known kinds: `text`, `numeric` and `booleanish` of ./common (by identity), plain `z.string()`, `z.number()` and
 * `z.boolean()`, `.optional()`, `z.array()` and `z.looseObject()` without checks. Anything else (refinements, transforms,
 * strict or stripping objects, other types) makes {@link compileFastParse} return undefined: use zod.
 */

/** What a compiled check returns when the value does not fit; the caller then asks zod, for its issues. */
export const FAST_PARSE_FAILED: unique symbol = Symbol("fast parse failed");

/**
 * A compiled check: the parsed value (numbers sent as strings coerced, ids sent as numbers turned into text, as zod's
 * output), or {@link FAST_PARSE_FAILED}. It **changes its input in place** (coerced fields are written back, no object is
 * copied): give it a value nothing else holds, such as a fresh `JSON.parse` result. On failure the input may be partly
 * coerced: parse the original text again for zod.
 */
export type FastParse = (value: unknown) => unknown;

type Def = { readonly type: string; readonly checks?: readonly unknown[] } & Record<string, unknown>;

const FAIL = FAST_PARSE_FAILED;

/** As `z.number()`: finite numbers only. */
function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** The `numeric` string form: trimmed, then this pattern (see ./common). */
const DECIMAL = /^-?\d+(\.\d+)?$/;

const textCheck: FastParse = (v) => (typeof v === "string" ? v : isNumber(v) ? String(v) : FAIL);
const numericCheck: FastParse = (v) => {
  if (isNumber(v)) return v;
  if (typeof v !== "string") return FAIL;
  const trimmed = v.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : FAIL;
};
const booleanishCheck: FastParse = (v) => {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return FAIL;
  const word = v.trim().toLowerCase();
  return word === "true" ? true : word === "false" ? false : FAIL;
};

/**
 * Compiles `schema` into a {@link FastParse}, or returns undefined when any part of it is of a kind not listed above.
 * For every input, a compiled check succeeds exactly when `schema.safeParse` does, with a deep-equal value (object keys may
 * come in another order: the input's); test/client/fast-parse.test.ts checks it on generated answers.
 */
export function compileFastParse(schema: z.ZodType): FastParse | undefined {
  if (schema === text) return textCheck;
  if (schema === numeric) return numericCheck;
  if (schema === booleanish) return booleanishCheck;
  const def = (schema as unknown as { def: Def }).def;
  if (def.checks !== undefined && def.checks.length > 0) return undefined;
  switch (def.type) {
    case "string":
      return (v) => (typeof v === "string" ? v : FAIL);
    case "number":
      return (v) => (isNumber(v) ? v : FAIL);
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : FAIL);
    case "optional":
      return optionalOf(def.innerType as z.ZodType);
    case "array":
      return arrayOf(def.element as z.ZodType);
    case "object":
      return looseObjectOf(def);
    default:
      return undefined;
  }
}

function optionalOf(inner: z.ZodType): FastParse | undefined {
  const check = compileFastParse(inner);
  return check && ((v) => (v === undefined ? undefined : check(v)));
}

function arrayOf(element: z.ZodType): FastParse | undefined {
  const check = compileFastParse(element);
  if (!check) return undefined;
  return (v) => {
    if (!Array.isArray(v)) return FAIL;
    for (let i = 0; i < v.length; i++) {
      const before: unknown = v[i];
      const after = check(before);
      if (after === FAIL) return FAIL;
      if (after !== before) v[i] = after;
    }
    return v;
  };
}

/** Only `looseObject` (catchall `unknown`): unknown fields are kept as they are, so nothing but known fields is touched. */
function looseObjectOf(def: Def): FastParse | undefined {
  const catchall = (def.catchall as { def?: Def } | undefined)?.def;
  if (catchall?.type !== "unknown") return undefined;
  const shape = def.shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  const checks: FastParse[] = [];
  for (const key of keys) {
    const check = compileFastParse(shape[key]!);
    if (!check) return undefined;
    checks.push(check);
  }
  return (v) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return FAIL;
    // zod leaves an own `__proto__` key out of its output; such (hostile) input goes to zod.
    if (Object.prototype.hasOwnProperty.call(v, "__proto__")) return FAIL;
    const object = v as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const before = object[key];
      const after = checks[i]!(before);
      if (after === FAIL) return FAIL;
      if (after !== before) object[key] = after;
    }
    return object;
  };
}
