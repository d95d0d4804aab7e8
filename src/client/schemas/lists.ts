/**
 * The API's JSON comes from an XML model: a list is wrapped in an object (`FlowLogs: { FlowLog: [...] }`), and a wrapper
 * may hold a single item as an object instead of a one-item array, or be missing, `null` or `""` when there is none.
 * This file turns every such list into a plain array in one pass before zod sees the answer, so the schemas are plain
 * `z.array`s (no `z.preprocess` per field and per item: those were about a fifth of the schema's cost, see bench/client.ts).
 */

/** Where a wrapped list sits in an object, and the wrapped lists inside each of its items. */
export interface ListShape {
  /** Name of the wrapper field, e.g. `FlowLogs`. */
  readonly wrapper: string;
  /** Name of the list inside the wrapper, e.g. `FlowLog`. */
  readonly key: string;
  /** True when a missing wrapper stays missing (an optional field); otherwise it becomes `{ [key]: [] }`. */
  readonly optional?: boolean;
  /** Wrapped lists inside each item (`Tags.Tag` and `TrafficPath.TrafficPathList` of a flow log). */
  readonly items?: readonly ListShape[];
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Normalizes the wrapped lists of `value` named by `shapes`: a missing (unless optional), `null` or `""` wrapper becomes
 * `{ [key]: [] }`; a missing or `null` list becomes `[]`; a single item becomes a one-item array. Anything else of the
 * wrong type is left as it is, for zod to refuse with its path.
 *
 * Copy on write: `value` is never modified, and when nothing needs a change (the usual answer) the same object is returned
 * without allocating anything.
 */
export function normalizeLists(value: unknown, shapes: readonly ListShape[]): unknown {
  if (!isObject(value)) return value;
  let out: Obj | undefined;
  for (const shape of shapes) {
    const before = value[shape.wrapper];
    const after = normalizeWrapper(before, shape);
    if (after !== before) {
      out ??= { ...value };
      out[shape.wrapper] = after;
    }
  }
  return out ?? value;
}

function normalizeWrapper(wrapper: unknown, shape: ListShape): unknown {
  if (wrapper === undefined && shape.optional) return undefined;
  if (wrapper === undefined || wrapper === null || wrapper === "") return { [shape.key]: [] };
  if (!isObject(wrapper)) return wrapper;
  const before = wrapper[shape.key];
  const after = normalizeList(before, shape.items);
  return after === before ? wrapper : { ...wrapper, [shape.key]: after };
}

function normalizeList(list: unknown, items: readonly ListShape[] | undefined): unknown {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return [items ? normalizeLists(list, items) : list];
  if (!items) return list;
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const before: unknown = list[i];
    const after = normalizeLists(before, items);
    if (after !== before) {
      out ??= list.slice();
      out[i] = after;
    }
  }
  return out ?? list;
}
