// What Diff answers through the real dynamic-provider process for each argument change, against
// a flow log really created on the emulator (so olds are real outputs, as the engine stores them).
import { describe, expect, it } from "vitest";
import { args, useLab, type Entry, type Lab } from "./lab";

let lab: Lab;
let base: Entry;
const baseArgs = args("vpc-demo0101", {
  flowLogName: "web",
  description: "d",
  aggregationInterval: 5,
  tags: { a: "1", b: "2", c: "3" },
  ipVersion: "IPv4",
});

useLab(
  async (started) => {
    lab = started;
    base = await lab.create("web", baseArgs);
  },
  { activationDelayMs: 100, transitionDelayMs: 100, userDefinedTrafficPath: true },
);

describe("diff through the provider process", () => {
  it("same args: no change", async () => {
    expect((await lab.diff(base, baseArgs)).diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
  });

  it("tags given in another key order: no change", async () => {
    const { diff } = await lab.diff(base, { ...baseArgs, tags: { c: "3", b: "2", a: "1" } });
    expect(diff.changes).toBe("none");
  });

  it("timeouts alone: an update, never a replace (the state must take them: delete reads its timeout there)", async () => {
    const { diff } = await lab.diff(base, { ...baseArgs, timeouts: { create: "1m", update: "2m", delete: "3m" } });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    expect((await lab.diff(base, { ...baseArgs, timeouts: { create: "600s" } })).diff.changes).toBe("none");
  });

  it.each([
    ["flowLogName", "web2"],
    ["description", "other"],
    ["aggregationInterval", 10],
    ["ipVersion", "DualStack"],
    ["status", "Inactive"],
    ["tags", { a: "1" }],
    ["tags", {}],
    ["resourceGroupId", "rg-acfmdemo0002"],
  ])("in place: %s -> %j", async (field, value) => {
    const { diff } = await lab.diff(base, { ...baseArgs, [field]: value });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  });

  it.each([
    ["trafficType", "Drop", true],
    ["projectName", "demo-project", true],
    ["logStoreName", "demo-logstore", true],
    ["regionId", "cn-shanghai", false],
    ["trafficPaths", ["natGateway"], true],
    ["resourceId", "vpc-demo0102", false],
  ])("replace: %s -> %j (deleteBeforeReplace %s)", async (field, value, dbr) => {
    const { diff } = await lab.diff(base, { ...baseArgs, [field]: value });
    expect(diff).toEqual({ changes: "some", replaces: [field], deleteBeforeReplace: dbr });
  });

  it("resourceType + resourceId change together (VPC -> VSwitch): replace, new one created first", async () => {
    const { diff } = await lab.diff(base, { ...baseArgs, resourceType: "VSwitch", resourceId: "vsw-demo0101" });
    expect(diff).toEqual({ changes: "some", replaces: ["resourceType", "resourceId"], deleteBeforeReplace: false });
  });

  it("trafficPaths: ['all'] on a flow log created without trafficPaths (the service reports ['all']): no change", async () => {
    expect(base.outputs.trafficPaths).toEqual(["all"]);
    const { diff } = await lab.diff(base, { ...baseArgs, trafficPaths: ["all"] });
    expect(diff.changes).toBe("none");
  });

  // The service reports ['all'] for a flow log created without TrafficPath, and create sends none for []: were [] and
  // ['all'] different to diff, every `pulumi up` would replace the flow log (a review found that loop).
  it("trafficPaths: [] means none, as on create: no change", async () => {
    const { diff } = await lab.diff(base, { ...baseArgs, trafficPaths: [] });
    expect(diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
  });

  it("created with trafficPaths: [], the unchanged program diffs clean on the next up", async () => {
    const a = args("vpc-demo0104", { trafficPaths: [] });
    const e = await lab.create("empty-paths", a);
    try {
      const { diff } = await lab.diff(e, a);
      expect(diff).toEqual({ changes: "none", replaces: [], deleteBeforeReplace: false });
    } finally {
      await lab.delete(e);
    }
  });

  it("custom trafficPaths given in another order: no change", async () => {
    const e = await lab.create("paths", args("vpc-demo0103", { trafficPaths: ["natGateway", "vpnGateway"] }));
    const { diff } = await lab.diff(e, args("vpc-demo0103", { trafficPaths: ["vpnGateway", "natGateway"] }));
    expect(diff.changes).toBe("none");
    await lab.delete(e);
  });

  // A field the program stops setting is not managed (README): deleting the `tags` line leaves the tags on the flow
  // log and `pulumi preview` shows no change; an explicit `tags: {}` removes them.
  it("removing the tags argument from the program is no change (tags stay on the flow log)", async () => {
    const withoutTags: Record<string, unknown> = { ...baseArgs };
    delete withoutTags.tags;
    expect((await lab.diff(base, withoutTags)).diff.changes).toBe("none");
  });

  it("no secret in anything seen", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
