/**
 * check's messages (src/provider/check.ts): each names the field and the rule, and a bad field gets one message (a list
 * or map gets one per bad part). The CLI shows only these reasons at `pulumi preview`. Enum values, durations and tag keys
 * are quoted; free text, IDs and tag values are not (a dynamic provider gets pulumi.secret() values in plain text), only
 * described by kind and size.
 */
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs, FlowLogProvider } from "../../src/provider";

const VALID = { resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" };

function reasonsFor(patch: Record<string, unknown>, property: string): string[] {
  const { failures } = checkFlowLogInputs({ ...VALID, ...patch }, { regionId: "cn-hangzhou" });
  return failures.filter((f) => f.property === property).map((f) => f.reason);
}

describe("check: messages name the field, the rule and (where it cannot be a secret) the value", () => {
  it("a trafficPaths element that is not a string names its index, and its value when a scalar", () => {
    for (const bad of [1, null, true]) {
      expect(reasonsFor({ trafficPaths: ["vbr", bad] }, "trafficPaths")).toEqual([`trafficPaths[1] must be a string; got ${JSON.stringify(bad)}`]);
    }
    expect(reasonsFor({ trafficPaths: ["vbr", { path: "s3cr3t" }] }, "trafficPaths")).toEqual(["trafficPaths[1] must be a string; got an object"]);
  });

  it("enum fields given a list or a map describe it; an unknown traffic path repeated or with DualStack is not quoted", () => {
    expect(reasonsFor({ resourceType: { k: "s3cr3t" } }, "resourceType")).toEqual(["resourceType must be one of VPC, VSwitch, NetworkInterface; got an object"]);
    expect(reasonsFor({ aggregationInterval: ["s3cr3t"] }, "aggregationInterval")).toEqual(["aggregationInterval must be 1, 5 or 10 (minutes); got a list of 1 items"]);
    expect(reasonsFor({ trafficPaths: ["s3cr3t", "s3cr3t"] }, "trafficPaths")).toEqual(["trafficPaths must not repeat a value; trafficPaths[0] (not a known path) appears more than once"]);
    const dual = reasonsFor({ ipVersion: "DualStack", trafficPaths: ["vbr", "s3cr3t"] }, "trafficPaths");
    expect(dual).toEqual([expect.stringMatching(/cannot go with ipVersion DualStack .*; got a list of 2 items$/)]);
    expect(reasonsFor({ ipVersion: "DualStack", trafficPaths: ["vbr"] }, "trafficPaths")).toEqual([expect.stringMatching(/; got \["vbr"\]$/)]);
  });

  it("an empty trafficPaths element names the field", () => {
    expect(reasonsFor({ trafficPaths: ["vbr", ""] }, "trafficPaths")).toEqual(["trafficPaths[1] must not be empty"]);
  });

  it("flowLogName and description starting with a URL: the rule, never the value", () => {
    expect(reasonsFor({ flowLogName: "http://x" }, "flowLogName")).toEqual(["flowLogName must not start with http:// or https://"]);
    expect(reasonsFor({ description: "HTTPS://y" }, "description")).toEqual(["description must not start with http:// or https://"]);
  });

  it("an overlong resourceId shows its length, not the value", () => {
    expect(reasonsFor({ resourceId: `vpc-${"a".repeat(130)}` }, "resourceId")).toEqual(["resourceId must be at most 128 characters (UTF-16 code units; an emoji counts 2); got 134"]);
  });

  it("a resourceId of another type names that type by its prefix; one of no known type gives its size", () => {
    expect(reasonsFor({ resourceId: "vsw-secret1" }, "resourceId")).toEqual(['resourceId for resourceType VPC must start with "vpc-"; got a VSwitch ID (vsw-...)']);
    expect(reasonsFor({ resourceId: "secret-id" }, "resourceId")).toEqual([
      'resourceId for resourceType VPC must start with "vpc-"; got a string of 9 characters without any of those prefixes',
    ]);
  });

  it("values that may be pulumi.secret() in the program are never quoted, whatever rule they break", () => {
    const SECRET = "Hunter2";
    const bad = {
      flowLogName: `https://${SECRET}`,
      description: 42,
      projectName: `UPPER-${SECRET}`,
      logStoreName: { s: SECRET },
      resourceId: `x-${SECRET}`,
      resourceGroupId: `group-${SECRET}`,
      tags: { team: `acs:${SECRET}`, env: `http://${SECRET}`, big: `${SECRET}${"x".repeat(200)}`, n: 7 },
    };
    const { failures } = checkFlowLogInputs({ ...VALID, ...bad }, { regionId: "cn-hangzhou" });
    expect(failures.map((f) => f.property).sort()).toEqual(
      ["description", "flowLogName", "logStoreName", "projectName", "resourceGroupId", "resourceId", "tags", "tags", "tags", "tags"].sort(),
    );
    for (const failure of failures) expect(failure.reason).not.toContain(SECRET);
    expect(reasonsFor({ description: 42 }, "description")).toEqual(["description must be a string; got a number"]);
    expect(reasonsFor({ regionId: `Region ${SECRET}` }, "regionId")).toEqual([
      "regionId must be a region ID such as cn-hangzhou (lower-case letters, digits, hyphens); got a string of 14 characters",
    ]);
    expect(reasonsFor({ trafficPaths: SECRET }, "trafficPaths")).toEqual(["trafficPaths must be a list of strings; got a string of 7 characters"]);
    expect(reasonsFor({ projectName: "UP" }, "projectName")).toEqual([
      "projectName must be 3-63 lower-case letters, digits and hyphens, starting and ending with a letter or digit; got a string of 2 characters",
    ]);
  });
});

describe("check: one message per bad field", () => {
  it("an empty resourceId is not also reported for its prefix", () => {
    expect(reasonsFor({ resourceId: "" }, "resourceId")).toEqual(["resourceId must not be empty"]);
  });

  it("a resourceId both too long and of the wrong prefix: the length rule only", () => {
    expect(reasonsFor({ resourceId: `eni-${"a".repeat(130)}` }, "resourceId")).toEqual([expect.stringContaining("at most 128 characters")]);
  });

  it("a flowLogName both too long and starting with http://: the URL rule only", () => {
    expect(reasonsFor({ flowLogName: `http://${"a".repeat(130)}` }, "flowLogName")).toEqual([expect.stringContaining("must not start with http://")]);
  });

  it("a traffic path given three times is reported once; distinct bad paths once each", () => {
    expect(reasonsFor({ trafficPaths: ["vbr", "vbr", "vbr"] }, "trafficPaths")).toEqual(['trafficPaths must not repeat a value; "vbr" appears more than once']);
    expect(reasonsFor({ trafficPaths: ["VBR", 7] }, "trafficPaths")).toEqual(['trafficPaths values are case-sensitive: "VBR" should be "vbr"', "trafficPaths[1] must be a string; got 7"]);
  });
});

describe("check: one message per bad tag, and no message twice", () => {
  it("a tag with a reserved key and a URL value gets one message, for its key", () => {
    expect(reasonsFor({ tags: { aliyunk: "http://v" } }, "tags")).toEqual(['tag key "aliyunk" must not start with aliyun or acs:']);
  });

  it("a misspelled, empty or non-string traffic path given twice is reported once", () => {
    expect(reasonsFor({ trafficPaths: ["VBR", "VBR"] }, "trafficPaths")).toEqual(['trafficPaths values are case-sensitive: "VBR" should be "vbr"']);
    expect(reasonsFor({ trafficPaths: ["", ""] }, "trafficPaths")).toEqual(["trafficPaths[0] must not be empty"]);
    expect(reasonsFor({ trafficPaths: [1, 1, "1"] }, "trafficPaths")).toEqual(["trafficPaths[0] must be a string; got 1"]);
  });
});

describe("check: timeouts are at most 24h", () => {
  // Node's timers hold at most 2^31-1 ms (about 24.8 days) and fire at once beyond: a longer wait would end as it began.
  it("refuses a timeout over 24h, naming the limit; accepts 24h", () => {
    expect(reasonsFor({ timeouts: { create: "600h" } }, "timeouts.create")).toEqual(['timeouts.create must be at most 24h; got "600h"']);
    expect(reasonsFor({ timeouts: { delete: "24h1s" } }, "timeouts.delete")).toEqual(['timeouts.delete must be at most 24h; got "24h1s"']);
    expect(reasonsFor({ timeouts: { update: "24h" } }, "timeouts.update")).toEqual([]);
  });

  it("a Go duration under 1ms is refused as such, not as 'not positive'", () => {
    expect(reasonsFor({ timeouts: { create: "499us" } }, "timeouts.create")).toEqual(['timeouts.create must be at least 1ms (shorter durations round to 0); got "499us"']);
    expect(reasonsFor({ timeouts: { create: "500us" } }, "timeouts.create")).toEqual([]);
  });
});

describe("check: a region must come from somewhere", () => {
  it("refuses a FlowLog without regionId when no region is configured, naming every place looked", async () => {
    const provider = new FlowLogProvider({ env: {}, log: () => undefined });
    await provider.configure({ config: { get: () => undefined } });
    const { failures } = await provider.check({}, { ...VALID, __provider: "shim" });
    expect(failures).toEqual([
      { property: "regionId", reason: expect.stringMatching(/^regionId is required: no region is configured; .*alicloud:region.*ALIBABA_CLOUD_REGION or ALICLOUD_REGION/) as unknown },
    ]);
    expect((await provider.check({}, { ...VALID, regionId: "cn-shanghai" })).failures).toEqual([]);
    const configured = new FlowLogProvider({ env: { ALICLOUD_REGION: "cn-beijing" }, log: () => undefined });
    await configured.configure({ config: { get: () => undefined } });
    expect(await configured.check({}, VALID)).toMatchObject({ failures: [], inputs: { regionId: "cn-beijing" } });
  });
});
