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
 *
 * The pass is generated as JavaScript source (as zod's own object parser is): every field read is `value["FlowLogId"]`
 * with a constant name, which V8 caches per call site, where a loop over the field names did a generic lookup per field
 * and cost as much as zod (about 15 µs for a page of 10 flow logs; now about 2 µs). Field names enter the source only as
 * JSON string literals.
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

/** A schema node the pass knows. */
type Node =
  | { readonly kind: "text" | "numeric" | "booleanish" | "string" | "number" | "boolean"; readonly optional: boolean }
  | { readonly kind: "array"; readonly optional: boolean; readonly element: Node }
  | { readonly kind: "object"; readonly optional: boolean; readonly fields: readonly (readonly [string, Node])[] };

/** The `numeric` string form: trimmed, then this pattern (see ./common). */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Slow-path coercions, called only for a value not already of the output type. */
const helpers = {
  FAIL: FAST_PARSE_FAILED,
  isFinite: Number.isFinite,
  hasOwn: (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key),
  isArray: Array.isArray,
  /** `text` for a non-string: a finite number as its decimal text. */
  toText: (v: unknown): unknown => (typeof v === "number" && Number.isFinite(v) ? String(v) : FAST_PARSE_FAILED),
  /** `numeric` for a value that is not a finite number: a decimal string, trimmed. */
  toNumber: (v: unknown): unknown => {
    if (typeof v !== "string") return FAST_PARSE_FAILED;
    const trimmed = v.trim();
    return DECIMAL.test(trimmed) ? Number(trimmed) : FAST_PARSE_FAILED;
  },
  /** `booleanish` for a non-boolean: "true" / "false" in any case, trimmed. */
  toBoolean: (v: unknown): unknown => {
    if (typeof v !== "string") return FAST_PARSE_FAILED;
    const word = v.trim().toLowerCase();
    return word === "true" ? true : word === "false" ? false : FAST_PARSE_FAILED;
  },
};
type Helpers = typeof helpers;

/**
 * Compiles `schema` into a {@link FastParse}, or returns undefined when any part of it is of a kind not listed above.
 * For every input, a compiled check succeeds exactly when `schema.safeParse` does, with a deep-equal value (object keys may
 * come in another order: the input's); test/client/fast-parse.test.ts checks it on generated answers.
 */
export function compileFastParse(schema: z.ZodType): FastParse | undefined {
  const root = nodeOf(schema, false);
  if (!root) return undefined;
  const source = new Emitter().program(root);
  // Generated from our own schemas only; field names enter as JSON string literals. Where code generation is disallowed
  // (`--disallow-code-generation-from-strings`, a CSP), zod does the checking, as zod itself falls back there.
  try {
    const build = new Function("h", source) as (h: Helpers) => FastParse;
    return build(helpers);
  } catch {
    return undefined;
  }
}

function nodeOf(schema: z.ZodType, optional: boolean): Node | undefined {
  if (schema === text) return { kind: "text", optional };
  if (schema === numeric) return { kind: "numeric", optional };
  if (schema === booleanish) return { kind: "booleanish", optional };
  const def = (schema as unknown as { def: Def }).def;
  if (def.checks !== undefined && def.checks.length > 0) return undefined;
  switch (def.type) {
    case "string":
    case "number":
    case "boolean":
      return { kind: def.type, optional };
    case "optional":
      return nodeOf(def.innerType as z.ZodType, true);
    case "array": {
      const element = nodeOf(def.element as z.ZodType, false);
      return element && { kind: "array", optional, element };
    }
    case "object":
      return looseObjectNode(def, optional);
    default:
      return undefined;
  }
}

/** Only `looseObject` (catchall `unknown`): unknown fields are kept as they are, so nothing but known fields is touched. */
function looseObjectNode(def: Def, optional: boolean): Node | undefined {
  if ((def.catchall as { def?: Def } | undefined)?.def?.type !== "unknown") return undefined;
  const fields: (readonly [string, Node])[] = [];
  for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
    const node = nodeOf(field, false);
    if (!node) return undefined;
    fields.push([key, node]);
  }
  return { kind: "object", optional, fields };
}

/**
 * Writes the source: one function per array or object node (`f0`, `f1`, ...), each checking its value in place and
 * returning it, or `h.FAIL`. A field is checked inline: a value already of the output type costs one `typeof`.
 */
class Emitter {
  private readonly functions: string[] = [];

  program(root: Node): string {
    const entry = this.valueFunction(root);
    return `"use strict";\n${this.functions.join("\n")}\nreturn ${entry};`;
  }

  /** The name of a function `(v) => parsed v | h.FAIL` for a node. */
  private valueFunction(node: Node): string {
    const name = `f${this.functions.length}`;
    this.functions.push(""); // reserve the name before nested nodes take theirs
    const body = node.kind === "array" ? this.arrayBody(node.element) : node.kind === "object" ? this.objectBody(node.fields) : `${this.check(node, "v")}return v;`;
    this.functions[Number(name.slice(1))] = `function ${name}(v) {\n${body}\n}`;
    return name;
  }

  private arrayBody(element: Node): string {
    return `if (!h.isArray(v)) return h.FAIL;\nfor (let i = 0; i < v.length; i++) {\n${this.check(element, "v[i]")}}\nreturn v;`;
  }

  private objectBody(fields: readonly (readonly [string, Node])[]): string {
    // zod leaves an own `__proto__` key out of its output; such (hostile) input goes to zod.
    const head = `if (typeof v !== "object" || v === null || h.isArray(v) || h.hasOwn(v, "__proto__")) return h.FAIL;\n`;
    return head + fields.map(([key, node]) => `{\n${this.check(node, `v[${JSON.stringify(key)}]`)}}\n`).join("") + "return v;";
  }

  /**
   * Statements that check the value at `place` (an assignable expression), write back a coerced value, and `return h.FAIL`
   * when it does not fit. Uses the block-scoped names `x` and `y`.
   */
  private check(node: Node, place: string): string {
    const skipUndefined = node.optional ? "x !== undefined && " : "";
    const read = `const x = ${place};\n`;
    const coerce = (test: string, helper: string): string =>
      `${read}if (${skipUndefined}${test}) {\nconst y = h.${helper}(x);\nif (y === h.FAIL) return h.FAIL;\n${place} = y;\n}\n`;
    const only = (test: string): string => `${read}if (${skipUndefined}${test}) return h.FAIL;\n`;
    switch (node.kind) {
      case "text":
        return coerce(`typeof x !== "string"`, "toText");
      case "numeric":
        return coerce(`(typeof x !== "number" || !h.isFinite(x))`, "toNumber");
      case "booleanish":
        return coerce(`typeof x !== "boolean"`, "toBoolean");
      case "string":
        return only(`typeof x !== "string"`);
      case "number":
        return only(`(typeof x !== "number" || !h.isFinite(x))`);
      case "boolean":
        return only(`typeof x !== "boolean"`);
      case "array":
      case "object": {
        const fn = this.valueFunction({ ...node, optional: false });
        return `${read}if (${skipUndefined}${fn}(x) === h.FAIL) return h.FAIL;\n`;
      }
    }
  }
}
