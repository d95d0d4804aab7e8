import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ACTION_SPECS,
  baseResponse,
  flowLogItem,
  createFlowLogResponse,
  describeFlowLogsResponse,
  getFlowLogServiceStatusResponse,
  isWriteAction,
  listTagResourcesResponse,
  requestIdOnly,
} from "../../src/client/schemas";
import { numeric, text, wrapped } from "../../src/client/schemas/common";
import { normalizeLists } from "../../src/client/schemas/lists";
import { interpretResponse } from "../../src/client/response";

/** A DescribeFlowLogs item with the 21 fields `@alicloud/vpc20160428` 7.3.2 lists, scalars as strings like the SDK types them. */
const fullItem = {
  AggregationInterval: "10",
  BusinessStatus: "Normal",
  CreationTime: "2022-01-21T03:08:50Z",
  Description: "d",
  FlowLogDeliverErrorMessage: "UnavaliableTarget",
  FlowLogDeliverStatus: "SUCCESS",
  FlowLogId: "fl-1",
  FlowLogName: "n",
  IpVersion: "IPv4",
  LogFormat: "",
  LogStoreName: "store",
  ProjectName: "project",
  RegionId: "cn-hangzhou",
  ResourceGroupId: "rg-1",
  ResourceId: "vpc-1",
  ResourceType: "VPC",
  ServiceType: "",
  Status: "Active",
  Tags: { Tag: [{ Key: "env", Value: "prod" }] },
  TrafficPath: { TrafficPathList: ["all"] },
  TrafficType: "All",
};

describe("response schemas", () => {
  it("coerce numbers sent as strings and keep unknown fields (DescribeFlowLogs)", () => {
    const parsed = describeFlowLogsResponse.parse({
      RequestId: "r",
      Success: "true",
      TotalCount: "1",
      PageNumber: "1",
      PageSize: 20,
      Extra: { x: 1 },
      FlowLogs: { FlowLog: [{ ...fullItem, NewField: "kept" }] },
    });
    expect(parsed.Success).toBe(true);
    expect(parsed.TotalCount).toBe(1);
    expect(parsed.PageSize).toBe(20);
    expect(parsed.Extra).toEqual({ x: 1 });
    const item = parsed.FlowLogs.FlowLog[0]!;
    expect(item.AggregationInterval).toBe(10);
    expect(item.NewField).toBe("kept");
    expect(item.Tags?.Tag).toEqual([{ Key: "env", Value: "prod" }]);
    expect(item.TrafficPath?.TrafficPathList).toEqual(["all"]);
    expect(Object.keys(fullItem)).toHaveLength(21);
  });

  it("accept a flow log with only FlowLogId, and refuse one without it", () => {
    expect(describeFlowLogsResponse.parse({ RequestId: "r", FlowLogs: { FlowLog: [{ FlowLogId: "fl-2" }] } }).FlowLogs.FlowLog).toHaveLength(1);
    expect(describeFlowLogsResponse.safeParse({ RequestId: "r", FlowLogs: { FlowLog: [{ Status: "Active" }] } }).success).toBe(false);
  });

  it("normalize missing or single-object lists", () => {
    expect(describeFlowLogsResponse.parse({ RequestId: "r" }).FlowLogs.FlowLog).toEqual([]);
    expect(describeFlowLogsResponse.parse({ RequestId: "r", FlowLogs: {} }).FlowLogs.FlowLog).toEqual([]);
    expect(describeFlowLogsResponse.parse({ RequestId: "r", FlowLogs: { FlowLog: { FlowLogId: "fl-3" } } }).FlowLogs.FlowLog[0]?.FlowLogId).toBe("fl-3");
  });

  it("parse booleans sent as strings or booleans", () => {
    expect(getFlowLogServiceStatusResponse.parse({ RequestId: "r", Enabled: true }).Enabled).toBe(true);
    expect(getFlowLogServiceStatusResponse.parse({ RequestId: "r", Enabled: "false" }).Enabled).toBe(false);
    expect(requestIdOnly.parse({ RequestId: "r", Success: "TRUE" }).Success).toBe(true);
    expect(getFlowLogServiceStatusResponse.safeParse({ RequestId: "r", Enabled: "yes" }).success).toBe(false);
  });

  it("refuse non-numeric strings for numbers", () => {
    expect(describeFlowLogsResponse.safeParse({ RequestId: "r", TotalCount: "many" }).success).toBe(false);
  });

  it("read CreateFlowLog and ListTagResources answers", () => {
    expect(createFlowLogResponse.parse({ RequestId: "r", Success: true, FlowLogId: "fl-1", ResourceGroupId: "rg" }).FlowLogId).toBe("fl-1");
    expect(createFlowLogResponse.safeParse({ RequestId: "r" }).success).toBe(false);
    const tags = listTagResourcesResponse.parse({ RequestId: "r", NextToken: "", TagResources: { TagResource: [{ ResourceId: "fl-1", TagKey: "k", TagValue: "v", ResourceType: "FLOWLOG" }] } });
    expect(tags.TagResources.TagResource[0]?.TagKey).toBe("k");
  });

  it("know every action of the issue and which ones write", () => {
    expect(Object.keys(ACTION_SPECS).sort()).toEqual(
      [
        "ActiveFlowLog",
        "CreateFlowLog",
        "DeactiveFlowLog",
        "DeleteFlowLog",
        "DescribeFlowLogs",
        "GetFlowLogServiceStatus",
        "ListTagResources",
        "ModifyFlowLogAttribute",
        "MoveResourceGroup",
        "OpenFlowLogService",
        "TagResources",
        "UnTagResources",
      ].sort(),
    );
    const writes = Object.values(ACTION_SPECS).filter((s) => s.write).map((s) => s.action).sort();
    expect(writes).toEqual(["ActiveFlowLog", "CreateFlowLog", "DeactiveFlowLog", "DeleteFlowLog", "ModifyFlowLogAttribute", "MoveResourceGroup", "OpenFlowLogService", "TagResources", "UnTagResources"]);
    expect(isWriteAction("DescribeVpcs")).toBe(false);
    expect(isWriteAction("CreateVpc")).toBe(true);
  });
});

