import { describe, expect, it } from "vitest";
import { VpcService } from "../../../src/emulator/model";
import { create, expectServiceError, harness, type Harness } from "./helpers";

const base = { RegionId: "cn-hangzhou", ResourceType: "FLOWLOG" };
const tagsOf = (h: Harness, id: string) => h.service.allFlowLogs().find((f) => f.flowLogId === id)?.tags;
const tagParams = (pairs: [string, string][]) =>
  Object.fromEntries(pairs.flatMap(([k, v], i) => [[`Tag.${i + 1}.Key`, k], [`Tag.${i + 1}.Value`, v]]));

describe("TagResources", () => {
  it("sets tags on several flow logs and overwrites an existing key", () => {
    const h = harness();
    const a = create(h, { "Tag.1.Key": "env", "Tag.1.Value": "dev" });
    const b = create(h, { ResourceId: "vpc-demo0002" });
    expect(h.call("TagResources", { ...base, "ResourceId.1": a, "ResourceId.2": b, ...tagParams([["env", "prod"], ["team", ""]]) })).toEqual({});
    expect(tagsOf(h, a)).toEqual([{ Key: "env", Value: "prod" }, { Key: "team", Value: "" }]);
    expect(tagsOf(h, b)).toEqual([{ Key: "env", Value: "prod" }, { Key: "team", Value: "" }]);
  });

  it("accepts the resource type in any case and refuses other types", () => {
    const h = harness();
    const a = create(h);
    h.call("TagResources", { ...base, ResourceType: "FlowLog", "ResourceId.1": a, ...tagParams([["k", "v"]]) });
    expect(tagsOf(h, a)).toEqual([{ Key: "k", Value: "v" }]);
    expectServiceError(() => h.call("TagResources", { ...base, ResourceType: "VPC", "ResourceId.1": a, ...tagParams([["k", "v"]]) }), "InvalidResourceType.NotFound");
  });

  it("validates ids, tag count and keys, and changes nothing when one ID is unknown", () => {
    const h = harness();
    const a = create(h);
    const ids51 = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`ResourceId.${i + 1}`, a]));
    expectServiceError(() => h.call("TagResources", { ...base, ...tagParams([["k", "v"]]) }), "MissingParameter");
    expectServiceError(() => h.call("TagResources", { ...base, "ResourceId.1": a }), "MissingParameter");
    expectServiceError(() => h.call("TagResources", { ...base, ...ids51, ...tagParams([["k", "v"]]) }), "SizeLimitExceeded.ResourceId");
    const many = tagParams(Array.from({ length: 21 }, (_, i): [string, string] => [`k${i}`, "v"]));
    expectServiceError(() => h.call("TagResources", { ...base, "ResourceId.1": a, ...many }), "SizeLimitExceeded.TagNum");
    expectServiceError(() => h.call("TagResources", { ...base, "ResourceId.1": a, ...tagParams([["acs:x", "v"]]) }), "InvalidTagKey");
    expectServiceError(() => h.call("TagResources", { ...base, "ResourceId.1": a, "ResourceId.2": "fl-missing", ...tagParams([["k", "v"]]) }), "InvalidInstanceIds.NotFound");
    expect(tagsOf(h, a)).toEqual([]);
  });

  it("allows at most 20 user tags per flow log (QuotaExceeded.TagNum)", () => {
    const h = harness();
    const a = create(h, tagParams(Array.from({ length: 15 }, (_, i): [string, string] => [`a${i}`, "v"])));
    h.call("TagResources", { ...base, "ResourceId.1": a, ...tagParams(Array.from({ length: 5 }, (_, i): [string, string] => [`b${i}`, "v"])) });
    expect(tagsOf(h, a)).toHaveLength(20);
    // Overwriting an existing key does not add one.
    h.call("TagResources", { ...base, "ResourceId.1": a, ...tagParams([["a0", "new"]]) });
    expectServiceError(() => h.call("TagResources", { ...base, "ResourceId.1": a, ...tagParams([["c", "v"]]) }), "QuotaExceeded.TagNum");
    expect(tagsOf(h, a)).toHaveLength(20);
  });
});

