/**
 * Bad input never crashes the emulator: raw garbage on the socket, an oversized body, malformed percent escapes,
 * a broken Authorization header, bad JSON to the control API, an exception inside a handler. After each, it still
 * serves. Connections are kept alive between requests.
 */
import { connect } from "node:net";
import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { RequestStats } from "../../src/emulator/control";
import { FaultInjector } from "../../src/emulator/faults";
import { RequestGate } from "../../src/emulator/request-gate";
import { KeyRing, NonceCache } from "../../src/emulator/protocol";
import { closeServer, createEmulatorServer, listen } from "../../src/emulator/server";
import { createFlowLogParams, KEY_ID, KEY_SECRET, popClient, rawRequest, signedV2Query } from "./helpers";

let emulator: RunningEmulator;
const logLines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ logger: (line) => logLines.push(line) });
});
afterAll(async () => {
  await emulator.stop();
});

async function stillServes(port = emulator.port): Promise<void> {
  const answer = await popClient(port).request<{ RequestId: string }>("DescribeFlowLogs", { RegionId: "cn-hangzhou" });
  expect(answer.RequestId).toBeTruthy();
}

/** Sends `bytes` and collects the answer until the server closes; `halfClose` ends the client's side at once (node then aborts what is still being handled). */
function sendRaw(bytes: string | Buffer, halfClose = true): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(emulator.port, "127.0.0.1", () => (halfClose ? socket.end(bytes) : socket.write(bytes)));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", () => resolve(Buffer.concat(chunks).toString("latin1")));
  });
}

describe("garbage", () => {
  it("answers 400 to bytes that are not HTTP and keeps serving", async () => {
    expect(await sendRaw("\u0000\u0001GARBAGE NOT HTTP\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    expect(await sendRaw(Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37]))).toMatch(/^HTTP\/1\.1 400|^$/);
    await stillServes();
  });

  it("a request pipelined before garbage gets its own answer first (its write committed), then the 400", async () => {
    const before = emulator.flowLogs().length;
    const create = signedV2Query("CreateFlowLog", createFlowLogParams(901));
    const raw = await sendRaw(`GET /?${create} HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP AT ALL\r\n\r\n`);
    expect(raw).toMatch(/^HTTP\/1\.1 200 [^]*"FlowLogId"[^]*HTTP\/1\.1 400/);
    expect(emulator.flowLogs().length - before).toBe(1);
    await stillServes();
  });

  it("two requests pipelined before garbage, the first held by latency: 200, 200, then the 400", async () => {
    emulator.addFault({ kind: "latency", action: "CreateFlowLog", latencyMs: 200, times: 1 });
    try {
      const before = emulator.flowLogs().length;
      const [a, b] = [signedV2Query("CreateFlowLog", createFlowLogParams(902)), signedV2Query("CreateFlowLog", createFlowLogParams(903))];
      const raw = await sendRaw(`GET /?${a} HTTP/1.1\r\nHost: x\r\n\r\nGET /?${b} HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP\r\n\r\n`, false);
      expect(raw.match(/HTTP\/1\.1 \d{3}/g)).toEqual(["HTTP/1.1 200", "HTTP/1.1 200", "HTTP/1.1 400"]);
      expect(emulator.flowLogs().length - before).toBe(2);
    } finally {
      emulator.clearFaults();
    }
  });

  it("serves the control API for an absolute-form request target (RFC 9112 3.2.2)", async () => {
    const raw = await sendRaw(`GET http://127.0.0.1:${emulator.port}/__emulator/settings HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(raw).toMatch(/^HTTP\/1\.1 200 [^]*"activationDelayMs"/);
  });

  it("a control API 405 names the allowed methods in Allow (RFC 9110 15.5.6)", async () => {
    const raw = await sendRaw("DELETE /__emulator/settings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 405 /);
    expect(raw).toMatch(/\r\nallow: GET, PATCH\r\n/i);
  });

  it("answers a body over 1 MB with a JSON error and keeps serving", async () => {
    const body = `RegionId=${"x".repeat(1024 * 1024 + 10)}`;
    const answer = await rawRequest(emulator.port, { method: "POST", path: "/", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ Code: "InvalidParameter" });
    await stillServes();
  });

  it("answers malformed percent escapes, a garbage form body and a broken Authorization header with error answers", async () => {
    const broken = await rawRequest(emulator.port, { path: "/?Action=%ZZ%&Version=%E0%A4%A&Signature=%" });
    expect(broken.status).toBe(400);
    expect(broken.json().Code).toBeTruthy();
    const garbageBody = await rawRequest(emulator.port, { method: "POST", path: "/", headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from([0xff, 0x00, 0x3d, 0x26, 0xfe]) });
    expect(garbageBody.json().Code).toBe("MissingParameter");
    const jsonBody = await rawRequest(emulator.port, { method: "POST", path: "/", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(jsonBody.status).toBe(400);
    const auth = await rawRequest(emulator.port, {
      method: "POST",
      path: "/?RegionId=cn-hangzhou",
      headers: { authorization: "ACS3-HMAC-SHA256 garbage", "x-acs-action": "DescribeFlowLogs", "x-acs-version": "2016-04-28" },
    });
    expect(auth.json().Code).toBe("IncompleteSignature");
    const badHeaderName = await rawRequest(emulator.port, {
      method: "POST",
      path: "/",
      headers: {
        authorization: `ACS3-HMAC-SHA256 Credential=${KEY_ID},SignedHeaders=host;b@d;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=00`,
        "x-acs-action": "DescribeFlowLogs",
        "x-acs-version": "2016-04-28",
        "x-acs-date": new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        "x-acs-signature-nonce": "n-1",
        "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      },
    });
    expect(badHeaderName.json().Code).toBe("IncompleteSignature");
    await stillServes();
  });

  it("answers bad JSON and bad shapes to the control API with 400, unknown routes with 404, wrong methods with 405", async () => {
    const post = (path: string, body: string, method = "POST") =>
      rawRequest(emulator.port, { method, path, headers: { "content-type": "application/json" }, body });
    expect((await post("/__emulator/faults", "{nope")).status).toBe(400);
    expect((await post("/__emulator/faults", "[]")).status).toBe(400);
    expect((await post("/__emulator/settings", '{"activationDelayMs":"soon"}', "PATCH")).status).toBe(400);
    expect((await post("/__emulator/settings", '{"unknownSetting":1}', "PATCH")).status).toBe(400);
    expect((await rawRequest(emulator.port, { path: "/__emulator/__proto__" })).status).toBe(404);
    expect((await rawRequest(emulator.port, { path: "/__emulator/nothing" })).status).toBe(404);
    expect((await rawRequest(emulator.port, { method: "PUT", path: "/__emulator/stats" })).status).toBe(405);
    await stillServes();
  });
});

describe("keep-alive", () => {
  it("serves several requests on one connection", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const reused: boolean[] = [];
      for (let i = 0; i < 3; i += 1) {
        reused.push(
          await new Promise<boolean>((resolve, reject) => {
            const req = httpRequest({ host: "127.0.0.1", port: emulator.port, path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" })}`, agent }, (res) => {
              res.resume();
              res.on("end", () => resolve(req.reusedSocket));
            });
            req.on("error", reject);
            req.end();
          }),
        );
      }
      expect(reused).toEqual([false, true, true]);
    } finally {
      agent.destroy();
    }
  });
});

