// Pure probes of the diff rules (trafficPaths, timeouts) and check rules (tags, trafficPaths,
// DualStack), against what the user asked and what the API docs accept (@alicloud/vpc20160428 7.3.2 model docs).
import { describe, expect, it } from "vitest";
import { checkFlowLogInputs, diffFlowLog, UNKNOWN } from "../../src/provider";
import { REQUIRED_ARGS } from "./helpers/args";

const base = { ...REQUIRED_ARGS, regionId: "cn-hangzhou" };
/** Stored outputs of a flow log created with `base`: the service reports ["all"] for no traffic paths. */
const olds = {
  ...base,
  flowLogId: "fl-1",
  trafficPaths: ["all"],
  status: "Active",
  tags: {},
  timeouts: { create: "10m", update: "10m", delete: "10m" },
};
const diffWith = (oldPaths: unknown, newPaths: unknown) =>
  diffFlowLog({ ...olds, trafficPaths: oldPaths }, { ...checkFlowLogInputs({ ...base, trafficPaths: newPaths }).inputs });

describe("diff: a change the user asked for is never 'no change'", () => {
  it.each([
    [["all", "vbr"], ["vbr"]],
    [["vbr"], ["all", "vbr"]],
    [["all"], ["vbr"]],
    [["vbr"], []],
    [["vbr"], ["all"]],
    [[], ["natGateway"]],
    [["natGateway", "vbr"], ["natGateway"]],
  ])("trafficPaths %j -> %j replaces", (o, n) => {
    expect(diffWith(o, n)).toMatchObject({ changes: true, replaces: ["trafficPaths"] });
  });

  it.each([
    [["all"], []],
    [[], ["all"]],
    [["vbr", "natGateway"], ["natGateway", "vbr"]],
  ])("trafficPaths %j -> %j is the same", (o, n) => {
    expect(diffWith(o, n).changes).toBe(false);
  });

  it("an unknown trafficPaths (preview) counts as a change", () => {
    expect(diffFlowLog(olds, { ...base, trafficPaths: UNKNOWN }).replaces).toEqual(["trafficPaths"]);
    expect(diffFlowLog(olds, { ...base, trafficPaths: [UNKNOWN] }).replaces).toEqual(["trafficPaths"]);
  });

  it("timeouts: any real change of any operation is an update; the same length spelled otherwise is not", () => {
    const d = (t: unknown) => diffFlowLog(olds, checkFlowLogInputs({ ...base, timeouts: t }).inputs as never);
    expect(d({ delete: "10m1s" }).changes).toBe(true);
    expect(d({ update: "9m" }).changes).toBe(true);
    expect(d({ create: "600s", update: "0.1666666667h" }).changes).toBe(false); // 600000.0001 ms rounds to 600000
    expect(d(undefined).changes).toBe(false);
    // program drops its timeouts: back to the defaults, recorded
    expect(diffFlowLog({ ...olds, timeouts: { create: "10m", update: "10m", delete: "30m" } }, checkFlowLogInputs(base).inputs as never).changes).toBe(true);
  });
});

describe("check: nothing the API docs accept is refused", () => {
  const ok = (patch: Record<string, unknown>) => expect(checkFlowLogInputs({ ...base, ...patch }).failures).toEqual([]);
  const refused = (patch: Record<string, unknown>) => expect(checkFlowLogInputs({ ...base, ...patch }).failures.length).toBeGreaterThan(0);

  it("tags the docs accept", () => {
    ok({ tags: { " ": "x" } });
    ok({ tags: { "  k  ": "" } });
    ok({ tags: { acs: "v", "my-aliyun": "v", "x-acs:": "v", "http:/x": "v", "httpx://": "v" } });
    ok({ tags: { k: "a".repeat(128), ["k".repeat(128)]: "" } });
  });

  it("tags the docs refuse", () => {
    refused({ tags: { "": "v" } });
    refused({ tags: { "aliyunX": "v" } });
    refused({ tags: { "acs:x": "v" } });
    refused({ tags: { "x http://y": "v" } });
    refused({ tags: { k: "see https://example.com" } });
    refused({ tags: { k: "aliyun-x" } });
  });

  it("trafficPaths the docs list (every one, and with DualStack only the default)", () => {
    for (const p of ["all", "internetGateway", "natGateway", "vpnGateway", "transitRouter", "gatewayEndpoint", "vbr", "ecr", "ipv4Gateway", "gatewayLoadBalancerEndpoint"]) {
      ok({ trafficPaths: [p] });
    }
    ok({ trafficPaths: ["all"], ipVersion: "DualStack" });
    ok({ trafficPaths: [], ipVersion: "DualStack" });
    ok({ ipVersion: "DualStack" });
    ok({ trafficPaths: ["natGateway"], ipVersion: "IPv4" });
    ok({ trafficPaths: ["someFuturePath"] });
    ok({ trafficPaths: [UNKNOWN], ipVersion: "DualStack" });
    ok({ trafficPaths: ["natGateway"], ipVersion: UNKNOWN });
  });

  it("near misses refused", () => {
    refused({ trafficPaths: ["VBR"] });
    refused({ trafficPaths: ["All"] });
    refused({ trafficPaths: ["natGateway"], ipVersion: "DualStack" });
    refused({ trafficPaths: ["all", "vbr"], ipVersion: "DualStack" });
  });
});