/**
 * The per-field form the action schemas used before `withLists` (each list a `z.preprocess`): the reference the one-pass
 * normalization must agree with, result for result.
 */
const perFieldDescribeFlowLogs = z.looseObject({
  ...baseResponse,
  TotalCount: numeric.optional(),
  PageNumber: numeric.optional(),
  PageSize: numeric.optional(),
  FlowLogs: wrapped(
    "FlowLog",
    flowLogItem.extend({
      Tags: wrapped("Tag", z.looseObject({ Key: text, Value: text.optional() })).optional(),
      TrafficPath: wrapped("TrafficPathList", text).optional(),
    }),
  ),
});

/** Every shape a wrapped list may take on the wire, and a few it must not. */
function listOf(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(fc.constant(undefined), fc.constant(null), item, fc.array(item, { maxLength: 3 }), fc.constant(7));
}
function wrapperOf(key: string, item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const inner = listOf(item).map((list) => (list === undefined ? {} : { [key]: list }));
  return fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(""), fc.constant("x"), fc.constant([]), inner);
}
const tag = fc.oneof(fc.record({ Key: fc.constantFrom("env", 5) }, { requiredKeys: [] }), fc.constant("bare"));
const flowLog = fc
  .record(
    { FlowLogId: fc.constantFrom("fl-1", 3), Tags: wrapperOf("Tag", tag), TrafficPath: wrapperOf("TrafficPathList", fc.constantFrom("all", 1, null)) },
    { requiredKeys: [] },
  )
  .map((item) => Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined)));
const answer = fc.record({ RequestId: fc.constant("r"), FlowLogs: wrapperOf("FlowLog", flowLog) }, { requiredKeys: ["RequestId"] });

describe("one-pass list normalization (withLists)", () => {
  it("gives the same result or failure as per-field preprocessing, and never changes its input", () => {
    fc.assert(
      fc.property(answer, (input) => {
        const copy = structuredClone(input);
        const ours = describeFlowLogsResponse.safeParse(input);
        const reference = perFieldDescribeFlowLogs.safeParse(input);
        expect(input).toEqual(copy);
        expect(ours.success).toBe(reference.success);
        if (ours.success && reference.success) expect(ours.data).toEqual(reference.data);
        else expect(ours.error?.issues.map((i) => i.path.join("."))).toEqual(reference.error?.issues.map((i) => i.path.join(".")));
      }),
      { numRuns: 2000 },
    );
  });

  it("returns the same object, untouched, when every list is already an array", () => {
    const input = { RequestId: "r", FlowLogs: { FlowLog: [{ FlowLogId: "fl-1", Tags: { Tag: [{ Key: "k" }] }, TrafficPath: { TrafficPathList: ["all"] } }] } };
    const shapes = [{ wrapper: "FlowLogs", key: "FlowLog", items: [{ wrapper: "Tags", key: "Tag", optional: true }] }];
    expect(normalizeLists(input, shapes)).toBe(input);
    expect(normalizeLists({ RequestId: "r" }, shapes)).toEqual({ RequestId: "r", FlowLogs: { FlowLog: [] } });
  });
});


describe("answers read by the client (interpretResponse with the action's spec)", () => {
  it("normalize single-object and missing lists like the public schemas do", () => {
    const read = (action: string, body: unknown) => interpretResponse({ action, spec: ACTION_SPECS[action], secrets: [] }, { status: 200, headers: {}, body: JSON.stringify(body) });
    const single = { RequestId: "r", FlowLogs: { FlowLog: { FlowLogId: "fl-1", Tags: { Tag: { Key: "k" } }, TrafficPath: "" } } };
    expect(read("DescribeFlowLogs", single)).toEqual(describeFlowLogsResponse.parse(single));
    expect(read("DescribeFlowLogs", single)).toMatchObject({ FlowLogs: { FlowLog: [{ FlowLogId: "fl-1", Tags: { Tag: [{ Key: "k" }] }, TrafficPath: { TrafficPathList: [] } }] } });
    expect(read("ListTagResources", { RequestId: "r" })).toEqual({ RequestId: "r", TagResources: { TagResource: [] } });
    expect(() => read("DescribeFlowLogs", { RequestId: "r", FlowLogs: { FlowLog: [{ Status: "Active" }] } })).toThrow(/FlowLogs\.FlowLog\.0\.FlowLogId/);
  });
});
