import { describe, expect, it } from "vitest";
import { ACTIONS, dispatch } from "../../../src/emulator/handlers";
import { list, optionalInteger, tagFilter, tagsToSet } from "../../../src/emulator/handlers/params";
import { VpcService } from "../../../src/emulator/model";
import { createParams, expectServiceError, harness } from "./helpers";

describe("dispatch and ACTIONS", () => {
  it("serves exactly the 12 flow-log actions", () => {
    expect([...ACTIONS].sort()).toEqual(
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
  });

  it("answers InvalidAction.NotFound (404) for anything else, prototype names included", () => {
    const service = new VpcService();
    for (const action of ["DescribeVpcs", "toString", "__proto__", ""]) {
      expectServiceError(() => dispatch(service, action, {}), "InvalidAction.NotFound", 404);
    }
  });

  it("ignores common parameters and unknown extras", () => {
    const h = harness();
    const body = h.call("CreateFlowLog", { ...createParams(), Action: "CreateFlowLog", Version: "2016-04-28", Format: "JSON", Foo: "bar" });
    expect(body.Success).toBe("true");
  });

  it("reads TrafficPath.N in index order, however the keys arrive", () => {
    const h = harness({ userDefinedTrafficPath: true });
    const params = { ...createParams(), "TrafficPath.10": "vbr", "TrafficPath.2": "natGateway", "TrafficPath.1": "internetGateway" };
    const id = h.call("CreateFlowLog", params).FlowLogId;
    expect(h.service.allFlowLogs().find((f) => f.flowLogId === id)?.trafficPath).toEqual(["internetGateway", "natGateway", "vbr"]);
  });

  it("treats empty optional parameters as absent", () => {
    const h = harness();
    const id = h.call("CreateFlowLog", createParams({ FlowLogName: "", AggregationInterval: "", IpVersion: "" })).FlowLogId;
    expect(h.service.allFlowLogs().find((f) => f.flowLogId === id)).toMatchObject({ flowLogName: "", aggregationInterval: 10, ipVersion: "IPv4" });
  });

  it("GetFlowLogServiceStatus answers a JSON boolean; OpenFlowLogService answers Code and Message (the SDK model's fields)", () => {
    const h = harness();
    expect(h.call("GetFlowLogServiceStatus", { RegionId: "cn-qingdao" })).toEqual({ Enabled: true });
    expect(h.call("OpenFlowLogService", { RegionId: "cn-qingdao", ClientToken: "t" })).toEqual({ Code: "200", Message: "successful" });
    expectServiceError(() => h.call("OpenFlowLogService", { RegionId: "nowhere" }), "InvalidRegionId.NotFound");
    expectServiceError(() => h.call("GetFlowLogServiceStatus", {}), "MissingParameter");
  });
});

describe("params readers", () => {
  it("list() collects prefix.N only", () => {
    expect(list({ "ResourceId.2": "b", "ResourceId.1": "a", ResourceId: "x", "ResourceId.1.Key": "no" }, "ResourceId")).toEqual(["a", "b"]);
  });

  it("tagsToSet() fills a missing Value with the empty string; tagFilter() leaves it open", () => {
    const params = { "Tag.1.Key": "a", "Tag.2.Key": "b", "Tag.2.Value": "v", "Tag.3.Value": "orphan" };
    expect(tagsToSet(params, "Tag")).toEqual([
      { Key: "a", Value: "" },
      { Key: "b", Value: "v" },
      { Key: "", Value: "orphan" },
    ]);
    expect(tagFilter({ "Tag.1.Key": "a", "Tag.2.Key": "b", "Tag.2.Value": "v" }, "Tag")).toEqual([{ Key: "a" }, { Key: "b", Value: "v" }]);
  });

  // SDK model docs (@alicloud/vpc20160428 7.3.2, DescribeFlowLogsRequestTags, ListTagResourcesRequestTag): up to 20 tag
  // keys, a key not empty nor aliyun.../acs:..., no http:// or https:// in keys or values.
  it("tagFilter() refuses a pair without a Key instead of dropping it (dropped, the filter would match more)", () => {
    expectServiceError(() => tagFilter({ "Tag.1.Key": "a", "Tag.2.Value": "orphan" }, "Tag"), "InvalidTagKey");
    expectServiceError(() => tagFilter({ "Tags.1.Key": "", "Tags.1.Value": "v" }, "Tags"), "InvalidTagKey");
  });

  it("tagFilter() applies the tag rules: 20 filters at most, reserved keys and values refused", () => {
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`Tags.${i + 1}.Key`, `k${i + 1}`]));
    expect(tagFilter(twenty, "Tags")).toHaveLength(20);
    expectServiceError(() => tagFilter({ ...twenty, "Tags.21.Key": "k21" }, "Tags"), "SizeLimitExceeded.TagNum");
    for (const key of ["acs:x", "aliyunx", "Aliyun", "a-http://b", "k".repeat(129)]) expectServiceError(() => tagFilter({ "Tag.1.Key": key }, "Tag"), "InvalidTagKey");
    expectServiceError(() => tagFilter({ "Tag.1.Key": "k", "Tag.1.Value": "acs:v" }, "Tag"), "InvalidTagValue");
    expect(tagFilter({ "Tag.1.Key": "k", "Tag.1.Value": "" }, "Tag")).toEqual([{ Key: "k", Value: "" }]);
  });

  it("DescribeFlowLogs and ListTagResources answer a bad tag filter with its error, not a wider answer", () => {
    const h = harness();
    expectServiceError(() => h.call("DescribeFlowLogs", { RegionId: "cn-hangzhou", "Tags.1.Key": "acs:x" }), "InvalidTagKey");
    expectServiceError(
      () => h.call("ListTagResources", { RegionId: "cn-hangzhou", ResourceType: "FLOWLOG", "ResourceId.1": "fl-x", "Tag.1.Value": "v" }),
      "InvalidTagKey",
    );
  });

  it("optionalInteger() gives NaN for non-integers so the model can answer with its own code", () => {
    expect(optionalInteger({ A: "5" }, "A")).toBe(5);
    expect(optionalInteger({}, "A")).toBeUndefined();
    expect(optionalInteger({ A: "5.0" }, "A")).toBeNaN();
    expect(optionalInteger({ A: "1e3" }, "A")).toBeNaN();
    // Past 2^53 the number read is not the one sent: DescribeFlowLogs would echo PageNumber as "1e+23".
    expect(optionalInteger({ A: String(Number.MAX_SAFE_INTEGER) }, "A")).toBe(Number.MAX_SAFE_INTEGER);
    expect(optionalInteger({ A: "100000000000000000000000" }, "A")).toBeNaN();
    expectServiceError(() => harness().call("DescribeFlowLogs", { RegionId: "cn-hangzhou", PageNumber: "100000000000000000000000" }), "InvalidParameter");
  });
});
