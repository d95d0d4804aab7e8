/**
 * Fault injection through real HTTP with the official clients: throttling (every Nth call and a rate), 503, latency,
 * a reset before handling (nothing committed) and after it (committed, answer lost); faults only after the signature
 * passed; every request counted. Plus the FaultInjector's counting rules on a manual clock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as $Vpc from "@alicloud/vpc20160428";
import { ACTIONS, FaultInjector, FaultRuleError, ManualClock, parseFaultRule, startEmulator, type RunningEmulator } from "../../src/emulator";
import { failure, popClient, rawRequest, vpcSdk } from "./helpers";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ settings: { activationDelayMs: 100, transitionDelayMs: 50 } });
});
afterEach(() => {
  emulator.clearFaults();
});
afterAll(async () => {
  await emulator.stop();
});

const describeFlowLogs = (method = "GET") => popClient(emulator.port).request("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, { method });

function createRequest(resourceId: string): $Vpc.CreateFlowLogRequest {
  return new $Vpc.CreateFlowLogRequest({
    regionId: "cn-hangzhou",
    resourceType: "VPC",
    resourceId,
    trafficType: "All",
    projectName: "flowlog-project",
    logStoreName: "flowlog-store",
  });
}

describe("throttle", () => {
  it("refuses every 2nd call with 400 Throttling.User and x-acs-retry-after", async () => {
    emulator.addFault({ kind: "throttle", action: "DescribeFlowLogs", every: 2, retryAfterSeconds: 3 });
    await describeFlowLogs();
    const error = await failure(() => describeFlowLogs());
    expect(error.code).toBe("Throttling.User");
    expect(error.entry?.response?.statusCode).toBe(400);
    expect(error.entry?.response?.headers?.["x-acs-retry-after"]).toBe("3");
    await describeFlowLogs();
  });

  it("leaves other actions alone", async () => {
    emulator.addFault({ kind: "throttle", action: "CreateFlowLog" });
    await describeFlowLogs();
    await describeFlowLogs();
  });

  it("stops after `times` firings", async () => {
    emulator.addFault({ kind: "throttle", times: 1 });
    expect((await failure(() => describeFlowLogs())).code).toBe("Throttling.User");
    await describeFlowLogs();
  });

  it("refuses calls past ratePerSecond, with the SDK", async () => {
    const clock = new ManualClock(Date.now());
    const rated = await startEmulator({ clock, faults: [{ kind: "throttle", ratePerSecond: 2 }] });
    try {
      const sdk = vpcSdk(rated.port);
      const call = () => sdk.describeFlowLogs(new $Vpc.DescribeFlowLogsRequest({ regionId: "cn-hangzhou" }));
      await call();
      await call();
      const error = await failure(call);
      expect(error.code).toBe("Throttling.User");
      expect(error.statusCode).toBe(400);
      clock.advance(1000);
      expect((await call()).statusCode).toBe(200);
    } finally {
      await rated.stop();
    }
  });
});

describe("unavailable", () => {
  it("answers 503 ServiceUnavailable to the SDK", async () => {
    emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", times: 1 });
    const error = await failure(() => vpcSdk(emulator.port).describeFlowLogs(new $Vpc.DescribeFlowLogsRequest({ regionId: "cn-hangzhou" })));
    expect(error.code).toBe("ServiceUnavailable");
    expect(error.statusCode).toBe(503);
  });
});

describe("latency", () => {
  it("delays the answer, which still succeeds", async () => {
    emulator.addFault({ kind: "latency", latencyMs: 300 });
    const started = Date.now();
    await describeFlowLogs();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("makes a client with a shorter read timeout give up", async () => {
    emulator.addFault({ kind: "latency", latencyMs: 600, action: "DescribeFlowLogs" });
    const sdk = vpcSdk(emulator.port);
    const { RuntimeOptions } = await import("@darabonba/typescript");
    const error = await failure(() =>
      sdk.describeFlowLogsWithOptions(new $Vpc.DescribeFlowLogsRequest({ regionId: "cn-hangzhou" }), new RuntimeOptions({ readTimeout: 100 })),
    );
    expect(error.message.toLowerCase()).toMatch(/timeout|timed out/);
  });
});

describe("connection resets", () => {
  it("reset-before: the client gets a network error and nothing is committed", async () => {
    emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", times: 1 });
    const error = await failure(() => vpcSdk(emulator.port).createFlowLog(createRequest("vpc-demo0201")));
    expect(error.statusCode).toBeUndefined();
    expect(`${error.code} ${error.message}`).toMatch(/socket hang up|ECONNRESET/i);
    expect(emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0201")).toHaveLength(0);
  });

  it("reset-after: the client gets a network error but the flow log exists", async () => {
    emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", times: 1 });
    const error = await failure(() => vpcSdk(emulator.port).createFlowLog(createRequest("vpc-demo0202")));
    expect(`${error.code} ${error.message}`).toMatch(/socket hang up|ECONNRESET/i);
    expect(emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0202")).toHaveLength(1);
    // The next call on the same keep-alive client still works.
    const again = await failure(() => vpcSdk(emulator.port).createFlowLog(createRequest("vpc-demo0202")));
    expect(again.code).toBe("InvalidResourceId.NotFound");
  });
});

describe("faults and the gateway", () => {
  it("does not fault a request whose signature fails", async () => {
    emulator.addFault({ kind: "unavailable" });
    const error = await failure(() => popClient(emulator.port, { accessKeySecret: "wrong" }).request("DescribeFlowLogs", { RegionId: "cn-hangzhou" }));
    expect(error.code).toBe("SignatureDoesNotMatch");
  });

  it("counts every request, refused and faulted ones included", async () => {
    const before = emulator.stats();
    emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", times: 1 });
    await failure(() => describeFlowLogs());
    await describeFlowLogs();
    await failure(() => popClient(emulator.port, { accessKeySecret: "wrong" }).request("DescribeFlowLogs", { RegionId: "cn-hangzhou" }));
    const after = emulator.stats();
    expect(after.byAction.DescribeFlowLogs! - (before.byAction.DescribeFlowLogs ?? 0)).toBe(3);
    expect(after.total - before.total).toBe(3);
  });

  it("adds faults at run time through the control API", async () => {
    const added = await rawRequest(emulator.port, {
      method: "POST",
      path: "/__emulator/faults",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "unavailable", action: "DescribeFlowLogs", times: 1 }),
    });
    expect(added.status).toBe(201);
    expect((await failure(() => describeFlowLogs("POST"))).code).toBe("ServiceUnavailable");
    await describeFlowLogs("POST");
  });

  it("refuses a rule for an unknown action through the control API with 400 naming the known actions", async () => {
    const added = await rawRequest(emulator.port, {
      method: "POST",
      path: "/__emulator/faults",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ kind: "unavailable", action: "NoSuchAction" }),
    });
    expect(added.status).toBe(400);
    const message = String(added.json().Message);
    expect(message).toContain("NoSuchAction");
    for (const action of ACTIONS) expect(message).toContain(action);
    expect((await rawRequest(emulator.port, { path: "/__emulator/faults" })).json()).toEqual({ faults: [] });
    await describeFlowLogs();
  });

  it("refuses a rule for an unknown action from addFault() and from the `faults` option", async () => {
    expect(() => emulator.addFault({ kind: "throttle", action: "DescribeFlowLog" })).toThrow(FaultRuleError);
    await describeFlowLogs();
    await expect(startEmulator({ faults: [{ kind: "unavailable", action: "NoSuchAction" }] })).rejects.toSatisfy(FaultRuleError.isInstance);
  });
});

describe("FaultInjector", () => {
  it("fires on every Nth matching call and only for its action", () => {
    const faults = new FaultInjector(() => 0, [{ kind: "unavailable", action: "CreateFlowLog", every: 3 }]);
    const [a, b] = ["CreateFlowLog", "DeleteFlowLog"];
    const outcomes = [a, b, a, a, a, a, a].map((action) => faults.plan(action!).outcome);
    expect(outcomes).toEqual(["handle", "handle", "handle", "answer", "handle", "handle", "answer"]);
  });

  it("adds latencies and lets the first other rule decide", () => {
    const faults = new FaultInjector(() => 0, [
      { kind: "latency", latencyMs: 10 },
      { kind: "reset-after", times: 1 },
      { kind: "latency", latencyMs: 5 },
      { kind: "throttle" },
    ]);
    expect(faults.plan("X")).toMatchObject({ latencyMs: 15, outcome: "reset-after" });
    expect(faults.plan("X")).toMatchObject({ latencyMs: 15, outcome: "answer" });
    expect(faults.list().map((r) => r.kind)).toEqual(["latency", "latency", "throttle"]);
  });

  it("refuses malformed rules, naming the field", () => {
    expect(() => parseFaultRule({ kind: "explode" })).toThrow(/`kind`/);
    expect(() => parseFaultRule({ kind: "latency" })).toThrow(/latencyMs/);
    expect(() => parseFaultRule({ kind: "unavailable", every: 0 })).toThrow(/`every`/);
    expect(() => parseFaultRule({ kind: "unavailable", ratePerSecond: 1 })).toThrow(/throttle/);
    expect(() => parseFaultRule({ kind: "throttle", surprise: 1 })).toThrow(FaultRuleError);
    expect(FaultRuleError.isInstance(captured(() => parseFaultRule(null)))).toBe(true);
  });

  it("refuses a rule naming an action the emulator does not serve, listing the known ones", () => {
    expect(() => parseFaultRule({ kind: "unavailable", action: "NoSuchAction" })).toThrow(/`action`: .*NoSuchAction.*CreateFlowLog, DescribeFlowLogs/);
    expect(() => new FaultInjector(() => 0, [{ kind: "throttle", action: "createflowlog" }])).toThrow(FaultRuleError);
    expect(parseFaultRule({ kind: "unavailable", action: "CreateFlowLog" }).action).toBe("CreateFlowLog");
  });
});

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
