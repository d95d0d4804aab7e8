/**
 * server.ts readBody: "An oversized body is answered as soon as it is declared (Content-Length) or
 * passes the limit (chunked), without waiting for the rest, and its connection is closed. ... It never crashes on bad
 * input ... and the server keeps serving."
 */
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { MAX_BODY_BYTES } from "../../src/emulator/server";
import { rawRequest, signedV2Query } from "./helpers";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

/** Writes raw bytes, collects everything the server sends until it closes (or `waitMs`). */
function sendRaw(parts: (string | Buffer)[], waitMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    const socket = connect(emulator.port, "127.0.0.1", () => {
      for (const p of parts) socket.write(p);
    });
    socket.on("data", (c: Buffer) => (text += c.toString("latin1")));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(text);
    }, waitMs);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on("error", () => undefined);
  });
}

const describeQuery = () => signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" });

async function stillServes(): Promise<void> {
  const answer = await rawRequest(emulator.port, { path: `/?${describeQuery()}` });
  expect(answer.status).toBe(200);
}

describe("Content-Length edge cases", () => {
  it("answers a body of exactly the limit (not too large) normally", async () => {
    const answer = await rawRequest(emulator.port, {
      method: "POST",
      path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, {}, undefined, "POST")}`,
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.alloc(MAX_BODY_BYTES, 0x61),
    });
    expect(answer.status).toBe(200);
  });

  it("refuses limit+1 with the body-too-large error", async () => {
    const answer = await rawRequest(emulator.port, {
      method: "POST",
      path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, {}, undefined, "POST")}`,
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x61),
    }).catch((e: NodeJS.ErrnoException) => ({ status: -1, text: e.code ?? String(e) }));
    // The promise of server.ts is an answer ("answered at once"), which a client that sends its whole body must be
    // able to read: a reset instead would be an ambiguous network failure for a write.
    expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
  });

  it("a client sending a whole 4 MiB body still reads the early answer (not ECONNRESET / EPIPE)", async () => {
    const results: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await new Promise<string>((resolve) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port: emulator.port,
            method: "POST",
            path: `/?${describeQuery()}`,
            headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(4 * 1024 * 1024) },
            agent: false,
          },
          (res) => {
            res.resume();
            resolve(String(res.statusCode));
          },
        );
        req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
        req.end(Buffer.alloc(4 * 1024 * 1024, 0x61));
      });
      results.push(r);
    }
    expect(results.every((r) => /^4\d\d$/.test(r)), results.join(",")).toBe(true);
    await stillServes();
  });

  for (const bad of ["12abc", "-1", "1e3", " 0x10", "99999999999999999999999"]) {
    it(`answers Content-Length ${JSON.stringify(bad)} with a 4xx and keeps serving`, async () => {
      const text = await sendRaw([`POST /?${describeQuery()} HTTP/1.1\r\nHost: x\r\nContent-Length: ${bad}\r\n\r\n`]);
      expect(text).toMatch(/^HTTP\/1\.1 4\d\d/);
      await stillServes();
    });
  }

  it("answers two conflicting Content-Length headers with 400", async () => {
    const text = await sendRaw([`POST /?${describeQuery()} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5000000\r\n\r\nabc`]);
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    await stillServes();
  });

  it("does not read an oversized body's bytes as a following pipelined request (Content-Length)", async () => {
    const smuggled = `GET /__emulator/reset HTTP/1.1\r\nHost: x\r\n\r\n`;
    const body = Buffer.concat([Buffer.from(smuggled), Buffer.alloc(MAX_BODY_BYTES, 0x61)]);
    const text = await sendRaw([
      `POST /?${describeQuery()} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    ]);
    expect(text.match(/HTTP\/1\.1 \d{3}/g) ?? []).toHaveLength(1);
  });

  it("does not read an oversized chunked body's remainder as a next request", async () => {
    const first = Buffer.alloc(MAX_BODY_BYTES + 5, 0x61);
    const inner = `POST /__emulator/reset HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`;
    const text = await sendRaw([
      `POST /?${describeQuery()} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`,
      Buffer.concat([Buffer.from(`${first.length.toString(16)}\r\n`), first, Buffer.from("\r\n")]),
      `${inner.length.toString(16)}\r\n${inner}\r\n0\r\n\r\n`,
    ]);
    const statuses = text.match(/HTTP\/1\.1 \d{3}/g) ?? [];
    expect(statuses).toHaveLength(1);
  });

  it("keeps a keep-alive connection usable after a small (in-limit) body on GET", async () => {
    const q = describeQuery();
    const q2 = describeQuery();
    const text = await sendRaw([
      `GET /?${q} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello`,
      `GET /?${q2} HTTP/1.1\r\nHost: x\r\n\r\n`,
    ]);
    expect(text.match(/HTTP\/1\.1 200/g) ?? []).toHaveLength(2);
  });
});
