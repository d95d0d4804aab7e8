import { describe, expect, it } from "vitest";
import { checkFlowLogInputs, UNKNOWN } from "../../src/provider";
import { REQUIRED_ARGS } from "./helpers/args";

const valid = REQUIRED_ARGS;

function failuresFor(patch: Record<string, unknown>) {
  return checkFlowLogInputs({ ...valid, ...patch }).failures;
}

function expectRefused(patch: Record<string, unknown>, property: string, reason: RegExp) {
  const failures = failuresFor(patch);
  expect(failures.length, JSON.stringify(failures)).toBeGreaterThan(0);
  expect(failures.some((f) => f.property === property && reason.test(f.reason)), JSON.stringify(failures)).toBe(true);
}

describe("check: valid inputs", () => {
  it("accepts the minimal args and applies status, timeouts and the configured region", () => {
    const { inputs, failures } = checkFlowLogInputs({ ...valid, __provider: "text" }, { regionId: "cn-shanghai" });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      ...valid,
      status: "Active",
      regionId: "cn-shanghai",
      timeouts: { create: "10m", update: "10m", delete: "10m" },
      __provider: "text",
    });
  });

  it("keeps an explicit region and partial timeouts, and drops output names", () => {
    const { inputs, failures } = checkFlowLogInputs(
      { ...valid, regionId: "cn-beijing", timeouts: { create: "90s" }, flowLogId: "fl-x" },
      { regionId: "cn-shanghai" },
    );
    expect(failures).toEqual([]);
    expect(inputs.regionId).toBe("cn-beijing");
    expect(inputs.timeouts).toEqual({ create: "90s", update: "10m", delete: "10m" });
    expect(inputs).not.toHaveProperty("flowLogId");
  });

  it("refuses a property FlowLog does not have, naming it (a JavaScript misspelling)", () => {
    const { failures } = checkFlowLogInputs({ ...valid, aggregationIntervall: 5 });
    expect(failures).toEqual([{ property: "aggregationIntervall", reason: expect.stringMatching(/no property "aggregationIntervall".*aggregationInterval/) }]);
  });

  it("counts lengths in UTF-16 code units, as the service and the emulator do (an emoji counts 2)", () => {
    expect(checkFlowLogInputs({ ...valid, flowLogName: "🚀".repeat(64) }).failures).toEqual([]);
    const { failures } = checkFlowLogInputs({ ...valid, flowLogName: "🚀".repeat(65) });
    expect(failures).toEqual([{ property: "flowLogName", reason: expect.stringMatching(/at most 128 characters .*got 130$/) }]);
    expect(checkFlowLogInputs({ ...valid, tags: { k: "🙂".repeat(65) } }).failures).toHaveLength(1);
  });

  it("accepts every optional argument at its limits, and text with spaces, *, ~, quotes, Chinese and emoji; unlisted traffic paths", () => {
    const tags = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`key ${i} *~'"中文🙂`, "v".repeat(128)]));
    const { failures } = checkFlowLogInputs({
      ...valid,
      resourceType: "NetworkInterface",
      resourceId: "eni-demo0001",
      trafficType: "Drop",
      flowLogName: "n".repeat(128),
      description: `流日志 * ~ "quoted" 'single' 🙂 ${"d".repeat(200)}`,
      aggregationInterval: 5,
      trafficPaths: ["all", "natGateway", "gatewayLoadBalancerEndpoint", "aNewPathNotListedYet"],
      resourceGroupId: "rg-acfmdemo0002",
      tags: { ...tags, " ": "http: only" },
      ipVersion: "IPv4",
      status: "Inactive",
      timeouts: { create: "1h30m", update: "500ms", delete: "2.5m" },
    });
    expect(failures).toEqual([]);
  });

  it("never rejects Pulumi's unknown sentinel (preview), even where the value would be required or checked", () => {
    expect(UNKNOWN).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    const { inputs, failures } = checkFlowLogInputs({
      resourceType: UNKNOWN,
      resourceId: UNKNOWN,
      trafficType: "All",
      projectName: UNKNOWN,
      logStoreName: UNKNOWN,
      aggregationInterval: UNKNOWN,
      tags: { a: UNKNOWN },
      trafficPaths: [UNKNOWN, UNKNOWN],
      timeouts: UNKNOWN,
    });
    expect(failures).toEqual([]);
    expect(inputs.resourceId).toBe(UNKNOWN);
  });
});

