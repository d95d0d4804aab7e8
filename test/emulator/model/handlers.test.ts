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
    expect(tagFilter(params, "Tag")).toEqual([{ Key: "a" }, { Key: "b", Value: "v" }]);
  });

  it("optionalInteger() gives NaN for non-integers so the model can answer with its own code", () => {
    expect(optionalInteger({ A: "5" }, "A")).toBe(5);
    expect(optionalInteger({}, "A")).toBeUndefined();
    expect(optionalInteger({ A: "5.0" }, "A")).toBeNaN();
    expect(optionalInteger({ A: "1e3" }, "A")).toBeNaN();
  });
});
