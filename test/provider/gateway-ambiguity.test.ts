/**
 * Review of bbf5eb6 (response.ts gateway rule) driven through the provider: a loopback proxy in front of the emulator
 * answers chosen writes with a 5xx of its own, after forwarding them (the write landed) or without (it did not).
 * Promises: create.ts "A lost CreateFlowLog answer is resolved by looking before creating again"; response.ts "a write
 * answered 5xx by something other than the service ... is not retried blindly"; retry.ts "any HTTP 5xx" read retried.
 */
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { FlowLogProvider } from "../../src/provider";
import { emulatorConfig, vpcFlowLogArgs } from "./helpers/emulator-config";

type Fault = { action: string; landed: boolean; status: number; body: string; type?: string; times: number };
let emulator: RunningEmulator;
let proxy: Server;
let proxyUrl: string;
let faults: Fault[] = [];
const forwarded: string[] = [];
const lines: string[] = [];

function forward(method: string, path: string, headers: Record<string, unknown>, body: Buffer): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const target = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, method, path, headers: headers as never }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ settings: { activationDelayMs: 0, transitionDelayMs: 100 } });
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const action = String(req.headers["x-acs-action"] ?? new URL(req.url ?? "/", "http://x").searchParams.get("Action") ?? "");
      const fault = faults.find((f) => f.action === action && f.times > 0);
      if (fault) fault.times -= 1;
      let answer: { status: number; headers: Record<string, unknown>; body: Buffer } | undefined;
      if (!fault || fault.landed) {
        forwarded.push(action);
        // The proxy signs nothing: host is kept as the client signed it, so the emulator checks the same signature.
        answer = await forward(req.method ?? "GET", req.url ?? "/", req.headers as Record<string, unknown>, Buffer.concat(chunks));
      }
      if (fault) {
        res.writeHead(fault.status, { "content-type": fault.type ?? "text/html" });
        res.end(fault.body);
        return;
      }
      const { host: _h, ...h } = answer!.headers;
      res.writeHead(answer!.status, h as never);
      res.end(answer!.body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => proxy.close(r));
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  faults = [];
  forwarded.length = 0;
  lines.length = 0;
});

async function provider(): Promise<FlowLogProvider> {
  const p = new FlowLogProvider({ log: (l: string) => lines.push(l), adoptWindowMs: 1_500, staleGraceMs: 500, absentGraceMs: 3_000 } as never);
  await p.configure(emulatorConfig(proxyUrl));
  return p;
}
async function createWith(fault: Omit<Fault, "action" | "times">, resourceId = "vpc-demo0001") {
  faults = [{ action: "CreateFlowLog", times: 1, ...fault }];
  const p = await provider();
  try {
    const inputs = (await p.check({}, vpcFlowLogArgs(resourceId))).inputs;
    const result = await p.create(inputs!).then((r) => ({ ok: r }), (e: unknown) => ({ error: e as Error }));
    return { result, flowLogs: emulator.flowLogs().filter((f) => f.resourceId === resourceId), creates: forwarded.filter((a) => a === "CreateFlowLog").length };
  } finally {
    await p.ctx.close();
  }
}

/**
 * Creates a flow log, then deletes it with DeleteFlowLog answered (`times` times) by the bare `InvalidInstanceId` of the
 * older API pages, forwarded to the emulator first when `landed`. The delete's error, if any.
 */
async function deleteAnsweredInvalidInstanceId(fault: { times: number; landed: boolean }): Promise<{ id: string; error: Error | undefined }> {
  const { result, flowLogs } = await createWith({ landed: true, status: 200, body: "", times: 0 } as never);
  expect("ok" in result).toBe(true);
  const id = flowLogs[0]!.flowLogId;
  const body = '{"RequestId":"r-1","HostId":"vpc.aliyuncs.com","Code":"InvalidInstanceId","Message":"Instance does not exist."}';
  faults = [{ action: "DeleteFlowLog", status: 400, body, type: "application/json", ...fault }];
  const p = await provider();
  try {
    const error = await p.delete(id, { regionId: "cn-hangzhou" }).then(() => undefined, (e: unknown) => e as Error);
    return { id, error };
  } finally {
    await p.ctx.close();
  }
}

describe("gateway 5xx on CreateFlowLog, through the provider", () => {
  it("landed, then a proxy's 502 HTML page: adopts the one flow log, never creates a second", async () => {
    const { result, flowLogs, creates } = await createWith({ landed: true, status: 502, body: "<html>502 Bad Gateway</html>" });
    expect("ok" in result ? result.ok.id : (result.error as Error).message).toBe(flowLogs[0]?.flowLogId);
    expect(flowLogs.length).toBe(1);
    expect(creates).toBe(1);
  });

  it("landed, then a proxy's empty 504: adopts, one flow log", async () => {
    const { result, flowLogs, creates } = await createWith({ landed: true, status: 504, body: "" });
    expect("ok" in result ? result.ok.id : (result.error as Error).message).toBe(flowLogs[0]?.flowLogId);
    expect([flowLogs.length, creates]).toEqual([1, 1]);
  });

  it("landed, then a 500 JSON body without Code ({message}): adopts, one flow log", async () => {
    const { result, flowLogs } = await createWith({ landed: true, status: 500, body: '{"message":"upstream connect error"}', type: "application/json" });
    expect("ok" in result ? result.ok.id : (result.error as Error).message).toBe(flowLogs[0]?.flowLogId);
    expect(flowLogs.length).toBe(1);
  });

  it("landed, then a 502 JSON body with a numeric code field (a proxy's {\"Code\":502}): still adopts, never duplicates", async () => {
    // Only the service's own error format (`Code` a string such as ServiceUnavailable) is a definite answer (response.ts):
    // a write may have landed behind anything else, a proxy's `{"Code":502}` included.
    const { result, flowLogs, creates } = await createWith({ landed: true, status: 502, body: '{"Code":502,"Message":"Bad Gateway"}', type: "application/json" });
    expect(flowLogs.length).toBe(1);
    expect(creates).toBe(1);
    expect("ok" in result).toBe(true);
  });

  it("not landed, a proxy's 502: creates again after looking, one flow log in the end", async () => {
    const { result, flowLogs, creates } = await createWith({ landed: false, status: 502, body: "<html>502</html>" });
    expect("ok" in result ? result.ok.id : (result.error as Error).message).toBe(flowLogs[0]?.flowLogId);
    expect([flowLogs.length, creates]).toEqual([1, 1]);
  });

  it("the service's own 503 ServiceUnavailable (not landed) on the write is retried by the client", async () => {
    const { result, flowLogs, creates } = await createWith({ landed: false, status: 503, body: '{"RequestId":"x","Code":"ServiceUnavailable","Message":"busy"}', type: "application/json" });
    expect("ok" in result).toBe(true);
    expect([flowLogs.length, creates]).toEqual([1, 1]);
    expect(lines.join("\n")).not.toMatch(/looking for the flow log/);
  });
});