describe("check: every rule of issue 5 names the field and the rule", () => {
  it("aggregationInterval 60 (the unit is minutes)", () =>
    expectRefused({ aggregationInterval: 60 }, "aggregationInterval", /must be 1, 5 or 10 \(minutes\); got 60/));
  it("flowLogName starting with http:// or https://", () => {
    expectRefused({ flowLogName: "http://x" }, "flowLogName", /http/);
    expectRefused({ flowLogName: "https://x" }, "flowLogName", /http/);
  });
  it("flowLogName longer than 128", () => expectRefused({ flowLogName: "n".repeat(129) }, "flowLogName", /at most 128/));
  it("description starting with a URL or longer than 256", () => {
    expectRefused({ description: "https://example" }, "description", /http/);
    expectRefused({ description: "d".repeat(257) }, "description", /at most 256/);
  });
  it("21 tags", () => {
    const tags = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"]));
    expectRefused({ tags }, "tags", /at most 20.*got 21/);
  });
  it("an empty tag key, or a key or value starting with aliyun or acs: or holding http:// or https:// anywhere, naming the tag and the rule", () => {
    expectRefused({ tags: { "": "v" } }, "tags", /must not be empty/);
    expectRefused({ tags: { aliyunKey: "v" } }, "tags", /^tag key "aliyunKey" must not start with aliyun or acs:$/);
    expectRefused({ tags: { "acs:rm:rgId": "v" } }, "tags", /must not start with aliyun or acs:/);
    expectRefused({ tags: { "see HTTP://x": "v" } }, "tags", /^tag key "see HTTP:\/\/x" must not contain http:\/\/ or https:\/\/$/);
    expectRefused({ tags: { k: "https://x" } }, "tags", /^the value of tag "k" must not contain http:\/\/ or https:\/\/$/);
    expectRefused({ tags: { docs: "at https://x" } }, "tags", /the value of tag "docs" must not contain http:\/\//);
    expectRefused({ tags: { k: "acs:x" } }, "tags", /the value of tag "k" must not start with aliyun or acs:/);
    expectRefused({ tags: { k: "v".repeat(129) } }, "tags", /the value of tag "k" is longer than 128 characters.*got 129/);
  });
  it("every tag's failures at once, a non-string value named by its tag (a review's case)", () => {
    const reasons = failuresFor({ tags: { n: 1, docs: "see http://x", long: "v".repeat(129), aliyunTeam: "v", none: null } }).map((f) => f.reason);
    expect(reasons).toEqual([
      'the value of tag "n" must be a string; got a number',
      'the value of tag "docs" must not contain http:// or https://',
      'the value of tag "long" is longer than 128 characters (UTF-16 code units; an emoji counts 2); got 129',
      'tag key "aliyunTeam" must not start with aliyun or acs:',
      'the value of tag "none" must be a string; got null',
    ]);
  });
  it("a value not known at preview skips only itself: known keys and the count are still checked", () => {
    expectRefused({ tags: { team: UNKNOWN, aliyunTeam: "v" } }, "tags", /tag key "aliyunTeam"/);
    const tags = Object.fromEntries([...Array.from({ length: 20 }, (_, i) => [`k${i}`, "v"]), ["late", UNKNOWN]]);
    expectRefused({ tags }, "tags", /at most 20 entries; got 21/);
    expect(failuresFor({ tags: { team: UNKNOWN, [UNKNOWN]: "v" } })).toEqual([]);
  });
  it("a long key in a message is cut, never inside an emoji", () => {
    const [failure] = failuresFor({ tags: { ["a" + "😀".repeat(64)]: "v" } });
    expect(failure?.reason).toMatch(/^tag key "a(?:😀)+\.\.\. is longer than 128/);
    expect(failure?.reason).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
  it("an unknown argument, suggesting the nearest one", () => {
    expectRefused({ aggregationIntervall: 5 }, "aggregationIntervall", /no property "aggregationIntervall" \(did you mean aggregationInterval\?\); it takes resourceType/);
    expectRefused({ TrafficType: "All" }, "TrafficType", /did you mean trafficType\?/);
    expectRefused({ colour: "red" }, "colour", /^FlowLog has no property "colour"; it takes /);
  });
  it("an unknown resourceType or trafficType", () => {
    expectRefused({ resourceType: "Vpc" }, "resourceType", /one of VPC, VSwitch, NetworkInterface; got "Vpc"/);
    expectRefused({ trafficType: "Everything" }, "trafficType", /one of All, Allow, Drop/);
  });
  it("an ipVersion other than IPv4 or DualStack", () => expectRefused({ ipVersion: "IPv6" }, "ipVersion", /IPv4, DualStack/));
  it("duplicated trafficPaths", () => expectRefused({ trafficPaths: ["all", "all"] }, "trafficPaths", /repeat.*"all"/));
  it("a trafficPaths value in the wrong letter case", () => {
    expectRefused({ trafficPaths: ["natgateway"] }, "trafficPaths", /case-sensitive: "natgateway" should be "natGateway"/);
    expectRefused({ trafficPaths: ["All"] }, "trafficPaths", /"All" should be "all"/);
  });
  it("custom trafficPaths with ipVersion DualStack (CreateFlowLog page: UnsupportedFeature.UserDefinedTrafficPathIpv6)", () => {
    expectRefused({ ipVersion: "DualStack", trafficPaths: ["natGateway"] }, "trafficPaths", /DualStack.*UserDefinedTrafficPathIpv6/);
    expectRefused({ ipVersion: "DualStack", trafficPaths: ["all", "vbr"] }, "trafficPaths", /cannot go with ipVersion DualStack/);
    for (const trafficPaths of [undefined, [], ["all"], [UNKNOWN]]) {
      expect(checkFlowLogInputs({ ...valid, ipVersion: "DualStack", trafficPaths }).failures).toEqual([]);
    }
    expect(checkFlowLogInputs({ ...valid, ipVersion: UNKNOWN, trafficPaths: ["vbr"] }).failures).toEqual([]);
  });
  it("a resourceId whose prefix does not fit its resourceType", () => {
    expectRefused({ resourceId: "vsw-demo0001" }, "resourceId", /VPC must start with "vpc-"/);
    expectRefused({ resourceType: "VSwitch", resourceId: "vpc-demo0001" }, "resourceId", /"vsw-"/);
    expectRefused({ resourceType: "NetworkInterface", resourceId: "vpc-demo0001" }, "resourceId", /"eni-"/);
  });
  it("missing required arguments", () => {
    const { failures } = checkFlowLogInputs({});
    expect(failures.map((f) => f.property).sort()).toEqual(["logStoreName", "projectName", "resourceId", "resourceType", "trafficType"]);
    expect(failures.every((f) => /is required/.test(f.reason))).toBe(true);
  });
  it("bad SLS names, region, resource group, status and timeouts", () => {
    expectRefused({ projectName: "Bad_Project" }, "projectName", /3-63/);
    expectRefused({ logStoreName: "-store" }, "logStoreName", /3-63/);
    expectRefused({ regionId: "Hangzhou" }, "regionId", /region ID/);
    expectRefused({ resourceGroupId: "group1" }, "resourceGroupId", /rg-/);
    expectRefused({ status: "Running" }, "status", /Active, Inactive/);
    expectRefused({ timeouts: { create: "10 minutes" } }, "timeouts.create", /duration/);
    expectRefused({ timeouts: { read: "1m" } }, "timeouts.read", /only create, update and delete/);
  });
});
