// The client's wire (flattening, percent-encoding, V3 and V2 signatures) and the emulator's parsing with odd-but-valid
// text: CreateFlowLog, DescribeFlowLogs (by id and by Tags.N filter), ListTagResources, TagResources / UnTagResources.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { CHAR_TAGS, DESCRIPTION_256, limitTags, NAME_128, PROTO_TAGS } from "./odd";

let emulator: RunningEmulator;
const clients: VpcClient[] = [];
const REGION = "cn-hangzhou";

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 50, transitionDelayMs: 50 } });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emulator.stop();
});

function client(signatureVersion: "v3" | "v2"): VpcClient {
  const c = new VpcClient({
    regionId: REGION,
    endpoint: emulator.url,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    signatureVersion,
    rateLimit: false,
  });
  clients.push(c);
  return c;
}

/** RFC 3986 sub-delimiters and others encodeURIComponent treats apart, plus everything else odd. */
const PUNCT_TAGS: Record<string, string> = { "!'()*~": "*()!'~", "a b+c": "+%2B%", "#?/:@[]": "$,;=&", "\u0000\u0007\u001b": "\u007f\u0085\u2028" };

describe.each(["v3", "v2"] as const)("signature %s", (version) => {
  it("CreateFlowLog with 20 odd tags and limit-length text, then DescribeFlowLogs and ListTagResources give them back exactly", async () => {
    const c = client(version);
    const tags = { ...PROTO_TAGS, ...CHAR_TAGS };
    const made = await c.createFlowLog({
      regionId: REGION,
      resourceType: "VPC",
      resourceId: version === "v3" ? "vpc-demo0951" : "vpc-demo0952",
      trafficType: "All",
      projectName: "flowlog-project",
      logStoreName: "flowlog-store",
      flowLogName: NAME_128,
      description: DESCRIPTION_256,
      tag: Object.entries(tags).map(([key, value]) => ({ key, value })),
    });
    const id = String(made.FlowLogId);
    const described = await c.describeFlowLogs({ regionId: REGION, flowLogId: id });
    const fl = described.FlowLogs.FlowLog[0]!;
    expect(fl.FlowLogName).toBe(NAME_128);
    expect(fl.Description).toBe(DESCRIPTION_256);
    expect(Object.fromEntries(fl.Tags!.Tag.map((t) => [t.Key, t.Value ?? ""]))).toEqual(tags);
    // Tags.N filter (plural in DescribeFlowLogs) with prototype-named and odd keys.
    for (const [key, value] of Object.entries(tags)) {
      const hit = await c.describeFlowLogs({ regionId: REGION, tags: [{ key, value }] });
      expect(hit.FlowLogs.FlowLog.map((f) => f.FlowLogId), JSON.stringify(key)).toEqual([id]);
    }
    const listed = await c.listTagResources({ regionId: REGION, resourceType: "FLOWLOG", resourceId: [id] });
    expect(Object.fromEntries(listed.TagResources.TagResource.map((r) => [r.TagKey, r.TagValue ?? ""]))).toEqual(tags);
    const byTag = await c.listTagResources({ regionId: REGION, resourceType: "FLOWLOG", tag: [{ key: "toString", value: "s" }] });
    expect(byTag.TagResources.TagResource.map((r) => [r.ResourceId, r.TagKey])).toEqual([[id, "toString"]]);
    // Remove all 20 by key, then set punctuation and control characters, an empty value among them.
    await c.unTagResources({ regionId: REGION, resourceType: "FLOWLOG", resourceId: [id], tagKey: Object.keys(tags) });
    await c.tagResources({ regionId: REGION, resourceType: "FLOWLOG", resourceId: [id], tag: Object.entries({ ...PUNCT_TAGS, empty: "" }).map(([key, value]) => ({ key, value })) });
    const after = (await c.describeFlowLogs({ regionId: REGION, flowLogId: id })).FlowLogs.FlowLog[0]!;
    expect(Object.fromEntries(after.Tags!.Tag.map((t) => [t.Key, t.Value ?? ""]))).toEqual({ ...PUNCT_TAGS, empty: "" });
    // The largest valid set of tags in one TagResources (about 40 KB of URL for V3).
    await c.unTagResources({ regionId: REGION, resourceType: "FLOWLOG", resourceId: [id], all: true });
    await c.tagResources({ regionId: REGION, resourceType: "FLOWLOG", resourceId: [id], tag: Object.entries(limitTags()).map(([key, value]) => ({ key, value })) });
    const big = (await c.describeFlowLogs({ regionId: REGION, flowLogId: id })).FlowLogs.FlowLog[0]!;
    expect(Object.fromEntries(big.Tags!.Tag.map((t) => [t.Key, t.Value ?? ""]))).toEqual(limitTags());
  });
});
