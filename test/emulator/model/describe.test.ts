import { describe, expect, it } from "vitest";
import { DEFAULT_LOG_FORMAT } from "../../../src/emulator/defaults";
import { create, createParams, expectServiceError, harness, type Harness } from "./helpers";

type WireFlowLog = Record<string, unknown> & { FlowLogId: string };
const list = (h: Harness, params: Record<string, string>) => {
  const body = h.call("DescribeFlowLogs", { RegionId: "cn-hangzhou", ...params });
  return { body, flowLogs: (body.FlowLogs as { FlowLog: WireFlowLog[] }).FlowLog };
};
const ids = (h: Harness, params: Record<string, string>) => list(h, params).flowLogs.map((f) => f.FlowLogId);

describe("DescribeFlowLogs", () => {
  it("fills the 21 fields as the service does (SDK 7.3.2 model) with the documented defaults", () => {
    const h = harness();
    const id = create(h);
    const { body, flowLogs } = list(h, { FlowLogId: id });
    expect(body).toMatchObject({ Success: "true", TotalCount: "1", PageNumber: "1", PageSize: "20" });
    expect(flowLogs[0]).toEqual({
      AggregationInterval: 10,
      BusinessStatus: "Normal",
      CreationTime: "2024-01-01T00:00:00Z",
      Description: "",
      FlowLogDeliverErrorMessage: "",
      FlowLogDeliverStatus: "SUCCESS",
      FlowLogId: id,
      FlowLogName: "",
      IpVersion: "IPv4",
      LogFormat: DEFAULT_LOG_FORMAT,
      LogStoreName: "flowlog-store",
      ProjectName: "flowlog-project",
      RegionId: "cn-hangzhou",
      ResourceGroupId: "rg-acfmdefault0001",
      ResourceId: "vpc-demo0001",
      ResourceType: "VPC",
      ServiceType: "",
      Status: "Activating",
      Tags: { Tag: [] },
      TrafficPath: { TrafficPathList: ["all"] },
      TrafficType: "All",
    });
    expect(Object.keys(flowLogs[0] ?? {})).toHaveLength(21);
  });

  it("formats CreationTime as yyyy-MM-ddTHH:mm:ssZ at the clock's time", () => {
    const h = harness();
    h.clock.advance(1234_567);
    const id = create(h);
    expect(list(h, { FlowLogId: id }).flowLogs[0]?.CreationTime).toBe("2024-01-01T00:20:34Z");
  });

  it("applies every filter (exact match), VpcId covering the VPC's vSwitches and ENIs", () => {
    const h = harness({ userDefinedTrafficPath: true });
    const vpc = create(h, { FlowLogName: "a", Description: "first", ResourceId: "vpc-demo0001", "Tag.1.Key": "team", "Tag.1.Value": "net" });
    const vsw = create(h, { ResourceType: "VSwitch", ResourceId: "vsw-demo0001", TrafficType: "Drop", ProjectName: "demo-project", LogStoreName: "demo-logstore" });
    const eni = create(h, { ResourceType: "NetworkInterface", ResourceId: "eni-demo0002", ResourceGroupId: "rg-acfmdemo0002", "Tag.1.Key": "team", "Tag.1.Value": "ops" });
    h.clock.advance(3000);
    h.call("DeactiveFlowLog", { RegionId: "cn-hangzhou", FlowLogId: eni });
    h.clock.advance(1000);

    expect(ids(h, {})).toEqual([vpc, vsw, eni]);
    expect(ids(h, { FlowLogId: vsw })).toEqual([vsw]);
    expect(ids(h, { FlowLogId: "fl-unknown" })).toEqual([]);
    expect(ids(h, { FlowLogName: "a" })).toEqual([vpc]);
    expect(ids(h, { Description: "first" })).toEqual([vpc]);
    expect(ids(h, { ResourceType: "VSwitch" })).toEqual([vsw]);
    expect(ids(h, { ResourceId: "eni-demo0002" })).toEqual([eni]);
    expect(ids(h, { TrafficType: "Drop" })).toEqual([vsw]);
    expect(ids(h, { ProjectName: "demo-project" })).toEqual([vsw]);
    expect(ids(h, { LogStoreName: "flowlog-store" })).toEqual([vpc, eni]);
    expect(ids(h, { Status: "Inactive" })).toEqual([eni]);
    expect(ids(h, { Status: "Active" })).toEqual([vpc, vsw]);
    expect(ids(h, { VpcId: "vpc-demo0001" })).toEqual([vpc, vsw]);
    expect(ids(h, { VpcId: "vpc-demo0002" })).toEqual([eni]);
    expect(ids(h, { ResourceGroupId: "rg-acfmdemo0002" })).toEqual([eni]);
    expect(ids(h, { "Tags.1.Key": "team" })).toEqual([vpc, eni]);
    expect(ids(h, { "Tags.1.Key": "team", "Tags.1.Value": "ops" })).toEqual([eni]);
    expect(ids(h, { "Tags.1.Key": "team", "Tags.1.Value": "ops", "Tags.2.Key": "missing" })).toEqual([]);
    expect(ids(h, { ResourceType: "VPC", Status: "Active" })).toEqual([vpc]);
    expect(list(h, { RegionId: "cn-shanghai" }).flowLogs).toEqual([]);
  });

  it("pages with PageNumber / PageSize (default 20, max 50) and reports TotalCount", () => {
    const h = harness();
    const created = Array.from({ length: 55 }, (_, i) => create(h, { ResourceId: `vpc-demo${String(i + 1).padStart(4, "0")}` }));
    const first = list(h, {});
    expect(first.body).toMatchObject({ TotalCount: "55", PageNumber: "1", PageSize: "20" });
    expect(first.flowLogs.map((f) => f.FlowLogId)).toEqual(created.slice(0, 20));
    expect(ids(h, { PageNumber: "3" })).toEqual(created.slice(40, 55));
    expect(ids(h, { PageSize: "50", PageNumber: "2" })).toEqual(created.slice(50));
    expect(ids(h, { PageSize: "50", PageNumber: "3" })).toEqual([]);
    expectServiceError(() => list(h, { PageSize: "51" }), "InvalidParameter");
    expectServiceError(() => list(h, { PageSize: "0" }), "InvalidParameter");
    expectServiceError(() => list(h, { PageNumber: "0" }), "InvalidParameter");
    expectServiceError(() => list(h, { PageNumber: "x" }), "InvalidParameter");
  });

  it("hides a new flow log for hideNewForMs, though it exists and counts", () => {
    const h = harness({ hideNewForMs: 5000 });
    const id = create(h);
    expect(ids(h, {})).toEqual([]);
    expect(h.service.allFlowLogs().map((f) => f.flowLogId)).toEqual([id]);
    expectServiceError(() => h.call("CreateFlowLog", createParams()), "InvalidResourceId.NotFound");
    h.clock.advance(4999);
    expect(ids(h, { FlowLogId: id })).toEqual([]);
    h.clock.advance(1);
    expect(ids(h, { FlowLogId: id })).toEqual([id]);
  });

  it("requires RegionId and a known region", () => {
    const h = harness();
    expectServiceError(() => h.call("DescribeFlowLogs", {}), "MissingParameter");
    expectServiceError(() => h.call("DescribeFlowLogs", { RegionId: "xx" }), "InvalidRegionId.NotFound");
  });

  it("returns copies: changing an answer changes nothing in the service", () => {
    const h = harness();
    const id = create(h);
    const page = h.service.describeFlowLogs({ regionId: "cn-hangzhou" });
    page.flowLogs[0]!.status = "Inactive";
    h.service.allFlowLogs()[0]!.tags.push({ Key: "x", Value: "y" });
    expect(h.service.allFlowLogs()[0]).toMatchObject({ flowLogId: id, status: "Activating", tags: [] });
  });
});
