import { execFileSync } from "node:child_process";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { interpretResponse } from "../../src/client/response";
import { AlicloudResponseError } from "../../src/client/errors";
import { ACTION_SPECS, describeFlowLogsResponse } from "../../src/client/schemas";
import { booleanish, numeric, text } from "../../src/client/schemas/common";
import { compileFastParse, FAST_PARSE_FAILED } from "../../src/client/schemas/fast-parse";

/** Values that probe every coercion rule: numeric strings with spaces, exponents, other digits, odd numbers, wrong types. */
const leaf = fc.oneof(
  fc.constantFrom(" 10 ", "10", "-3", "1.5", "1.", ".5", "1e3", "0x10", "٣", "", " ", "abc", "TRUE", " false ", "True", "yes", "fl-1"),
  fc.constantFrom(0, -0, 7, -1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY, true, false, null, undefined),
  fc.string({ maxLength: 6 }),
  fc.double(),
  fc.constant([]),
  fc.constant({}),
);

type Def = { type: string } & Record<string, unknown>;

/**
 * Answers shaped like `schema` (each field present or not, each value right or wrong), with unknown fields, and leaf noise
 * at every level, so both the accepting and the refusing paths are taken.
 */
function answerLike(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  if (schema === text || schema === numeric || schema === booleanish || depth > 4) return leaf;
  const def = (schema as unknown as { def: Def }).def;
  let shaped: fc.Arbitrary<unknown>;
  switch (def.type) {
    case "optional":
      return fc.oneof(fc.constant(undefined), answerLike(def.innerType as z.ZodType, depth + 1));
    case "array":
      shaped = fc.array(answerLike(def.element as z.ZodType, depth + 1), { maxLength: 3 });
      break;
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, answerLike(field, depth + 1)]));
      shaped = fc.record({ ...fields, Unknown: leaf }, { requiredKeys: [] });
      break;
    }
    default:
      return leaf;
  }
  return fc.oneof({ arbitrary: shaped, weight: 6 }, { arbitrary: leaf, weight: 1 });
}

describe("compiled fast parse (the client's hot path) against zod", () => {
  for (const spec of Object.values(ACTION_SPECS)) {
    it(`${spec.action}: succeeds exactly when zod does, with a deep-equal value`, () => {
      const fast = compileFastParse(spec.response);
      expect(fast).toBeDefined();
      fc.assert(
        fc.property(answerLike(spec.response), (input) => {
          const reference = spec.response.safeParse(input);
          const value = fast!(structuredClone(input));
          expect(value !== FAST_PARSE_FAILED).toBe(reference.success);
          if (reference.success) expect(value).toStrictEqual(reference.data);
        }),
        { numRuns: 1500 },
      );
    });
  }

  it("coerces the API's loose types like the schemas: numeric strings, bare numbers as text, boolean words", () => {
    const fast = compileFastParse(ACTION_SPECS.DescribeFlowLogs!.response)!;
    const value = fast({ RequestId: 12, Success: " TRUE ", TotalCount: " 2 ", FlowLogs: { FlowLog: [{ FlowLogId: 5, AggregationInterval: "10", Extra: { a: 1 } }] } });
    expect(value).toStrictEqual({ RequestId: "12", Success: true, TotalCount: 2, FlowLogs: { FlowLog: [{ FlowLogId: "5", AggregationInterval: 10, Extra: { a: 1 } }] } });
    expect(fast({ RequestId: "r", FlowLogs: { FlowLog: [{ FlowLogId: "fl-1", AggregationInterval: "1e3" }] } })).toBe(FAST_PARSE_FAILED);
    expect(fast({ RequestId: "r", FlowLogs: { FlowLog: [{ AggregationInterval: 1 }] } })).toBe(FAST_PARSE_FAILED);
  });

  it("leaves an own __proto__ key to zod, which drops it", () => {
    const fast = compileFastParse(ACTION_SPECS.ActiveFlowLog!.response)!;
    expect(fast(JSON.parse('{"RequestId":"r","__proto__":{"polluted":1}}'))).toBe(FAST_PARSE_FAILED);
    const read = interpretResponse({ action: "ActiveFlowLog", spec: ACTION_SPECS.ActiveFlowLog, secrets: [] }, { status: 200, headers: {}, body: '{"RequestId":"r","__proto__":{"polluted":1}}' });
    expect(read).toStrictEqual({ RequestId: "r" });
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
  });

  it("refuses schemas it does not know, so zod checks them", () => {
    expect(compileFastParse(z.object({ a: z.string() }))).toBeUndefined();
    expect(compileFastParse(z.looseObject({ a: z.string().min(2) }))).toBeUndefined();
    expect(compileFastParse(z.looseObject({ a: z.string().transform((s) => s.length) }))).toBeUndefined();
    expect(compileFastParse(describeFlowLogsResponse)).toBeUndefined();
    expect(compileFastParse(z.looseObject({ a: z.array(z.number()).optional(), b: z.boolean() }))).toBeDefined();
  });
});

describe("interpretResponse with the fast pass", () => {
  const read = (body: string) => interpretResponse({ action: "DescribeFlowLogs", spec: ACTION_SPECS.DescribeFlowLogs, secrets: [] }, { status: 200, headers: {}, body });

  it("reads any answer as the public DescribeFlowLogs schema does (lists normalized, same failures)", () => {
    fc.assert(
      fc.property(answerLike(ACTION_SPECS.DescribeFlowLogs!.response), fc.constantFrom("single", "as-is"), (input, form) => {
        // Single items sent as objects, as the XML-derived API may.
        const answer = form === "single" && typeof input === "object" && input !== null && !Array.isArray(input) ? { ...input, FlowLogs: { FlowLog: { FlowLogId: "fl-1" } } } : input;
        const body = JSON.stringify(answer) ?? "";
        const wire: unknown = body === "" ? undefined : JSON.parse(body);
        const reference = describeFlowLogsResponse.safeParse(wire);
        const isObject = typeof wire === "object" && wire !== null && !Array.isArray(wire);
        let got: unknown;
        let error: unknown;
        try {
          got = read(body);
        } catch (e) {
          error = e;
        }
        if (!isObject) return;
        expect(error === undefined).toBe(reference.success);
        if (reference.success) expect(got).toStrictEqual(reference.data);
        else expect(AlicloudResponseError.isInstance(error) && error.issues.map((i) => i.path)).toEqual(reference.error!.issues.map((i) => i.path.join(".")));
      }),
      { numRuns: 1500 },
    );
  });
});

describe("where code generation is disallowed", () => {
  it("falls back to zod instead of failing to load (node --disallow-code-generation-from-strings); needs `npm run build`", () => {
    const script = `
      const { describeFlowLogsResponse } = require("./dist/client/schemas");
      const { compileFastParse } = require("./dist/client/schemas/fast-parse");
      process.stdout.write(String(compileFastParse(describeFlowLogsResponse)));
    `;
    const out = execFileSync(process.execPath, ["--disallow-code-generation-from-strings", "-e", script], { cwd: join(__dirname, "../.."), encoding: "utf8" });
    expect(out).toBe("undefined");
  });
});
