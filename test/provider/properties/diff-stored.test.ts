/**
 * diff.ts over stored values of any JSON shape (older versions, hand-edited state): never throws; compares as the
 * docstrings say: aggregationInterval 5 and "5" the same ("DescribeFlowLogs sends strings"), trafficPaths order-free with
 * none / [] / ["all"] the default, timeouts by length ("10m" and "600s" the same, each defaulting to 10m).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs, diffFlowLog } from "../../../src/provider";
import { propertyChanged } from "../../../src/provider/diff";

const BASE = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" };
function checked(news: Record<string, unknown>): Record<string, unknown> {
  const { inputs, failures } = checkFlowLogInputs({ ...BASE, ...news }, { regionId: "cn-hangzhou" });
  expect(failures).toEqual([]);
  return inputs as unknown as Record<string, unknown>;
}

/** JSON values with keys JavaScript gives meaning to, parsed (so "__proto__" is an own key, as JSON.parse makes it). */
const KEYS = ["toString", "valueOf", "toJSON", "__proto__", "constructor", "then", "length", "0", "create", "update", "delete", "Symbol.toPrimitive"];
const oddJson = fc
  .letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      fc.constantFrom(null, true, false, 0, -0, 5, "5", " 5 ", "", "all", "10m", "600s", "1e1", "0x5", "NaN", "Infinity", 1e308, -1),
      fc.string(),
      fc.array(tie("v"), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom(...KEYS), tie("v"), { maxKeys: 4 }),
    ),
  }))
  .v.map((v) => JSON.parse(JSON.stringify(v).replace(/"Symbol.toPrimitive"/g, '"__proto__"')) as unknown);

const FIELDS = ["aggregationInterval", "trafficPaths", "timeouts", "tags", "status", "flowLogName", "description", "ipVersion", "resourceGroupId", "regionId", "resourceId", "resourceType"];

describe("diff over any stored JSON", () => {
  it("never throws, for every field, against several valid programs", () => {
    const programs = [
      checked({}),
      checked({ aggregationInterval: 5, trafficPaths: ["vpnGateway", "natGateway"], timeouts: { create: "90s" }, tags: { toString: "x", __proto__x: "y" } }),
      checked({ aggregationInterval: 1, trafficPaths: ["all"], tags: {}, status: "Inactive", ipVersion: "DualStack" }),
    ];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIELDS), oddJson), fc.nat(2), (olds, p) => {
        const result = diffFlowLog(olds, programs[p]!);
        expect(typeof result.changes).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });

  it("aggregationInterval: 5 and \"5\" the same; absent / null / \"\" mean 10; other shapes a change", () => {
    expect(propertyChanged("aggregationInterval", "5", 5)).toBe(false);
    expect(propertyChanged("aggregationInterval", 5, 5)).toBe(false);
    expect(propertyChanged("aggregationInterval", "10", 10)).toBe(false);
    for (const unreported of [undefined, null, ""]) expect(propertyChanged("aggregationInterval", unreported, 10)).toBe(false);
    for (const other of [{ toString: 0 }, [5], true, "five", "1", { valueOf: 5 }]) expect(propertyChanged("aggregationInterval", other, 5)).toBe(true);
  });

  it("trafficPaths: order-free; none, [] and [\"all\"] the same; non-string entries never equal a program's strings", () => {
    expect(propertyChanged("trafficPaths", ["natGateway", "vpnGateway"], ["vpnGateway", "natGateway"])).toBe(false);
    expect(propertyChanged("trafficPaths", ["all"], [])).toBe(false);
    expect(propertyChanged("trafficPaths", undefined, ["all"])).toBe(false);
    expect(propertyChanged("trafficPaths", [], ["all"])).toBe(false);
    expect(propertyChanged("trafficPaths", [{ toString: 0 }], ["vpnGateway"])).toBe(true);
    expect(propertyChanged("trafficPaths", ["all", "vpnGateway"], ["vpnGateway"])).toBe(true);
  });

  it("timeouts by length, each defaulting to 10m; non-string stored values a change", () => {
    expect(propertyChanged("timeouts", { create: "600s", update: "10m", delete: "0.1666666667h" }, { create: "10m" })).toBe(false);
    expect(propertyChanged("timeouts", undefined, { create: "10m", update: "10m", delete: "10m" })).toBe(false);
    expect(propertyChanged("timeouts", { create: "1h30m" }, { create: "90m" })).toBe(false);
    expect(propertyChanged("timeouts", { create: "90s" }, { create: "1.5m" })).toBe(false);
    expect(propertyChanged("timeouts", { create: 600000 }, { create: "10m" })).toBe(true);
    expect(propertyChanged("timeouts", { create: { toString: "10m" } }, { create: "10m" })).toBe(true);
    expect(propertyChanged("timeouts", { create: "11m" }, { create: "10m" })).toBe(true);
  });

  it("a stored tags map from JSON with own __proto__ / toString keys compares by own keys", () => {
    const stored = JSON.parse('{"__proto__": "x", "toString": "y", "acs:rm:rgId": "rg"}') as Record<string, string>;
    expect(propertyChanged("tags", stored, { toString: "y" })).toBe(true); // the __proto__ tag would go
    const same = JSON.parse('{"toString": "y", "ACS:x": "1", "aliyunFoo": "2"}') as Record<string, string>;
    expect(propertyChanged("tags", same, { toString: "y" })).toBe(false);
  });
});
