/**
 * The emulator driven by the official clients over real HTTP, each with its own way of putting a request on the wire
 * (/work/shared/api/NOTES.md "What real clients send"): `@alicloud/vpc20160428` V3 (POST, query, empty body, ACS3 header)
 * and V2 (POST, unsorted query, Format=json), `@alicloud/pop-core` GET (query) and POST (form body).
 * CreateFlowLog -> DescribeFlowLogs until Active -> DeleteFlowLog -> gone, with a Description full of characters that
 * encoding gets wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import * as $Vpc from "@alicloud/vpc20160428";
import * as $dara from "@darabonba/typescript";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { popClient, TRICKY_DESCRIPTION, vpcSdk, waitFor } from "./helpers";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ settings: { activationDelayMs: 200, transitionDelayMs: 100 } });
});
afterAll(async () => {
  await emulator.stop();
});

interface FlowLogView {
  FlowLogId: string;
  Status: string;
  Description: string;
}

/** A client reduced to the three calls of the lifecycle, in the API's own field names. */
interface LifecycleClient {
  create(resourceId: string): Promise<string>;
  describe(flowLogId: string): Promise<FlowLogView[]>;
  remove(flowLogId: string): Promise<void>;
}

const REGION = "cn-hangzhou";

function sdkLifecycle(scheme: "v3" | "v2"): LifecycleClient {
  const client = vpcSdk(emulator.port, scheme);
  return {
    create: async (resourceId) => {
      const answer = await client.createFlowLog(
        new $Vpc.CreateFlowLogRequest({
          regionId: REGION,
          resourceType: "VPC",
          resourceId,
          trafficType: "All",
          projectName: "flowlog-project",
          logStoreName: "flowlog-store",
          flowLogName: `sdk-${scheme}`,
          description: TRICKY_DESCRIPTION,
          tag: [new $Vpc.CreateFlowLogRequestTag({ key: "team", value: "网络 *~" })],
        }),
      );
      expect(answer.statusCode).toBe(200);
      expect(answer.body?.requestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
      return answer.body!.flowLogId!;
    },
    describe: async (flowLogId) => {
      const answer = await client.describeFlowLogs(new $Vpc.DescribeFlowLogsRequest({ regionId: REGION, flowLogId }));
      return (answer.body?.flowLogs?.flowLog ?? []).map((f) => ({
        FlowLogId: f.flowLogId!,
        Status: f.status!,
        Description: f.description!,
      }));
    },
    remove: async (flowLogId) => {
      await client.deleteFlowLog(new $Vpc.DeleteFlowLogRequest({ regionId: REGION, flowLogId }));
    },
  };
}

function popLifecycle(method: "GET" | "POST"): LifecycleClient {
  const client = popClient(emulator.port);
  const options = { method };
  return {
    create: async (resourceId) => {
      const answer = await client.request<{ FlowLogId: string; Success: string }>(
        "CreateFlowLog",
        {
          RegionId: REGION,
          ResourceType: "VPC",
          ResourceId: resourceId,
          TrafficType: "All",
          ProjectName: "flowlog-project",
          LogStoreName: "flowlog-store",
          FlowLogName: `pop-${method}`,
          Description: TRICKY_DESCRIPTION,
          "Tag.1.Key": "team",
          "Tag.1.Value": "网络 *~",
        },
        options,
      );
      return answer.FlowLogId;
    },
    describe: async (flowLogId) => {
      const answer = await client.request<{ FlowLogs: { FlowLog: FlowLogView[] } }>("DescribeFlowLogs", { RegionId: REGION, FlowLogId: flowLogId }, options);
      return answer.FlowLogs.FlowLog;
    },
    remove: async (flowLogId) => {
      await client.request("DeleteFlowLog", { RegionId: REGION, FlowLogId: flowLogId }, options);
    },
  };
}

const CASES: Array<[string, () => LifecycleClient, string]> = [
  ["@alicloud/vpc20160428 V3 (ACS3-HMAC-SHA256)", () => sdkLifecycle("v3"), "vpc-demo0101"],
  ["@alicloud/vpc20160428 V2 (signatureAlgorithm v2)", () => sdkLifecycle("v2"), "vpc-demo0102"],
  ["@alicloud/pop-core GET", () => popLifecycle("GET"), "vpc-demo0103"],
  ["@alicloud/pop-core POST (form body)", () => popLifecycle("POST"), "vpc-demo0104"],
];

describe.each(CASES)("%s", (_name, makeClient, resourceId) => {
  it("creates, waits until Active, deletes, and the flow log is gone", async () => {
    const client = makeClient();
    const flowLogId = await client.create(resourceId);
    expect(flowLogId).toMatch(/^fl-/);

    const active = await waitFor(async () => {
      const [found] = await client.describe(flowLogId);
      return found?.Status === "Active" ? found : undefined;
    });
    expect(active.Description).toBe(TRICKY_DESCRIPTION);

    await client.remove(flowLogId);
    await waitFor(async () => ((await client.describe(flowLogId)).length === 0 ? true : undefined));
    expect(emulator.flowLogs().some((f) => f.flowLogId === flowLogId)).toBe(false);
  });
});

describe("tags and unicode reach the model intact", () => {
  it("stores the tag value and description exactly as sent by the V3 SDK", async () => {
    const client = sdkLifecycle("v3");
    const flowLogId = await client.create("vpc-demo0105");
    const stored = emulator.flowLogs().find((f) => f.flowLogId === flowLogId);
    expect(stored?.description).toBe(TRICKY_DESCRIPTION);
    expect(stored?.tags).toContainEqual({ Key: "team", Value: "网络 *~" });
  });
});

describe("requests at the edges of what the official SDK sends", () => {
  /** "OK" or the error code, through the official client's generic RPC call (what its typed methods call). */
  async function viaOfficialV3(query: Record<string, string>): Promise<string> {
    const params = new $OpenApiUtil.Params({ action: "DescribeFlowLogs", version: "2016-04-28", protocol: "HTTPS", pathname: "/", method: "POST", authType: "AK", style: "RPC", reqBodyType: "formData", bodyType: "json" });
    try {
      await vpcSdk(emulator.port).callApi(params, new $OpenApiUtil.OpenApiRequest({ query: { RegionId: REGION, ...query } }), new $dara.RuntimeOptions({}));
      return "OK";
    } catch (e) {
      return String((e as { code?: unknown }).code);
    }
  }

  // @alicloud/openapi-core 1.0.8 getAuthorizationQueryString signs names unencoded; the V3 page (and our client) encodes them.
  it.each<Record<string, string>>([{ "a b": "v" }, { "x*y": "v" }, { ü: "v" }, { "a/b": "v", "a.b": "w" }])(
    "accepts the official V3 SDK's signature over a parameter name that needs encoding: %j",
    async (query) => {
      expect(await viaOfficialV3(query)).toBe("OK");
    },
  );

  it("accepts a V3 CreateFlowLog at the tag limits (20 tags of 128 CJK characters: about 50 KB of URL)", async () => {
    const client = vpcSdk(emulator.port);
    const tag = Array.from({ length: 20 }, (_, i) => new $Vpc.CreateFlowLogRequestTag({ key: `${String(i).padStart(2, "0")}${"键".repeat(126)}`, value: "值".repeat(128) }));
    const answer = await client.createFlowLog(
      new $Vpc.CreateFlowLogRequest({ regionId: REGION, resourceType: "VPC", resourceId: "vpc-demo0106", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", tag }),
    );
    expect(answer.body?.flowLogId).toMatch(/^fl-/);
    expect(emulator.flowLogs().find((f) => f.flowLogId === answer.body?.flowLogId)?.tags).toHaveLength(20);
  });
});
