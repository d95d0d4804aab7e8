import { describe, expect, it } from "vitest";
import {
  createFlowLogParams,
  inputsFromCloud,
  parseFlowLogList,
  planUpdate,
  tagChanges,
  toOutputs,
  parseDurationMs,
  type FlowLogInputs,
} from "../../src/provider";

/** A DescribeFlowLogs answer shaped as the API reference shows it: numbers as strings, nested lists. */
const answer = {
  RequestId: "R",
  TotalCount: "1",
  FlowLogs: {
    FlowLog: [
      {
        FlowLogId: "fl-1",
        FlowLogName: "web",
        Description: "",
        RegionId: "cn-hangzhou",
        ResourceType: "VPC",
        ResourceId: "vpc-demo0001",
        TrafficType: "All",
        ProjectName: "flowlog-project",
        LogStoreName: "flowlog-store",
        AggregationInterval: "5",
        TrafficPath: { TrafficPathList: ["all"] },
        ResourceGroupId: "rg-acfmdefault0001",
        Tags: { Tag: [{ Key: "team", Value: "net" }, { Key: "acs:rm:rgId", Value: "x" }] },
        IpVersion: "IPv4",
        Status: "Active",
        BusinessStatus: "Normal",
        CreationTime: "2022-01-21T03:08:50Z",
        FlowLogDeliverStatus: "SUCCESS",
        FlowLogDeliverErrorMessage: "",
        ServiceType: "",
        Unknown: "kept by the client, ignored here",
      },
    ],
  },
};

const timeouts = { create: "10m", update: "10m", delete: "10m" };

describe("mapping", () => {
  it("parses DescribeFlowLogs records, numbers as strings included", () => {
    const [flowLog] = parseFlowLogList(answer);
    expect(flowLog).toMatchObject({ flowLogId: "fl-1", aggregationInterval: 5, trafficPaths: ["all"], tags: { team: "net", "acs:rm:rgId": "x" } });
    expect(parseFlowLogList(answer.FlowLogs.FlowLog)).toEqual(parseFlowLogList(answer));
  });

  it("makes plain-JSON outputs with every described field, user tags only and no undefined", () => {
    const [flowLog] = parseFlowLogList(answer);
    const outs = toOutputs(flowLog!, timeouts, "cn-hangzhou");
    expect(outs.tags).toEqual({ team: "net" });
    expect(Object.keys(outs).sort()).toEqual(
      [
        "aggregationInterval", "businessStatus", "creationTime", "description", "flowLogDeliverErrorMessage", "flowLogDeliverStatus",
        "flowLogId", "flowLogName", "ipVersion", "logFormat", "logStoreName", "projectName", "regionId", "resourceGroupId",
        "resourceId", "resourceType", "serviceType", "status", "tags", "timeouts", "trafficPaths", "trafficType",
      ].sort(),
    );
    expect(JSON.parse(JSON.stringify(outs))).toEqual(outs);
    const noInterval = parseFlowLogList([{ FlowLogId: "fl-2" }])[0]!;
    expect(toOutputs(noInterval, timeouts, "cn-beijing")).not.toHaveProperty("aggregationInterval");
    expect(toOutputs(noInterval, timeouts, "cn-beijing").regionId).toBe("cn-beijing");
  });

  it("derives import inputs from the cloud, leaving empty fields unset", () => {
    const [flowLog] = parseFlowLogList(answer);
    expect(inputsFromCloud(flowLog!, undefined, "cn-hangzhou")).toEqual({
      resourceType: "VPC",
      resourceId: "vpc-demo0001",
      trafficType: "All",
      projectName: "flowlog-project",
      logStoreName: "flowlog-store",
      regionId: "cn-hangzhou",
      status: "Active",
      timeouts,
      tags: { team: "net" },
      flowLogName: "web",
      aggregationInterval: 5,
      trafficPaths: ["all"],
      resourceGroupId: "rg-acfmdefault0001",
      ipVersion: "IPv4",
    });
  });

  it("builds CreateFlowLog parameters without unset fields and without system tags", () => {
    const inputs: FlowLogInputs = {
      resourceType: "VSwitch", resourceId: "vsw-demo0001", trafficType: "Allow", projectName: "p1p", logStoreName: "s1s",
      trafficPaths: ["all"], tags: { a: "1" }, status: "Active", timeouts,
    };
    expect(createFlowLogParams(inputs, "cn-qingdao")).toEqual({
      regionId: "cn-qingdao", resourceType: "VSwitch", resourceId: "vsw-demo0001", trafficType: "Allow", projectName: "p1p",
      logStoreName: "s1s", trafficPath: ["all"], tag: [{ key: "a", value: "1" }],
    });
  });

  it("plans tag changes that never touch system tags", () => {
    expect(tagChanges({ a: "1", b: "2", "acs:x": "s", aliyunY: "t" }, { a: "1", b: "3", c: "4" })).toEqual({
      set: [{ key: "b", value: "3" }, { key: "c", value: "4" }],
      remove: [],
    });
    expect(tagChanges({ a: "1", "acs:x": "s" }, {})).toEqual({ set: [], remove: ["a"] });
  });

  it("plans updates in order: activate first, deactivate last, only for fields the user set", () => {
    const [flowLog] = parseFlowLogList(answer);
    const base = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", timeouts } as const;
    expect(planUpdate(flowLog!, { ...base, status: "Active" })).toEqual([]);
    expect(
      planUpdate(flowLog!, { ...base, status: "Inactive", flowLogName: "x", aggregationInterval: 1, tags: {}, resourceGroupId: "rg-acfmdemo0002" }).map((s) => s.kind),
    ).toEqual(["modify", "untag", "move", "deactivate"]);
    expect(planUpdate({ ...flowLog!, status: "Inactive" }, { ...base, status: "Active", description: "new" })).toEqual([
      { kind: "activate" },
      { kind: "modify", params: { description: "new" } },
    ]);
  });

  it("parses duration strings", () => {
    expect(parseDurationMs("10m")).toBe(600_000);
    expect(parseDurationMs("90s")).toBe(90_000);
    expect(parseDurationMs("1h30m")).toBe(5_400_000);
    expect(parseDurationMs("1.5s")).toBe(1_500);
    expect(() => parseDurationMs("10")).toThrow(/not a duration/);
  });

  it("takes every unit of Go's time.ParseDuration (what the engine parses customTimeouts with), rounded to ms; not days", () => {
    expect(parseDurationMs("1500000us")).toBe(1_500);
    expect(parseDurationMs("2000000µs")).toBe(2_000);
    expect(parseDurationMs("3000000μs")).toBe(3_000);
    expect(parseDurationMs("4000000000ns")).toBe(4_000);
    expect(parseDurationMs("1m500000us")).toBe(60_500);
    expect(() => parseDurationMs("1d")).toThrow(/ns, us, ms, s, m or h/);
    expect(parseDurationMs(".5s")).toBe(500);
    expect(parseDurationMs("1.s")).toBe(1_000);
  });
});
