/**
 * Properties of check's failures (src/provider/check.ts): README "Bad arguments fail at `pulumi preview`" and
 * "A check failure names the field and the rule"; shared/pulumi/NOTES.md "use check failures for validation" (a thrown
 * error is not a failure the CLI can attach to a field). Every invalid value must give a failure naming its field and
 * only its field; no value, however odd, may make check throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs, FlowLogProvider, TRAFFIC_PATHS } from "../../../src/provider";
import { validArgs, type ValidArgs } from "./arbitraries";

const RUNS = { numRuns: 300 };

const notIn = (values: readonly unknown[]) => (value: unknown) => !values.includes(value);
const anyJson = fc.jsonValue({ maxDepth: 2 });
/** Names on Object.prototype: a lookup by a user-given string must not find them. */
const PROTOTYPE_NAMES = ["constructor", "toString", "hasOwnProperty", "valueOf", "__proto__", "isPrototypeOf", "toLocaleString"];

/** For each argument, values its documented rule refuses (FlowLogArgs docs, CreateFlowLog page). */
const INVALID: Record<string, fc.Arbitrary<unknown>> = {
  // Object.prototype names have their own test below.
  resourceType: fc.oneof(fc.string().filter(notIn(["VPC", "VSwitch", "NetworkInterface", ...PROTOTYPE_NAMES])), fc.integer()),
  resourceId: fc.oneof(fc.constant(""), fc.constant(`vpc-${"a".repeat(125)}`), fc.integer()),
  trafficType: fc.oneof(fc.string().filter(notIn(["All", "Allow", "Drop"])), fc.constantFrom(...PROTOTYPE_NAMES)),
  projectName: fc.oneof(fc.constantFrom("ab", "-abc", "abc-", "ABC", "a_bc", "a".repeat(64), ""), fc.integer()),
  logStoreName: fc.oneof(fc.constantFrom("ab", "_abc", "abc_", "ABC", "a.bc", "a".repeat(64), ""), fc.boolean()),
  flowLogName: fc.oneof(fc.constant(""), fc.constant("x".repeat(129)), fc.constant("😀".repeat(65)), fc.string().map((s) => `https://${s}`), fc.constant(12)),
  description: fc.oneof(fc.constant(""), fc.constant("x".repeat(257)), fc.string().map((s) => `HTTP://${s}`)),
  aggregationInterval: fc.oneof(fc.integer().filter(notIn([1, 5, 10])), fc.constantFrom("1m", "", "ten", "5.0", 5.5)),
  trafficPaths: fc.oneof(
    fc.constantFrom(...TRAFFIC_PATHS).map((p) => [p, p]),
    fc.constantFrom(...TRAFFIC_PATHS).filter((p) => p !== p.toUpperCase()).map((p) => [p.toUpperCase()]),
    fc.constant([""]),
    fc.constant([1]),
    fc.constant("all"),
  ),
  resourceGroupId: fc.oneof(fc.constantFrom("rg-", "rg_abc", "abc", "rg-a b", ""), fc.integer()),
  tags: fc.oneof(
    fc.constant(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"]))),
    fc.constantFrom("aliyunX", "ACS:x", "a http://b", "https://", "x".repeat(129), "").map((key) => ({ [key]: "v" })),
    fc.constantFrom("aliyun", "acs:x", "see https://x", "x".repeat(129)).map((value) => ({ team: value })),
    fc.constant({ team: 5 }),
    fc.constant(["a"]),
    fc.constant("team=net"),
  ),
  ipVersion: fc.oneof(fc.string().filter(notIn(["IPv4", "DualStack"])), fc.constantFrom(...PROTOTYPE_NAMES)),
  regionId: fc.oneof(fc.constantFrom("CN-HANGZHOU", "cn", "cn_hangzhou", "", "cn-hangzhou "), fc.integer()),
  status: fc.oneof(fc.string().filter(notIn(["Active", "Inactive"])), fc.constantFrom("Activating", ...PROTOTYPE_NAMES)),
};

/** The property a failure about `field` may carry. */
function names(field: string, property: string): boolean {
  return property === field || property.startsWith(`${field}.`);
}

describe("check failures", () => {
  it("an invalid value gives a failure naming its field, and no other field", () => {
    const change = fc.constantFrom(...Object.keys(INVALID)).chain((field) => fc.tuple(fc.constant(field), INVALID[field]!));
    fc.assert(
      fc.property(validArgs, change, (args, [field, value]) => {
        const news: ValidArgs = { ...args, [field]: value };
        const { failures } = checkFlowLogInputs(news, { regionId: "cn-hangzhou" });
        expect(failures.length).toBeGreaterThan(0);
        expect(failures.some((f) => names(field, f.property))).toBe(true);
        // A DualStack flow log with custom paths is refused on trafficPaths whichever side changed.
        const others = failures.filter((f) => !names(field, f.property) && !(field === "ipVersion" && f.property === "trafficPaths"));
        expect(others).toEqual([]);
      }),
      RUNS,
    );
  });

  // README "A check failure names the field and the rule": with resourceType "constructor" (or any other
  // Object.prototype name) check also blamed the valid resourceId, quoting a JavaScript function as the prefix it
  // must have ('... must start with "function Object() { [native code] }"'): RESOURCE_ID_PREFIXES was looked up with a
  // user-given key (check.ts checkResourceIdPrefix now takes own keys only).
  it("an invalid resourceType named like an Object.prototype member does not blame a valid resourceId", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROTOTYPE_NAMES), fc.constantFrom("vpc-demo0001", "vsw-demo0001", "eni-demo0001"), (resourceType, resourceId) => {
        const { failures } = checkFlowLogInputs(
          { resourceType, resourceId, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" },
          { regionId: "cn-hangzhou" },
        );
        expect(failures.map((f) => f.property)).toEqual(["resourceType"]);
      }),
    );
  });

  it("never throws, whatever JSON a field holds, and every failure names that field", () => {
    const fields = [...Object.keys(INVALID), "timeouts"];
    fc.assert(
      fc.property(validArgs, fc.constantFrom(...fields), anyJson, (args, field, value) => {
        const news: ValidArgs = { ...args, [field]: value };
        const { failures } = checkFlowLogInputs(news, { regionId: "cn-hangzhou" });
        for (const failure of failures) {
          expect(typeof failure.reason).toBe("string");
          expect(failure.reason.length).toBeGreaterThan(0);
        }
        const stray = failures.filter(
          (f) =>
            !names(field, f.property) &&
            !(["ipVersion", "trafficPaths"].includes(field) && f.property === "trafficPaths") &&
            // A valid resourceType of another kind makes the resourceId's prefix wrong: a real failure of resourceId.
            !(field === "resourceType" && ["VPC", "VSwitch", "NetworkInterface"].includes(value as string) && f.property === "resourceId"),
        );
        expect(stray).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it("never throws on a whole object of arbitrary JSON, and names only properties it was given or requires", async () => {
    const provider = new FlowLogProvider({ env: {} });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.oneof(fc.string(), fc.constantFrom(...Object.keys(INVALID), "timeouts")), anyJson), async (news) => {
        const { failures } = await provider.check({}, news);
        const allowed = new Set([...Object.keys(news), "resourceType", "resourceId", "trafficType", "projectName", "logStoreName", "regionId"]);
        for (const failure of failures ?? []) {
          expect(allowed.has(failure.property.split(".")[0]!) || allowed.has(failure.property)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("an unknown argument name is refused, named (README: an argument FlowLog does not have is refused at check)", () => {
    const known = new Set([...Object.keys(INVALID), "timeouts", "__provider", "flowLogId", "businessStatus", "creationTime", "flowLogDeliverStatus", "flowLogDeliverErrorMessage", "logFormat", "serviceType"]);
    fc.assert(
      fc.property(validArgs, fc.string({ minLength: 1 }).filter((k) => !known.has(k) && k !== "__proto__"), fc.jsonValue().filter((v) => v !== null), (args, key, value) => {
        const { failures } = checkFlowLogInputs({ ...args, [key]: value }, { regionId: "cn-hangzhou" });
        expect(failures.map((f) => f.property)).toEqual([key]);
      }),
      RUNS,
    );
  });

  it("timeouts: a bad duration or an unknown key is named as timeouts.<key>", () => {
    const bad = fc.oneof(fc.constantFrom("10", "10M", "-5m", "1d", "25h", "0s", "0.4ms", " 10m", "10m ", "", "1h 30m", ".s", "1e3s"), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(validArgs, fc.constantFrom("create", "update", "delete"), bad, (args, key, value) => {
        const { failures } = checkFlowLogInputs({ ...args, timeouts: { [key]: value } }, { regionId: "cn-hangzhou" });
        expect(failures.map((f) => f.property)).toEqual([`timeouts.${key}`]);
      }),
      RUNS,
    );
  });
});

describe("failure messages never quote free text, IDs or tag values (README: a dynamic provider gets pulumi.secret() values in plain text)", () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/).map((s) => `Zq${s}`);
  const leaks: Record<string, (s: string) => unknown> = {
    flowLogName: (s) => `${s}${"x".repeat(130)}`,
    description: (s) => `https://${s}`,
    resourceId: (s) => s,
    projectName: (s) => `${s}_`,
    logStoreName: (s) => `${s}.`,
    resourceGroupId: (s) => `rg_${s}`,
    regionId: (s) => s.toUpperCase(),
    tags: (s) => ({ team: `aliyun${s}` }),
    trafficPaths: (s) => [s, s],
  };

  it("whatever the invalid value, no failure reason contains it", () => {
    fc.assert(
      fc.property(validArgs, fc.constantFrom(...Object.keys(leaks)), secret, (args, field, s) => {
        const news: ValidArgs = { ...args, [field]: leaks[field]!(s) };
        const { failures } = checkFlowLogInputs(news, { regionId: "cn-hangzhou" });
        expect(failures.length).toBeGreaterThan(0);
        for (const failure of failures) expect(failure.reason).not.toContain(s.slice(0, 10));
      }),
      RUNS,
    );
  });

  it("a tag value is not quoted even when its key is, and a long value is not echoed in part", () => {
    fc.assert(
      fc.property(secret, fc.constantFrom("x".repeat(129), "see http://", "acs:"), (s, bad) => {
        const value = bad.startsWith("x") ? `${s}${bad}` : bad.startsWith("acs") ? `${bad}${s}` : `${s} ${bad}`;
        const { failures } = checkFlowLogInputs(
          { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "abc", logStoreName: "abc", tags: { team: value } },
          { regionId: "cn-hangzhou" },
        );
        expect(failures.map((f) => f.property)).toEqual(["tags"]);
        expect(failures[0]!.reason).not.toContain(s.slice(0, 10));
      }),
      RUNS,
    );
  });
});

describe("failure messages as the CLI prints them", () => {
  const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  // check.ts show(): "Never cut an emoji (a surrogate pair) in half: the CLI would print a replacement character."
  it("are well-formed UTF-16 however long the quoted key or enum value, wherever its emoji fall", () => {
    const longText = fc
      .tuple(fc.string({ unit: "grapheme", minLength: 60, maxLength: 140 }), fc.nat({ max: 3 }))
      .map(([s, pad]) => `${"a".repeat(pad)}${s}😀😀😀😀`);
    fc.assert(
      fc.property(longText, fc.constantFrom("tagKey", "unknownArg", "enum", "timeout"), (text, where) => {
        if (LONE.test(text)) return;
        const base: ValidArgs = { resourceType: "VPC", resourceId: "vpc-1", trafficType: "All", projectName: "abc", logStoreName: "abc" };
        const news: ValidArgs =
          where === "tagKey"
            ? { ...base, tags: { [`aliyun${text}`]: "v" } }
            : where === "unknownArg"
              ? { ...base, [text]: 1 }
              : where === "enum"
                ? { ...base, trafficType: text }
                : { ...base, timeouts: { create: text } };
        const { failures } = checkFlowLogInputs(news, { regionId: "cn-hangzhou" });
        expect(failures.length).toBeGreaterThan(0);
        for (const failure of failures) expect(LONE.test(failure.reason)).toBe(false);
      }),
      RUNS,
    );
  });
});
