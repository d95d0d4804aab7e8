import { describe, expect, it } from "vitest";
import { AlicloudConfigError } from "../../src/client/errors";
import { flattenParams, toApiName } from "../../src/client/params";

describe("flattenParams", () => {
  it("turns camelCase names into the API's PascalCase ones", () => {
    expect(flattenParams({ regionId: "cn-hangzhou", flowLogName: "n", aggregationInterval: 5 })).toEqual({
      RegionId: "cn-hangzhou",
      FlowLogName: "n",
      AggregationInterval: "5",
    });
  });

  it("keeps API names, flat ones included", () => {
    expect(flattenParams({ RegionId: "r", "Tag.1.Key": "k" })).toEqual({ RegionId: "r", "Tag.1.Key": "k" });
    expect(toApiName("RegionId")).toBe("RegionId");
  });

  it("indexes lists from 1 (TrafficPath.1) and objects with dotted names (Tag.1.Key)", () => {
    expect(
      flattenParams({
        trafficPath: ["all", "natGateway"],
        tag: [
          { key: "env", value: "prod" },
          { key: "team", value: "" },
        ],
        resourceId: ["fl-1"],
      }),
    ).toEqual({
      "TrafficPath.1": "all",
      "TrafficPath.2": "natGateway",
      "Tag.1.Key": "env",
      "Tag.1.Value": "prod",
      "Tag.2.Key": "team",
      "Tag.2.Value": "",
      "ResourceId.1": "fl-1",
    });
  });

  it("leaves out undefined and null, stringifies booleans, keeps indexes of the remaining items", () => {
    expect(flattenParams({ all: true, description: undefined, flowLogName: null, tagKey: ["a", undefined, "c"] })).toEqual({
      All: "true",
      "TagKey.1": "a",
      "TagKey.3": "c",
    });
  });

  it("refuses a name given twice in both spellings", () => {
    expect(() => flattenParams({ regionId: "a", RegionId: "b" })).toThrow(/RegionId is given twice/);
    try {
      flattenParams({ regionId: "a", RegionId: "b" });
    } catch (e) {
      expect(AlicloudConfigError.isInstance(e) && e.reason).toBe("params");
    }
  });

  it("keeps names such as __proto__ and constructor as parameters, without touching any prototype", () => {
    const flat = flattenParams(JSON.parse('{"__proto__":"a","constructor":"b","tag":[{"__proto__":"c"}]}') as Record<string, unknown>);
    expect(Object.keys(flat).sort()).toEqual(["Constructor", "Tag.1.__proto__", "__proto__"]);
    expect(flat["__proto__"]).toBe("a");
    expect(flat["Tag.1.__proto__"]).toBe("c");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses non-finite numbers and functions", () => {
    expect(() => flattenParams({ pageSize: Number.NaN })).toThrow(/PageSize is not a finite number/);
    expect(() => flattenParams({ f: () => 1 })).toThrow(/unsupported type/);
  });
});
