/**
 * Odd parameter values never crash the emulator: every action's parameters, one at a time, given values a careless or
 * hostile client sends (empty, NUL, replacement characters, 3000 characters, numbers in other notations, JSON where a
 * list is flattened, prototype names, CRLF) get a 200 or a service error with a Code, never a 5xx; the logger never
 * reports an internal error. Also: 50,000 indexed parameters in a body under the 1 MiB limit are answered with an error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex, signV3 } from "../../src/client/signing";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { createFlowLogParams, KEY_ID, KEY_SECRET, rawRequest, signedCall, v3Headers, waitFor } from "./helpers";

let emulator: RunningEmulator;
const internalErrors: string[] = [];
let flowLogId: string;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    settings: { activationDelayMs: 30, transitionDelayMs: 30 },
    logger: (line) => {
      if (line.includes("internal error")) internalErrors.push(line);
    },
  });
  const created = await signedCall(emulator.port, "CreateFlowLog", createFlowLogParams(401));
  flowLogId = created.json.FlowLogId as string;
  await waitFor(async () => {
    const described = await signedCall(emulator.port, "DescribeFlowLogs", { RegionId: "cn-hangzhou", FlowLogId: flowLogId });
    return (described.json.FlowLogs as { FlowLog: { Status: string }[] }).FlowLog[0]?.Status === "Active" ? true : undefined;
  });
});

afterAll(async () => {
  await emulator.stop();
  expect(internalErrors).toEqual([]);
});

/** The parameters of every action, as the SDK models name them (flattened lists included). */
const PARAMS: Record<string, readonly string[]> = {
  CreateFlowLog: ["RegionId", "ResourceType", "ResourceId", "TrafficType", "ProjectName", "LogStoreName", "FlowLogName", "Description", "AggregationInterval", "TrafficPath", "TrafficPath.1", "ResourceGroupId", "Tag", "Tag.1.Key", "Tag.1.Value", "IpVersion"],
  DescribeFlowLogs: ["RegionId", "FlowLogId", "FlowLogName", "Description", "ResourceType", "ResourceId", "TrafficType", "ProjectName", "LogStoreName", "Status", "VpcId", "ResourceGroupId", "Tags.1.Key", "Tags.1.Value", "PageNumber", "PageSize"],
  ModifyFlowLogAttribute: ["RegionId", "FlowLogId", "FlowLogName", "Description", "AggregationInterval", "IpVersion"],
  ActiveFlowLog: ["RegionId", "FlowLogId"],
  DeactiveFlowLog: ["RegionId", "FlowLogId"],
  DeleteFlowLog: ["RegionId", "FlowLogId"],
  TagResources: ["RegionId", "ResourceType", "ResourceId", "ResourceId.1", "Tag.1.Key", "Tag.1.Value"],
  UnTagResources: ["RegionId", "ResourceType", "ResourceId.1", "TagKey.1", "All"],
  ListTagResources: ["RegionId", "ResourceType", "ResourceId.1", "Tag.1.Key", "MaxResults", "NextToken"],
  MoveResourceGroup: ["RegionId", "ResourceType", "ResourceId", "NewResourceGroupId"],
  GetFlowLogServiceStatus: ["RegionId"],
  OpenFlowLogService: ["RegionId", "ClientToken"],
};

const ODD_VALUES = [
  "", " ", "\u0000", "\uFFFD", "🚀".repeat(70), "x".repeat(3000), "-1", "1e3", "0x10", "NaN", "99999999999999999999999",
  '["all"]', '[{"Key":"a","Value":"b"}]', '{"__proto__":1}', "constructor", "__proto__", "true", "null", "%FF", "a\r\nb",
];

/** Valid parameters of `action` to vary one at a time; writes name a flow log that does not exist, so none changes state. */
function validParams(action: string): Record<string, string> {
  const region = { RegionId: "cn-hangzhou" };
  switch (action) {
    case "CreateFlowLog":
      return createFlowLogParams(402);
    case "TagResources":
      return { ...region, ResourceType: "FLOWLOG", "ResourceId.1": flowLogId, "Tag.1.Key": "k", "Tag.1.Value": "v" };
    case "UnTagResources":
    case "ListTagResources":
      return { ...region, ResourceType: "FLOWLOG", "ResourceId.1": flowLogId };
    case "MoveResourceGroup":
      return { ...region, ResourceType: "FlowLog", ResourceId: flowLogId, NewResourceGroupId: "rg-acfmdefault0001" };
    case "GetFlowLogServiceStatus":
    case "OpenFlowLogService":
    case "DescribeFlowLogs":
      return region;
    default:
      return { ...region, FlowLogId: "fl-doesnotexist" };
  }
}

describe("odd parameter values", () => {
  for (const [action, names] of Object.entries(PARAMS)) {
    it(`${action}: 200 or a service error, never a 5xx`, async () => {
      const unanswered: string[] = [];
      for (const name of names) {
        for (const value of ODD_VALUES) {
          const answer = await signedCall(emulator.port, action, { ...validParams(action), [name]: value });
          const serviceError = answer.status >= 400 && answer.status < 500 && typeof answer.json.Code === "string";
          if (answer.status !== 200 && !serviceError) unanswered.push(`${name}=${JSON.stringify(value).slice(0, 20)} -> ${answer.status}`);
        }
      }
      expect(unanswered).toEqual([]);
    });
  }

  it("50,000 indexed Tag.N.Key in a signed form body under 1 MiB: read, then refused as too many tags", async () => {
    const parts = [new URLSearchParams(createFlowLogParams(404)).toString()];
    for (let i = 1; i <= 50_000; i++) parts.push(`Tag.${i}.Key=k${i}`);
    const body = parts.join("&");
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
    const headers = { ...v3Headers(emulator.port, "CreateFlowLog"), "content-type": "application/x-www-form-urlencoded", "x-acs-content-sha256": sha256Hex(body) };
    const { authorization } = signV3({ method: "POST", query: {}, headers, hashedPayload: sha256Hex(body), accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET });
    const answer = await rawRequest(emulator.port, { method: "POST", path: "/", headers: { ...headers, authorization }, body });
    expect({ status: answer.status, code: answer.json().Code }).toEqual({ status: 400, code: "SizeLimitExceeded.TagNum" });
  });
});
