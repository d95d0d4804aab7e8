/**
 * Prototype-free client records (protocol/records.ts), strict timestamps (protocol/timestamp.ts) and
 * chained timers (model/clock.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmulator, systemClock, type RunningEmulator } from "../../src/emulator";
import { checkTimestamp } from "../../src/emulator/protocol/timestamp";
import { popClient, rawRequest, signedV2Query, vpcSdk } from "./helpers";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ settings: { activationDelayMs: 0 } });
});
afterAll(async () => {
  await emulator.stop();
});

async function call(action: string, params: Record<string, string>) {
  const answer = await rawRequest(emulator.port, { path: `/?${signedV2Query(action, params)}` });
  return { status: answer.status, json: answer.json() };
}

describe("client-keyed names that are Object.prototype members", () => {
  const names = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "__defineGetter__"];

  it("tags with such keys are created, filtered, listed and removed like any other key", async () => {
    const params: Record<string, string> = {
      RegionId: "cn-hangzhou",
      ResourceType: "VPC",
      ResourceId: "vpc-demo0501",
      TrafficType: "All",
      ProjectName: "flowlog-project",
      LogStoreName: "flowlog-store",
    };
    names.forEach((n, i) => {
      params[`Tag.${i + 1}.Key`] = n;
      params[`Tag.${i + 1}.Value`] = `v-${n}`;
    });
    const created = await call("CreateFlowLog", params);
    expect(created.status, JSON.stringify(created.json)).toBe(200);
    const id = String(created.json.FlowLogId);
    for (const n of names) {
      const described = await call("DescribeFlowLogs", { RegionId: "cn-hangzhou", "Tags.1.Key": n, "Tags.1.Value": `v-${n}` });
      expect(described.status, n).toBe(200);
      expect(JSON.stringify(described.json), n).toContain(id);
      const listed = await call("ListTagResources", { RegionId: "cn-hangzhou", ResourceType: "FLOWLOG", "Tag.1.Key": n });
      expect(listed.status, n).toBe(200);
      const rows = (listed.json.TagResources as { TagResource: { TagKey: string; TagValue: string }[] }).TagResource;
      expect(rows.filter((r) => r.TagKey === n).map((r) => r.TagValue), n).toEqual([`v-${n}`]);
    }
    const untag = await call("UnTagResources", { RegionId: "cn-hangzhou", ResourceType: "FLOWLOG", "ResourceId.1": id, "TagKey.1": "__proto__", "TagKey.2": "constructor" });
    expect(untag.status).toBe(200);
    const tags = emulator.flowLogs().find((f) => f.flowLogId === id)?.tags.map((t) => t.Key);
    expect(tags).toEqual(names.filter((n) => n !== "__proto__" && n !== "constructor"));
  });

  it("V2 and V3 requests carrying such parameter names are answered 200 by the official clients", async () => {
    const extra = Object.fromEntries(names.filter((n) => n !== "__proto__").map((n) => [n, "x"]));
    const pop = popClient(emulator.port);
    await expect(pop.request("DescribeFlowLogs", { RegionId: "cn-hangzhou", ...extra }, { method: "POST" })).resolves.toBeTruthy();
    await expect(pop.request("DescribeFlowLogs", { RegionId: "cn-hangzhou", ...extra })).resolves.toBeTruthy();
    const sdk = vpcSdk(emulator.port);
    const { $OpenApiUtil } = await import("@alicloud/openapi-core");
    const params = new $OpenApiUtil.Params({
      action: "DescribeFlowLogs",
      version: "2016-04-28",
      protocol: "HTTP",
      pathname: "/",
      method: "POST",
      authType: "AK",
      style: "RPC",
      bodyType: "json",
      reqBodyType: "formData",
    });
    const req = new $OpenApiUtil.OpenApiRequest({ query: { RegionId: "cn-hangzhou", ...extra } });
    const answer = (await sdk.callApi(params, req, {} as never)) as { statusCode?: number };
    expect(answer.statusCode).toBe(200);
  });
});

describe("timestamps", () => {
  it("accepts 29 Feb 2024, year 0000 and 9999 at their own server time; 9 fraction digits rounding near midnight", () => {
    for (const stamp of ["2024-02-29T12:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0099-03-01T00:00:00Z"]) {
      const ms = Date.parse(stamp);
      expect(checkTimestamp(stamp, ms), stamp).toBe(ms);
    }
    const now = Date.UTC(2024, 1, 29, 23, 59, 59, 999);
    expect(checkTimestamp("2024-02-29T23:59:59.999999999Z", now)).toBe(now);
    expect(checkTimestamp("2024-02-29T23:59:59.9995Z", now)).toBe(now);
  });

  it("refuses 2023-02-29, 2100-02-29, fraction without digits, 10 fraction digits, an offset, no Z", () => {
    const now = Date.UTC(2023, 2, 1);
    for (const stamp of ["2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2023-03-01T00:00:00.Z", "2023-03-01T00:00:00.1234567890Z", "2023-03-01T00:00:00+00:00", "2023-03-01T00:00:00"]) {
      expect(() => checkTimestamp(stamp, now), stamp).toThrow(expect.objectContaining({ code: "InvalidTimeStamp.Format" }));
    }
  });
});

describe("systemClock chained timers under fake timers", () => {
  it("fires a 3e9 ms wait once, at its due time; clearTimeout in the second leg stops it; a 2^31 wait is not early", () => {
    vi.useFakeTimers({ now: Date.UTC(2024, 0, 1) });
    try {
      const fired: string[] = [];
      systemClock.setTimeout(() => fired.push("a"), 3e9);
      const b = systemClock.setTimeout(() => fired.push("b"), 3e9);
      systemClock.setTimeout(() => fired.push("c"), 2 ** 31);
      vi.advanceTimersByTime(2 ** 31 - 1);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(["c"]);
      systemClock.clearTimeout(b);
      vi.advanceTimersByTime(3e9 - 2 ** 31 - 1);
      expect(fired).toEqual(["c"]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual(["c", "a"]);
      vi.advanceTimersByTime(1e10);
      expect(fired).toEqual(["c", "a"]);
    } finally {
      vi.useRealTimers();
    }
  });
});