describe("exceptions inside a handler", () => {
  it("answers 500 InternalError, logs it without secrets, and keeps serving", async () => {
    const lines: string[] = [];
    let explode = true;
    const server = createEmulatorServer({
      keys: new KeyRing([{ accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET }]),
      nonces: new NonceCache(),
      faults: new FaultInjector(() => Date.now()),
      gate: new RequestGate(),
      stats: new RequestStats(["DescribeFlowLogs"]),
      clock: { now: () => Date.now() },
      actions: ["DescribeFlowLogs"],
      dispatch: () => {
        if (explode) throw new TypeError("boom in handler");
        return { TotalCount: 0 };
      },
      onCommitted: () => undefined,
      control: {
        flowLogs: () => [],
        stats: () => ({ total: 0, byAction: {} }),
        faults: () => [],
        addFault: () => undefined,
        clearFaults: () => undefined,
        settings: () => {
          throw new Error("settings exploded");
        },
        updateSettings: () => undefined,
        reset: () => undefined,
      },
      logger: (line) => lines.push(line),
      hostId: "vpc.aliyuncs.com",
      newRequestId: () => "00000000-0000-0000-0000-000000000000",
    });
    const { port } = await listen(server, "127.0.0.1", 0);
    try {
      const answer = await rawRequest(port, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" })}` });
      expect(answer.status).toBe(500);
      expect(answer.json()).toMatchObject({ Code: "InternalError", HostId: "vpc.aliyuncs.com" });
      const control = await rawRequest(port, { path: "/__emulator/settings" });
      expect(control.status).toBe(500);
      expect(lines.some((l) => l.includes("boom in handler"))).toBe(true);
      expect(lines.join("\n")).not.toContain(KEY_SECRET);
      explode = false;
      const ok = await rawRequest(port, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" })}` });
      expect(ok.status).toBe(200);
    } finally {
      await closeServer(server);
    }
  });
});

describe("logging", () => {
  it("logs one line per request and never the secret or the signature", async () => {
    const query = signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" });
    await rawRequest(emulator.port, { path: `/?${query}` });
    const signature = new URLSearchParams(query).get("Signature")!;
    const log = logLines.join("\n");
    expect(log).toContain("DescribeFlowLogs 200");
    expect(log).not.toContain(KEY_SECRET);
    expect(log).not.toContain(signature);
  });

  it("escapes control characters and caps the length of client input in log lines", async () => {
    const from = logLines.length;
    await rawRequest(emulator.port, { path: "/?Action=Foo%0AGET%20/__emulator/stats%20200%20FAKE&Version=2016-04-28" });
    await rawRequest(emulator.port, {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: Buffer.concat([Buffer.from("Action=Nul"), Buffer.from([0]), Buffer.from("%00%1B[31m\u2028\u202E&Version=2016-04-28")]),
    });
    await rawRequest(emulator.port, { path: `/?Action=${"A".repeat(5000)}` });
    const lines = logLines.slice(from);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toMatch(/^[\x20-\x7e]+$/);
      expect(line.length).toBeLessThan(200);
    }
    expect(lines[0]).toContain("GET Foo\\nGET /__emulator/stats 200 FAKE 404 InvalidAction.NotFound");
    expect(lines[1]).toContain("POST Nul\\u0000\\u0000\\u001b[31m");
    expect(lines[2]).toMatch(/GET A{64}\.\.\.\(\+4936\) 400 MissingParameter/);
  });
});
