/**
 * Keep-alive and process lifetime after cancellation. Promises: issue 2 "keep-alive connections reused";
 * CallScope "The deadline timer is a plain setTimeout (unref'd, cleared on dispose)"; systemClock "a timer that is
 * cleared when the signal aborts"; the brief's "no timer or socket keeps the process alive afterwards".
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcClient, type VpcClientOptions } from "../../src/client/vpc-client";
import { json, startRawServer, TestClients, type RawServer } from "./helpers/raw-server";

let server: RawServer;

const clients = new TestClients(() => ({ endpoint: server.url, rateLimit: false, retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 2 } }));
const client = (options: VpcClientOptions = {}): VpcClient => clients.make(options);

const OK = { RequestId: "ok", FlowLogs: { FlowLog: [] }, TotalCount: 0 };
const good = (_req: unknown, socket: import("node:net").Socket): void => json(socket, 200, OK);

beforeAll(async () => {
  server = await startRawServer(good);
});
afterAll(async () => {
  await clients.closeAll();
  await server.close();
});

describe("keep-alive after a disrupted request", () => {
  const disruptions: [string, (c: VpcClient) => Promise<unknown>, RawServer["behaviour"]][] = [
    ["an abort while the headers are awaited", (c) => c.describeFlowLogs({}, { signal: AbortSignal.timeout(100) }), () => undefined],
    [
      "an abort while the body streams",
      (c) => c.describeFlowLogs({}, { signal: AbortSignal.timeout(100) }),
      (_req, socket) => void socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"),
    ],
    ["the call's deadline in flight", (c) => c.createFlowLog({ resourceType: "VPC", resourceId: "vpc-1", trafficType: "All" }, { deadlineMs: 100 }), () => undefined],
  ];
  for (const [name, disrupt, behaviour] of disruptions) {
    it(`after ${name}: later calls work and share one new connection`, async () => {
      const c = client();
      await c.describeFlowLogs(); // a warm connection first
      let disrupted: import("node:net").Socket | undefined;
      server.behaviour = (req, socket) => {
        disrupted = socket;
        return behaviour(req, socket);
      };
      await expect(disrupt(c)).rejects.toMatchObject({ name: "AlicloudRequestError" });
      server.behaviour = good;
      const connectionsBefore = server.connections;
      for (let i = 0; i < 5; i++) await expect(c.describeFlowLogs()).resolves.toMatchObject({ RequestId: "ok" });
      // undici alternates between two sockets for back-to-back calls (test/client/vpc-client.test.ts accepts 2).
      expect(server.connections - connectionsBefore).toBeLessThanOrEqual(2);
      // The disrupted connection was closed by the client, not left open on the server.
      expect(disrupted !== undefined && server.open.has(disrupted)).toBe(false);
    });
  }
});

describe("nothing keeps the process alive after a call ends (child process, client never closed)", () => {
  const scenarios: [string, RawServer["behaviour"]][] = [
    ["ok", good],
    ["abort-hang", () => undefined],
    ["abort-body", (_req, socket) => void socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{")],
    ["deadline-hang", () => undefined],
    ["abort-backoff", (_req, socket) => json(socket, 503, { RequestId: "u", Code: "ServiceUnavailable", Message: "busy" })],
    ["abort-limiter", good],
    ["timeout-headers", () => undefined],
  ];
  for (const [scenario, behaviour] of scenarios) {
    it(`${scenario}: the process exits within 1 s of the call settling`, async () => {
      server.behaviour = behaviour;
      const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "helpers", "child-exit.ts"), server.url, scenario], {
        cwd: join(__dirname, "..", ".."),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      let settledAt: number | undefined;
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (settledAt === undefined && out.includes("settled")) settledAt = performance.now();
      });
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const exited = await new Promise<number>((resolve) => {
        const killer = setTimeout(() => child.kill("SIGKILL"), 12_000);
        child.on("exit", () => {
          clearTimeout(killer);
          resolve(performance.now());
        });
      });
      expect(out, err).toMatch(/settled \w+/);
      if (scenario !== "ok") expect(out).not.toContain("settled ok");
      expect(exited - settledAt!, `${scenario}: ${out.trim()}`).toBeLessThan(1000);
    }, 20_000);
  }
});
