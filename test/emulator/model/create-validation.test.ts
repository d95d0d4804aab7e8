import { describe, expect, it } from "vitest";
import { create, createParams, expectServiceError, harness } from "./helpers";

// Codes and messages: the CreateFlowLog page's error table (/work/shared/api/CreateFlowLog.txt).
describe("CreateFlowLog validation", () => {
  const h = harness();
  const call = (overrides: Record<string, string | undefined>) => () => h.call("CreateFlowLog", createParams(overrides));

  it("answers Success \"true\", a fl- ID of 20 lower-case alphanumerics and the default resource group", () => {
    const body = harness().call("CreateFlowLog", createParams());
    expect(body).toEqual({ Success: "true", FlowLogId: expect.stringMatching(/^fl-[a-z0-9]{20}$/), ResourceGroupId: "rg-acfmdefault0001" });
  });

  it.each(["RegionId", "ResourceType", "ResourceId", "TrafficType"])("requires %s (MissingParameter)", (name) => {
    const error = expectServiceError(call({ [name]: undefined }), "MissingParameter");
    expect(error.message).toBe(`The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
    expectServiceError(call({ [name]: "" }), "MissingParameter");
  });

  it("needs ProjectName and LogStoreName", () => {
    expectServiceError(call({ ProjectName: undefined }), "MissingParam.TrafficAnalyzerIdOrLogProjectOrLogStore");
    expectServiceError(call({ LogStoreName: undefined }), "MissingParam.TrafficAnalyzerIdOrLogProjectOrLogStore");
  });

  it("refuses an unknown region", () => {
    const error = expectServiceError(call({ RegionId: "mars-north-1" }), "InvalidRegionId.NotFound");
    expect(error.message).toBe("The RegionId provided does not exist in our records.");
  });

  it("refuses while the region's flow-log service is not open (OperationUnsupported.action)", () => {
    const closed = harness({ serviceOpen: { "cn-hangzhou": false } });
    const error = expectServiceError(() => closed.call("CreateFlowLog", createParams()), "OperationUnsupported.action");
    expect(error.message).toBe("This action is not support.");
    expect(closed.call("GetFlowLogServiceStatus", { RegionId: "cn-hangzhou" })).toEqual({ Enabled: false });
    closed.call("OpenFlowLogService", { RegionId: "cn-hangzhou" });
    expect(closed.call("GetFlowLogServiceStatus", { RegionId: "cn-hangzhou" })).toEqual({ Enabled: true });
    expect(closed.call("CreateFlowLog", createParams()).Success).toBe("true");
  });

  it("refuses an unknown ResourceType with OperationUnsupported.ResourceType (types are case-sensitive)", () => {
    expectServiceError(call({ ResourceType: "Subnet" }), "OperationUnsupported.ResourceType");
    expectServiceError(call({ ResourceType: "vpc" }), "OperationUnsupported.ResourceType");
  });

  it("answers InvalidResourceType.NotFound when the resource exists under another type", () => {
    const error = expectServiceError(call({ ResourceType: "VSwitch", ResourceId: "vpc-demo0001" }), "InvalidResourceType.NotFound");
    expect(error.message).toBe("Resource type no the same.");
  });

  it.each([
    ["VPC", "vpc-nope", "vpc does not exist."],
    ["VSwitch", "vsw-nope", "vswitch does not exist."],
    ["NetworkInterface", "eni-nope", "networkInterface does not exist."],
  ])("answers InvalidInstanceId for a missing %s", (type, id, message) => {
    expect(expectServiceError(call({ ResourceType: type, ResourceId: id }), "InvalidInstanceId").message).toBe(message);
  });

  it("answers ProjectOrLogstoreNotExist for an unknown project or logstore", () => {
    expectServiceError(call({ ProjectName: "nope" }), "ProjectOrLogstoreNotExist");
    expectServiceError(call({ LogStoreName: "demo-logstore" }), "ProjectOrLogstoreNotExist");
  });

  it("accepts AggregationInterval 1, 5, 10 only", () => {
    for (const [i, value] of ["1", "5", "10"].entries()) {
      expect(harness().call("CreateFlowLog", createParams({ AggregationInterval: value, ResourceId: `vpc-demo000${i + 1}` })).Success).toBe("true");
    }
    for (const bad of ["2", "0", "15", "abc", "5.5"]) expectServiceError(call({ AggregationInterval: bad }), "IllegalParam.AggregationInterval");
  });

  it("checks TrafficType and IpVersion", () => {
    expectServiceError(call({ TrafficType: "Everything" }), "ParameterInvalid");
    expectServiceError(call({ IpVersion: "IPv6" }), "IllegalParam.IpVersion");
    expect(harness().call("CreateFlowLog", createParams({ IpVersion: "DualStack" })).Success).toBe("true");
  });

  it("checks TrafficPath values, duplicates and the user-defined feature", () => {
    expectServiceError(call({ "TrafficPath.1": "internet" }), "IllegalParam.TrafficPath");
    expectServiceError(call({ "TrafficPath.1": "natgateway" }), "IllegalParam.TrafficPath");
    // "all" beside other values is a user-defined list (undocumented either way; flow-log-rules.ts).
    expectServiceError(call({ "TrafficPath.1": "all", "TrafficPath.2": "vbr" }), "UnsupportedFeature.UserDefinedTrafficPath");
    expectServiceError(call({ "TrafficPath.1": "vbr", "TrafficPath.2": "vbr" }), "DuplicatedParam.TrafficPath");
    const off = expectServiceError(call({ "TrafficPath.1": "natGateway" }), "UnsupportedFeature.UserDefinedTrafficPath");
    expect(off.message).toBe("The feature of UserDefinedTrafficPath is not supported.");
    expect(harness().call("CreateFlowLog", createParams({ "TrafficPath.1": "all" })).Success).toBe("true");
  });

  it("accepts custom TrafficPath when enabled, except on DualStack", () => {
    const on = harness({ userDefinedTrafficPath: true });
    const id = create(on, { "TrafficPath.1": "natGateway", "TrafficPath.2": "gatewayLoadBalancerEndpoint" });
    expect(on.service.allFlowLogs().find((f) => f.flowLogId === id)?.trafficPath).toEqual(["natGateway", "gatewayLoadBalancerEndpoint"]);
    expectServiceError(
      () => on.call("CreateFlowLog", createParams({ ResourceId: "vpc-demo0002", "TrafficPath.1": "vbr", IpVersion: "DualStack" })),
      "UnsupportedFeature.UserDefinedTrafficPathIpv6",
    );
  });

  it("checks ResourceGroupId against the world", () => {
    const error = expectServiceError(call({ ResourceGroupId: "rg-unknown" }), "IllegalParam.ResourceGroupId");
    expect(error.message).toBe("Invalid ResourceGroupld value.");
    expect(harness().call("CreateFlowLog", createParams({ ResourceGroupId: "rg-acfmdemo0002" })).ResourceGroupId).toBe("rg-acfmdemo0002");
  });

  it("checks FlowLogName (1-128) and Description (1-256) and their http(s):// prefix (ParameterInvalid)", () => {
    expectServiceError(call({ FlowLogName: "x".repeat(129) }), "ParameterInvalid");
    expectServiceError(call({ FlowLogName: "http://name" }), "ParameterInvalid");
    expectServiceError(call({ Description: "d".repeat(257) }), "ParameterInvalid");
    expectServiceError(call({ Description: "HTTPS://desc" }), "ParameterInvalid");
    const ok = harness().call("CreateFlowLog", createParams({ FlowLogName: "n".repeat(128), Description: "d".repeat(256) }));
    expect(ok.Success).toBe("true");
  });

  // Lengths are counted in UTF-16 code units (Java's String.length()): 64 emoji are 128 units, 65 are 130.
  it("counts FlowLogName, Description and tag lengths in UTF-16 code units and names the field and limit", () => {
    const emoji = (n: number) => "🚀".repeat(n);
    expect(harness().call("CreateFlowLog", createParams({ FlowLogName: emoji(64), Description: emoji(128) })).Success).toBe("true");
    expect(expectServiceError(call({ FlowLogName: emoji(65) }), "ParameterInvalid").message).toBe(
      "Invalid parameter. FlowLogName must be 1 to 128 characters long (UTF-16 code units: an emoji counts as 2); got 130.",
    );
    expect(expectServiceError(call({ Description: emoji(129) }), "ParameterInvalid").message).toMatch(/^Invalid parameter\. Description .*1 to 256 .*got 258\.$/);
    expect(expectServiceError(call({ FlowLogName: "http://x" }), "ParameterInvalid").message).toBe(
      "Invalid parameter. FlowLogName must not start with http:// or https://.",
    );
    expect(expectServiceError(call({ TrafficType: "Some" }), "ParameterInvalid").message).toBe(
      "Invalid parameter. TrafficType must be one of All, Allow, Drop.",
    );
    expect(harness().call("CreateFlowLog", createParams({ "Tag.1.Key": emoji(64), "Tag.1.Value": emoji(64) })).Success).toBe("true");
    expect(expectServiceError(call({ "Tag.1.Key": emoji(65), "Tag.1.Value": "v" }), "InvalidTagKey").message).toBe(
      "The tag keys are not valid. A tag key must be 1 to 128 characters long (UTF-16 code units: an emoji counts as 2); got 130.",
    );
    expect(expectServiceError(call({ "Tag.1.Key": "k", "Tag.1.Value": emoji(65) }), "InvalidTagValue").message).toMatch(
      /^The tag values are not valid\. A tag value must be 0 to 128 .*got 130\.$/,
    );
    expect(expectServiceError(call({ "Tag.1.Key": "acs:x", "Tag.1.Value": "v" }), "InvalidTagKey").message).toBe(
      "The tag keys are not valid. A tag key must not start with aliyun or acs:, nor contain http:// or https://.",
    );
  });

  it("checks tags: at most 20, keys 1-128 without reserved prefixes or URL schemes, values up to 128, no duplicate keys", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [[`Tag.${i + 1}.Key`, `k${i}`], [`Tag.${i + 1}.Value`, "v"]]).flat());
    expectServiceError(call(tags(21)), "SizeLimitExceeded.TagNum");
    for (const key of ["", "aliyun-x", "acs:x", "http://x", "https://x", "see-http://x", "a HTTPS://b", "k".repeat(129)]) {
      expectServiceError(call({ "Tag.1.Key": key, "Tag.1.Value": "v" }), "InvalidTagKey");
    }
    for (const value of ["v".repeat(129), "acs:x", "go to https://x"]) expectServiceError(call({ "Tag.1.Key": "k", "Tag.1.Value": value }), "InvalidTagValue");
    // Only the empty key is refused ("Do not specify an empty string"): a key of spaces, or holding "http:" without "//", is a key.
    expect(harness().call("CreateFlowLog", createParams({ "Tag.1.Key": " ", "Tag.1.Value": "http:x" })).Success).toBe("true");
    expectServiceError(call({ "Tag.1.Key": "k", "Tag.1.Value": "a", "Tag.2.Key": "k", "Tag.2.Value": "b" }), "Forbidden.TagKey.Duplicated");
    const ok = harness();
    const id = create(ok, tags(20));
    expect(ok.service.allFlowLogs().find((f) => f.flowLogId === id)?.tags).toHaveLength(20);
  });

  it("allows one flow log per resource by default (InvalidResourceId.NotFound), more when configured", () => {
    const one = harness();
    create(one);
    const error = expectServiceError(() => one.call("CreateFlowLog", createParams()), "InvalidResourceId.NotFound");
    expect(error.message).toBe("This resourceId already has flowlog instance existed.");
    const two = harness({ maxFlowLogsPerResource: 2 });
    create(two);
    create(two);
    expectServiceError(() => two.call("CreateFlowLog", createParams()), "InvalidResourceId.NotFound");
  });

  // CreateFlowLog page, error table: "The resource you specified has created a flow log instance that collects the traffic
  // of all scenarios. You cannot create a flow log instance that collects only some scenarios."
  it("refuses a flow log of some traffic paths where the resource has one of all (OperationDenied.AllTrafficPathOfManagedExist)", () => {
    const two = harness({ maxFlowLogsPerResource: 3, userDefinedTrafficPath: true });
    create(two, { "TrafficPath.1": "all" });
    expectServiceError(() => two.call("CreateFlowLog", createParams({ "TrafficPath.1": "internetGateway" })), "OperationDenied.AllTrafficPathOfManagedExist");
    // Another of all paths is not refused by this rule.
    create(two, { "TrafficPath.1": "all" });
    expect(two.service.allFlowLogs()).toHaveLength(2);
    // Nor is one of some paths on a resource whose flow log has some paths only.
    const other = harness({ maxFlowLogsPerResource: 2, userDefinedTrafficPath: true });
    create(other, { "TrafficPath.1": "natGateway" });
    create(other, { "TrafficPath.1": "internetGateway" });
    expect(other.service.allFlowLogs()).toHaveLength(2);
  });

  it("enforces the per-region quota, counting transitional flow logs (QuotaExceeded.FlowlogCount)", () => {
    const q = harness({ quotaPerRegion: 2 });
    create(q, { ResourceId: "vpc-demo0001" });
    create(q, { ResourceId: "vpc-demo0002" });
    const error = expectServiceError(() => q.call("CreateFlowLog", createParams({ ResourceId: "vpc-demo0003" })), "QuotaExceeded.FlowlogCount");
    expect(error.message).toBe("This user has reached the maximum instance number of flowlog.");
    // Another region has its own quota.
    expect(q.call("CreateFlowLog", createParams({ RegionId: "cn-shanghai" })).Success).toBe("true");
  });

  it("creates nothing when a request is refused", () => {
    const fresh = harness();
    expectServiceError(() => fresh.call("CreateFlowLog", createParams({ AggregationInterval: "7" })), "IllegalParam.AggregationInterval");
    expect(fresh.service.allFlowLogs()).toEqual([]);
  });
});