describe("UnTagResources", () => {
  it("removes the named keys; unknown keys are ignored", () => {
    const h = harness();
    const id = create(h, tagParams([["env", "prod"], ["team", "net"]]));
    expect(h.call("UnTagResources", { ...base, "ResourceId.1": id, "TagKey.1": "env", "TagKey.2": "nope" })).toEqual({});
    expect(tagsOf(h, id)).toEqual([{ Key: "team", Value: "net" }]);
  });

  it("accepts an empty TagKey.N, which removes nothing (SDK 7.3.2 UnTagResourcesRequest.tagKey: \"can be an empty string\")", () => {
    const h = harness();
    const id = create(h, tagParams([["env", "prod"]]));
    expect(h.call("UnTagResources", { ...base, "ResourceId.1": id, "TagKey.1": "" })).toEqual({});
    expect(tagsOf(h, id)).toEqual([{ Key: "env", Value: "prod" }]);
    expectServiceError(() => h.call("UnTagResources", { ...base, "ResourceId.1": id, "TagKey.1": "k".repeat(129) }), "InvalidTagKey");
  });

  it("All=true removes every user tag but never a system tag", () => {
    // Only the service itself sets system tags; a restored snapshot stands in for that.
    const first = harness();
    const flowId = create(first, tagParams([["env", "prod"]]));
    const snap = first.service.snapshot();
    snap.flowLogs[0]!.tags.push({ Key: "acs:rm:rgId", Value: "rg-1" }, { Key: "aliyun-owner", Value: "x" });
    const service = VpcService.restore(snap, { clock: first.clock });
    service.unTagResources({ regionId: "cn-hangzhou", resourceType: "FLOWLOG", resourceIds: [flowId], tagKeys: [], all: true });
    expect(service.allFlowLogs()[0]?.tags).toEqual([{ Key: "acs:rm:rgId", Value: "rg-1" }, { Key: "aliyun-owner", Value: "x" }]);
  });

  it("needs TagKey.N or All=true, and refuses system keys and unknown flow logs", () => {
    const h = harness();
    const id = create(h);
    expectServiceError(() => h.call("UnTagResources", { ...base, "ResourceId.1": id }), "MissingParameter");
    expectServiceError(() => h.call("UnTagResources", { ...base, "ResourceId.1": id, All: "false" }), "MissingParameter");
    expectServiceError(() => h.call("UnTagResources", { ...base, "ResourceId.1": id, All: "maybe" }), "InvalidParameter");
    expectServiceError(() => h.call("UnTagResources", { ...base, "ResourceId.1": id, "TagKey.1": "acs:rm:rgId" }), "InvalidTagKey");
    expectServiceError(() => h.call("UnTagResources", { ...base, "ResourceId.1": "fl-x", "TagKey.1": "k" }), "InvalidInstanceIds.NotFound");
    expect(h.call("UnTagResources", { ...base, "ResourceId.1": id, All: "TRUE" })).toEqual({});
  });
});

