import { describe, expect, it } from "vitest";
import { diffFlowLog, UNKNOWN } from "../../src/provider";

/** Stored outputs as read reports them from the cloud (system tags already left out by mapping, one kept here on purpose). */
const olds = {
  flowLogId: "fl-1",
  resourceType: "VPC",
  resourceId: "vpc-demo0001",
  trafficType: "All",
  projectName: "flowlog-project",
  logStoreName: "flowlog-store",
  regionId: "cn-hangzhou",
  trafficPaths: ["all", "natGateway"],
  flowLogName: "web",
  description: "d",
  aggregationInterval: 10,
  ipVersion: "IPv4",
  status: "Active",
  tags: { team: "net", "acs:rm:rgId": "rg-acfmdefault0001" },
  resourceGroupId: "rg-acfmdefault0001",
  timeouts: { create: "10m", update: "10m", delete: "10m" },
};
const news = { ...olds, tags: { team: "net" } } as Record<string, unknown>;
delete news.flowLogId;

describe("diff", () => {
  it("reports no change for the same inputs, system tags aside, and timeouts of the same length spelled otherwise", () => {
    expect(diffFlowLog(olds, { ...news, timeouts: { create: "600s", update: "10m0s", delete: "10m" } })).toEqual({
      changes: false,
      replaces: [],
      updates: [],
      deleteBeforeReplace: false,
    });
    expect(diffFlowLog(olds, { ...news, timeouts: undefined }).changes).toBe(false);
  });

  it("reports new timeouts as an update (no API call; the state must hold them, since delete reads its timeout there)", () => {
    expect(diffFlowLog(olds, { ...news, timeouts: { create: "10m", update: "10m", delete: "30m" } })).toEqual({
      changes: true,
      replaces: [],
      updates: ["timeouts"],
      deleteBeforeReplace: false,
    });
  });

  const table: [string, unknown, "replace" | "update"][] = [
    ["resourceType", "VSwitch", "replace"],
    ["trafficType", "Drop", "replace"],
    ["projectName", "demo-project", "replace"],
    ["logStoreName", "demo-logstore", "replace"],
    ["regionId", "cn-shanghai", "replace"],
    ["trafficPaths", ["all"], "replace"],
    ["flowLogName", "web2", "update"],
    ["description", "other", "update"],
    ["aggregationInterval", 5, "update"],
    ["ipVersion", "DualStack", "update"],
    ["status", "Inactive", "update"],
    ["tags", { team: "ops" }, "update"],
    ["resourceGroupId", "rg-acfmdemo0002", "update"],
  ];
  for (const [property, value, kind] of table) {
    it(`${property} -> ${kind}`, () => {
      const result = diffFlowLog(olds, { ...news, [property]: value });
      expect(result.changes).toBe(true);
      expect(kind === "replace" ? result.replaces : result.updates).toEqual([property]);
      expect(kind === "replace" ? result.updates : result.replaces).toEqual([]);
      // Same resource captured: the old flow log must go first (the service may allow one per resource). Another
      // region is another resource (VPCs, vSwitches and ENIs are regional): created first.
      expect(result.deleteBeforeReplace).toBe(kind === "replace" && property !== "regionId");
    });
  }

  it("creates the replacement first when it captures another resource", () => {
    const result = diffFlowLog(olds, { ...news, resourceId: "vpc-demo0002" });
    expect(result).toMatchObject({ changes: true, replaces: ["resourceId"], deleteBeforeReplace: false });
  });

  it("creates the replacement first when it captures a resource of the same ID in another region", () => {
    const result = diffFlowLog(olds, { ...news, regionId: "cn-shanghai", trafficType: "Drop" });
    expect(result).toMatchObject({ changes: true, replaces: ["trafficType", "regionId"], deleteBeforeReplace: false });
  });

  it("the import option (importId): its own id changes nothing but makes a forced replacement delete first; another id replaces, created (adopted) first", () => {
    expect(diffFlowLog(olds, { ...news, importId: "fl-1" })).toEqual({ changes: false, replaces: [], updates: [], deleteBeforeReplace: true });
    expect(diffFlowLog(olds, { ...news, importId: "fl-2" })).toEqual({ changes: true, replaces: ["importId"], updates: [], deleteBeforeReplace: false });
    expect(diffFlowLog(olds, { ...news, importId: "fl-2", trafficType: "Drop" })).toMatchObject({ replaces: ["trafficType", "importId"], deleteBeforeReplace: false });
  });

  it("treats an unknown value as a change, and an unknown resourceId or regionId as possibly the same resource", () => {
    expect(diffFlowLog(olds, { ...news, resourceId: UNKNOWN })).toMatchObject({ replaces: ["resourceId"], deleteBeforeReplace: true });
    expect(diffFlowLog(olds, { ...news, regionId: UNKNOWN })).toMatchObject({ replaces: ["regionId"], deleteBeforeReplace: true });
    expect(diffFlowLog(olds, { ...news, description: UNKNOWN })).toMatchObject({ changes: true, updates: ["description"] });
  });

  it("does not diff a field the user left unset, and shows drift in one the user set", () => {
    const minimal = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", status: "Active" };
    expect(diffFlowLog({ ...olds, flowLogName: "changed in console", aggregationInterval: 1 }, minimal).changes).toBe(false);
    expect(diffFlowLog({ ...olds, flowLogName: "changed in console" }, news)).toMatchObject({ changes: true, updates: ["flowLogName"] });
    expect(diffFlowLog({ ...olds, status: "Inactive" }, minimal)).toMatchObject({ changes: true, updates: ["status"] });
  });

  it("ignores the order of trafficPaths and aggregationInterval given as a string", () => {
    expect(diffFlowLog(olds, { ...news, trafficPaths: ["natGateway", "all"], aggregationInterval: "10" }).changes).toBe(false);
  });

  it("treats trafficPaths [] and [\"all\"] as the default the service reports (no replace loop; a review's case)", () => {
    for (const [stored, asked] of [[["all"], []], [[], ["all"]], [undefined, []], [["all"], ["all"]]] as const) {
      expect(diffFlowLog({ ...olds, trafficPaths: stored }, { ...news, trafficPaths: asked }).changes).toBe(false);
    }
    expect(diffFlowLog({ ...olds, trafficPaths: ["all"] }, { ...news, trafficPaths: ["vbr"] }).replaces).toEqual(["trafficPaths"]);
  });

  it("reads an ipVersion or aggregationInterval the service left unreported as its default (IPv4, 10), not as a change", () => {
    const { aggregationInterval: _omitted, ...withoutInterval } = olds;
    expect(diffFlowLog({ ...withoutInterval, ipVersion: "" }, news).changes).toBe(false);
    expect(diffFlowLog({ ...withoutInterval, ipVersion: "" }, { ...news, ipVersion: "DualStack" }).updates).toEqual(["ipVersion"]);
    expect(diffFlowLog(withoutInterval, { ...news, aggregationInterval: 5 }).updates).toEqual(["aggregationInterval"]);
  });

  it("shows a status left mid-transition (e.g. after a create that timed out) as an update", () => {
    expect(diffFlowLog({ ...olds, status: "Activating" }, news)).toMatchObject({ changes: true, updates: ["status"], replaces: [] });
  });
});