describe("a 2xx CreateFlowLog answer that cannot be read, through the provider", () => {
  // errors.ts AlicloudResponseError: for a write `ambiguous` is true (a 2xx says it was probably applied). Before, such an
  // answer failed the create as a plain error and the flow log it made was left to no state.
  it("landed, then 200 with a body cut short: adopts the one flow log", async () => {
    const { result, flowLogs, creates } = await createWith({ landed: true, status: 200, body: '{"RequestId":"r-1","FlowLogId":"fl-12', type: "application/json" });
    expect("ok" in result ? result.ok.id : (result.error as Error).message).toBe(flowLogs[0]?.flowLogId);
    expect([flowLogs.length, creates]).toEqual([1, 1]);
  });

  it("landed, then 200 JSON without the FlowLogId: adopts the one flow log", async () => {
    const { result, flowLogs, creates } = await createWith({ landed: true, status: 200, body: '{"RequestId":"r-1"}', type: "application/json" });
    expect("ok" in result ? result.ok.id : (result.error as Error).message).toBe(flowLogs[0]?.flowLogId);
    expect([flowLogs.length, creates]).toEqual([1, 1]);
  });

  it("not landed, a 200 HTML page from something in between: looks, creates again, one flow log", async () => {
    const { result, flowLogs, creates } = await createWith({ landed: false, status: 200, body: "<html>sign in to the network</html>" });
    expect("ok" in result ? result.ok.id : (result.error as Error).message).toBe(flowLogs[0]?.flowLogId);
    expect([flowLogs.length, creates]).toEqual([1, 1]);
  });
});

describe("gateway 5xx on other writes and reads", () => {
  it("DeleteFlowLog landed then a proxy's 502: delete ends with the flow log gone", async () => {
    const { result, flowLogs } = await createWith({ landed: true, status: 200, body: "", times: 0 } as never);
    expect("ok" in result).toBe(true);
    const id = flowLogs[0]!.flowLogId;
    faults = [{ action: "DeleteFlowLog", times: 1, landed: true, status: 502, body: "<html>bad gateway</html>" }];
    const p = await provider();
    try {
      await p.delete(id, { regionId: "cn-hangzhou" });
    } finally {
      await p.ctx.close();
    }
    expect(emulator.flowLogs().some((f) => f.flowLogId === id)).toBe(false);
  });

  it("DeleteFlowLog answered with the bare InvalidInstanceId (ActiveFlowLog's older error table): delete looks and ends", async () => {
    // The flow log was deleted (the write is forwarded); the answer says "Instance does not exist." with the code the
    // older API pages give, not InvalidInstanceId.NotFound. Delete must treat it as not found, not fail.
    const { id, error } = await deleteAnsweredInvalidInstanceId({ times: 1, landed: true });
    expect(error).toBeUndefined();
    expect(emulator.flowLogs().some((f) => f.flowLogId === id)).toBe(false);
    expect(forwarded.filter((a) => a === "DeleteFlowLog")).toHaveLength(1);
  });

  it("DeleteFlowLog answering InvalidInstanceId while the flow log stays listed Active: tries for the absent grace (3 s here), then the code", async () => {
    const { id, error } = await deleteAnsweredInvalidInstanceId({ times: 1_000, landed: false });
    expect(error?.message).toMatch(/answered "not found" \d+ times over [34] s \(last: DeleteFlowLog failed: InvalidInstanceId.*still lists it \(Active\)/);
    expect(emulator.flowLogs().some((f) => f.flowLogId === id)).toBe(true);
    // One DeleteFlowLog per look, on the lone wait's schedule: bounded well below the delete timeout's worth.
    expect(1_000 - faults[0]!.times).toBeGreaterThanOrEqual(3);
    expect(1_000 - faults[0]!.times).toBeLessThan(20);
  });

  it("a read (DescribeFlowLogs) answered 502 by a proxy is retried, not ambiguous", async () => {
    faults = [{ action: "DescribeFlowLogs", times: 1, landed: false, status: 502, body: "<html>502</html>" }];
    const p = await provider();
    try {
      const r = await p.read("fl-doesnotexist", { regionId: "cn-hangzhou" });
      expect(r.id).toBe("");
    } finally {
      await p.ctx.close();
    }
  });
});