describe("ListTagResources", () => {
  type Row = { ResourceId: string; ResourceType: string; TagKey: string; TagValue: string };
  const listRows = (h: Harness, params: Record<string, string>) => {
    const body = h.call("ListTagResources", { ...base, ...params });
    return { next: body.NextToken as string, rows: (body.TagResources as { TagResource: Row[] }).TagResource };
  };

  it("lists one row per tag of the named flow logs", () => {
    const h = harness();
    const a = create(h, tagParams([["env", "prod"], ["team", "net"]]));
    create(h, { ResourceId: "vpc-demo0002", ...tagParams([["env", "dev"]]) });
    const { rows, next } = listRows(h, { "ResourceId.1": a });
    expect(next).toBe("");
    expect(rows).toEqual([
      { ResourceId: a, ResourceType: "FLOWLOG", TagKey: "env", TagValue: "prod" },
      { ResourceId: a, ResourceType: "FLOWLOG", TagKey: "team", TagValue: "net" },
    ]);
  });

  it("filters by Tag.N (key only matches any value) and needs ResourceId.N or Tag.N", () => {
    const h = harness();
    const a = create(h, tagParams([["env", "prod"], ["team", "net"]]));
    const b = create(h, { ResourceId: "vpc-demo0002", ...tagParams([["env", "dev"]]) });
    expect(listRows(h, { "Tag.1.Key": "env" }).rows.map((r) => [r.ResourceId, r.TagValue])).toEqual([[a, "prod"], [b, "dev"]]);
    expect(listRows(h, { "Tag.1.Key": "env", "Tag.1.Value": "dev" }).rows.map((r) => r.ResourceId)).toEqual([b]);
    expect(listRows(h, { "ResourceId.1": "fl-unknown" }).rows).toEqual([]);
    expectServiceError(() => h.call("ListTagResources", base), "MissingParameter");
  });

  it("pages with MaxResults and NextToken", () => {
    const h = harness();
    const a = create(h, tagParams(Array.from({ length: 5 }, (_, i): [string, string] => [`k${i}`, `v${i}`])));
    const first = listRows(h, { "ResourceId.1": a, MaxResults: "2" });
    expect(first.rows.map((r) => r.TagKey)).toEqual(["k0", "k1"]);
    expect(first.next).not.toBe("");
    const second = listRows(h, { "ResourceId.1": a, MaxResults: "2", NextToken: first.next });
    expect(second.rows.map((r) => r.TagKey)).toEqual(["k2", "k3"]);
    const third = listRows(h, { "ResourceId.1": a, MaxResults: "2", NextToken: second.next });
    expect(third.rows.map((r) => r.TagKey)).toEqual(["k4"]);
    expect(third.next).toBe("");
    expectServiceError(() => listRows(h, { "ResourceId.1": a, MaxResults: "51" }), "InvalidParameter");
    expectServiceError(() => listRows(h, { "ResourceId.1": a, NextToken: "garbage!" }), "InvalidParameter");
    // Tokens that decode to nothing or to another text are refused too, never read as a fresh start (a review's case).
    for (const token of ["!!!!", Buffer.from("offset:").toString("base64url"), Buffer.from("offset:-1").toString("base64url"), Buffer.from("2").toString("base64url")]) {
      expectServiceError(() => listRows(h, { "ResourceId.1": a, NextToken: token }), "InvalidParameter");
    }
  });
});

describe("MoveResourceGroup", () => {
  it("moves a flow log to an existing group, in any status", () => {
    const h = harness();
    const id = create(h);
    expect(h.call("MoveResourceGroup", { ...base, ResourceId: id, NewResourceGroupId: "rg-acfmdemo0002" })).toEqual({});
    expect(h.service.allFlowLogs()[0]?.resourceGroupId).toBe("rg-acfmdemo0002");
    expect(h.call("DescribeFlowLogs", { RegionId: "cn-hangzhou", ResourceGroupId: "rg-acfmdemo0002" }).TotalCount).toBe("1");
  });

  it("refuses an unknown group, flow log, type or missing parameter", () => {
    const h = harness();
    const id = create(h);
    expectServiceError(() => h.call("MoveResourceGroup", { ...base, ResourceId: id, NewResourceGroupId: "rg-nope" }), "IllegalParam.ResourceGroupId");
    expectServiceError(() => h.call("MoveResourceGroup", { ...base, ResourceId: "fl-nope", NewResourceGroupId: "rg-acfmdemo0002" }), "InvalidInstanceId.NotFound");
    expectServiceError(() => h.call("MoveResourceGroup", { ...base, ResourceType: "VPC", ResourceId: id, NewResourceGroupId: "rg-acfmdemo0002" }), "InvalidResourceType.NotFound");
    expectServiceError(() => h.call("MoveResourceGroup", { ...base, ResourceId: id }), "MissingParameter");
    expect(h.service.allFlowLogs()[0]?.resourceGroupId).toBe("rg-acfmdefault0001");
  });
});
