/**
 * Every one of the 12 actions through every client the emulator must accept (api NOTES.md "What real clients send"): `@alicloud/vpc20160428`
 * V3 and V2 through its generic callApi, each with the parameters in the query (what its typed methods send) and in a
 * form body; `@alicloud/pop-core` GET and POST; our VpcClient V3 and V2. A protocol refusal (signature, missing header,
 * action, version) fails; a business answer (IncorrectStatus, NotFound...) shows the request got through. Guards the
 * emulator's protocol rules (V3 headers that must be signed, content-type included; tag filters) against refusing what a
 * real client sends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import * as $dara from "@darabonba/typescript";
import { VpcClient } from "../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { DEMO_RESOURCE_GROUP_ID } from "../../src/emulator/defaults";
import { popClient, vpcSdk } from "./helpers";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ settings: { activationDelayMs: 0, transitionDelayMs: 0 } });
});
afterAll(async () => {
  await emulator.stop();
});

const REGION = "cn-hangzhou";
const PROTOCOL_CODES = /Signature|InvalidAccessKey|InvalidAction|InvalidVersion|UnsupportedHTTPMethod|InvalidTimeStamp|MissingParameter\.?(Action|Version|AccessKey|Signature|Timestamp)|Forbidden|InvalidProtocol|ContentType|HeaderNotSigned/i;

type Caller = (action: string, params: Record<string, string>) => Promise<string>;

function sdkCaller(scheme: "v3" | "v2", where: "query" | "body"): Caller {
  const sdk = vpcSdk(emulator.port, scheme);
  return async (action, params) => {
    const p = new $OpenApiUtil.Params({ action, version: "2016-04-28", protocol: "HTTPS", pathname: "/", method: "POST", authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json" });
    const request = new $OpenApiUtil.OpenApiRequest(where === "query" ? { query: params } : { body: params });
    try {
      await sdk.callApi(p, request, new $dara.RuntimeOptions({}));
      return "OK";
    } catch (e) {
      return String((e as { code?: unknown }).code);
    }
  };
}

function popCaller(method: "GET" | "POST"): Caller {
  const client = popClient(emulator.port);
  return async (action, params) => {
    try {
      await client.request(action, params, { method });
      return "OK";
    } catch (e) {
      return String((e as { code?: unknown }).code);
    }
  };
}

function ourCaller(signatureVersion: "v3" | "v2"): { call: Caller; close: () => Promise<void> } {
  const client = new VpcClient({
    endpoint: emulator.url,
    regionId: REGION,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    env: {},
    credentialsChain: false,
    // Default retries: a write right after another may meet IncorrectStatus while the emulator's 0 ms transition has not
    // run yet under load, which the client retries (the assertion below wants every action through).
    rateLimit: false,
    signatureVersion,
  } as never);
  return {
    call: async (action, params) => {
      try {
        await client.call(action, params);
        return "OK";
      } catch (e) {
        return String((e as { code?: unknown }).code);
      }
    },
    close: () => client.close(),
  };
}

let vpcNumber = 300;
/** Every action once, on a flow log of its own; returns action -> code. */
async function everyAction(call: Caller): Promise<Record<string, string>> {
  const vpc = `vpc-demo0${vpcNumber++}`;
  const codes: Record<string, string> = {};
  codes.GetFlowLogServiceStatus = await call("GetFlowLogServiceStatus", { RegionId: REGION });
  codes.OpenFlowLogService = await call("OpenFlowLogService", { RegionId: REGION });
  const before = new Set(emulator.flowLogs().map((f) => f.flowLogId));
  codes.CreateFlowLog = await call("CreateFlowLog", {
    RegionId: REGION, ResourceType: "VPC", ResourceId: vpc, TrafficType: "All", ProjectName: "flowlog-project", LogStoreName: "flowlog-store",
    FlowLogName: "every", "Tag.1.Key": "team", "Tag.1.Value": "net",
  });
  const id = emulator.flowLogs().find((f) => !before.has(f.flowLogId))?.flowLogId ?? "fl-none";
  codes.DescribeFlowLogs = await call("DescribeFlowLogs", { RegionId: REGION, FlowLogId: id, "Tags.1.Key": "team", "Tags.1.Value": "net", PageNumber: "1", PageSize: "10" });
  codes.ModifyFlowLogAttribute = await call("ModifyFlowLogAttribute", { RegionId: REGION, FlowLogId: id, Description: "d e/s*c~", AggregationInterval: "5" });
  codes.DeactiveFlowLog = await call("DeactiveFlowLog", { RegionId: REGION, FlowLogId: id });
  codes.ActiveFlowLog = await call("ActiveFlowLog", { RegionId: REGION, FlowLogId: id });
  codes.TagResources = await call("TagResources", { RegionId: REGION, ResourceType: "FLOWLOG", "ResourceId.1": id, "Tag.1.Key": "k2", "Tag.1.Value": "v 2" });
  codes.ListTagResources = await call("ListTagResources", { RegionId: REGION, ResourceType: "FLOWLOG", "ResourceId.1": id, "Tag.1.Key": "k2" });
  codes.UnTagResources = await call("UnTagResources", { RegionId: REGION, ResourceType: "FLOWLOG", "ResourceId.1": id, "TagKey.1": "k2" });
  codes.MoveResourceGroup = await call("MoveResourceGroup", { RegionId: REGION, ResourceType: "FlowLog", ResourceId: id, NewResourceGroupId: DEMO_RESOURCE_GROUP_ID });
  codes.DeleteFlowLog = await call("DeleteFlowLog", { RegionId: REGION, FlowLogId: id });
  return codes;
}

const protocolRefusals = (codes: Record<string, string>) => Object.entries(codes).filter(([, code]) => PROTOCOL_CODES.test(code));

describe("every action through every client", () => {
  it.each([
    ["vpc20160428 V3, query", () => sdkCaller("v3", "query")],
    ["vpc20160428 V3, form body", () => sdkCaller("v3", "body")],
    ["vpc20160428 V2, query", () => sdkCaller("v2", "query")],
    ["vpc20160428 V2, form body", () => sdkCaller("v2", "body")],
    ["pop-core GET", () => popCaller("GET")],
    ["pop-core POST", () => popCaller("POST")],
  ] as const)("%s", async (_name, make) => {
    const codes = await everyAction(make());
    expect(protocolRefusals(codes)).toEqual([]);
    expect(codes.CreateFlowLog).toBe("OK");
    expect(codes.DescribeFlowLogs).toBe("OK");
  });

  it.each(["v3", "v2"] as const)("our VpcClient %s", async (version) => {
    const ours = ourCaller(version);
    try {
      const codes = await everyAction(ours.call);
      expect(protocolRefusals(codes)).toEqual([]);
      expect(Object.values(codes).every((c) => c === "OK")).toBe(true);
    } finally {
      await ours.close();
    }
  });
});
