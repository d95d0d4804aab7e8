/**
 * The emulator's HTTP and signature handling under hostile or odd input (src/emulator/server.ts, protocol/): every such
 * request gets a 4xx answer in the service's error shape, never a 500 or a hang, and the server keeps serving.
 */
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as $Vpc from "@alicloud/vpc20160428";
import { canonicalQueryString, sha256Hex, signV3 } from "../../src/client/signing";
import { ManualClock, startEmulator, type RunningEmulator } from "../../src/emulator";
import { checkTimestamp } from "../../src/emulator/protocol";
import { KEY_ID, KEY_SECRET, popClient, rawRequest, recordingProxy, replay, signedV2Query, vpcSdk } from "./helpers";

let emulator: RunningEmulator;
const logs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ logger: (l) => logs.push(l), settings: { activationDelayMs: 100, transitionDelayMs: 100 } });
});
afterAll(async () => {
  await emulator.stop();
});

async function stillServes(): Promise<void> {
  const answer = await popClient(emulator.port).request<{ RequestId: string }>("DescribeFlowLogs", { RegionId: "cn-hangzhou" });
  expect(answer.RequestId).toBeTruthy();
}

function expectServiceError(json: Record<string, unknown>): void {
  expect(Object.keys(json).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"].sort());
}

/**
 * A hand-signed V3 POST; `extraSigned` names are appended verbatim to SignedHeaders after signing.
 * @param date `x-acs-date` (default: now)
 */
function v3Request(extraSigned: string[] = [], port = emulator.port, date = new Date().toISOString().replace(/\.\d{3}Z$/, "Z")) {
  const query = { RegionId: "cn-hangzhou" };
  const canonicalQuery = canonicalQueryString(query);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    "x-acs-action": "DescribeFlowLogs",
    "x-acs-version": "2016-04-28",
    "x-acs-date": date,
    "x-acs-signature-nonce": randomUUID(),
    "x-acs-content-sha256": sha256Hex(""),
  };
  const { authorization, signedHeaders } = signV3({ method: "POST", query, headers, hashedPayload: sha256Hex(""), accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET });
  const tampered = extraSigned.length === 0 ? authorization : authorization.replace(`SignedHeaders=${signedHeaders}`, `SignedHeaders=${signedHeaders};${extraSigned.join(";")}`);
  return rawRequest(port, { method: "POST", path: `/?${canonicalQuery}`, headers: { ...headers, authorization: tampered } });
}

describe("names of Object.prototype members from the client", () => {
  // A SignedHeaders entry the request does not carry is a malformed signature (the client's fault): 400
  // IncompleteSignature, never a 500 InternalError, which clients would retry as a server failure (NOTES.md: 5xx retryable).
  it.each(["constructor", "__proto__", "toString", "x-acs-not-sent"])("answers 400 IncompleteSignature when SignedHeaders lists %s", async (name) => {
    const before = logs.length;
    const answer = await v3Request([name]);
    expectServiceError(answer.json());
    expect(answer.status, `${answer.status} ${answer.text}`).toBe(400);
    expect(answer.json().Code).toBe("IncompleteSignature");
    expect(logs.slice(before).some((l) => l.startsWith("internal error"))).toBe(false);
    await stillServes();
  });

  // Parameters are kept in maps without a prototype: these names are plain parameters, signed and passed on like any other.
  it("serves a V2 request carrying parameters named constructor and __proto__", async () => {
    const params = Object.fromEntries([["RegionId", "cn-hangzhou"], ["constructor", "x"], ["__proto__", "y"], ["toString", "z"]]);
    const query = signedV2Query("DescribeFlowLogs", params);
    expect(query).toContain("__proto__=y");
    const answer = await rawRequest(emulator.port, { path: `/?${query}` });
    expect(answer.status, answer.text).toBe(200);
  });

  it("accepts the same hand-signed request without the extra name", async () => {
    expect((await v3Request()).status).toBe(200);
  });
});

/** Writes `head` and then `body` on a raw socket and returns what came back within 2 s (the socket stays open). */
function sendRaw(head: string, body: Buffer | string = ""): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = connect(emulator.port, "127.0.0.1", () => {
      socket.write(head);
      if (body.length > 0) socket.write(body);
    });
    let text = "";
    socket.on("data", (c: Buffer) => (text += c.toString("latin1")));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(text);
    }, 2000);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on("error", () => undefined);
  });
}

describe("bodies", () => {
  // server.ts: an oversized body is answered as soon as it is declared or passes the limit, without waiting for the
  // rest (a client may never send it), and the connection is closed.
  it("answers a body declared as 1 GB at once, before any of it arrives, and closes the connection", async () => {
    const started = Date.now();
    const answer = await sendRaw(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000000\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(Date.now() - started).toBeLessThan(1500); // the socket closed: sendRaw did not wait for its 2 s
    await stillServes();
  });

  it("answers a chunked body as soon as it passes the limit, while the client has stopped sending", async () => {
    const chunk = Buffer.alloc(1024 * 1024 + 10, 0x61);
    const answer = await sendRaw(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`,
      Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain("InvalidParameter");
    await stillServes();
  });

  it("answers a control API body declared over the limit with 413 at once", async () => {
    const answer = await sendRaw(`PATCH /__emulator/settings HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
  });

  it("answers a body declared as 1 GB promptly once more than the limit has arrived", async () => {
    const answer = await sendRaw(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000000\r\n\r\n`,
      Buffer.alloc(2 * 1024 * 1024, 0x61),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await stillServes();
  });

  it("reads a chunked V2 POST form body (pop-core style) like a Content-Length one", async () => {
    const body = signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, {}, KEY_SECRET, "POST");
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(emulator.port, "127.0.0.1", () => {
        socket.write(`POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`);
        const half = Math.floor(body.length / 2);
        for (const part of [body.slice(0, half), body.slice(half)]) socket.write(`${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`);
        socket.write("0\r\n\r\n");
      });
      let text = "";
      socket.on("data", (c: Buffer) => (text += c.toString("latin1")));
      socket.on("close", () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });

  it("answers a client that half-closes after a complete request", async () => {
    const query = signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" });
    const answer = await new Promise<string>((resolve) => {
      const socket = connect({ port: emulator.port, host: "127.0.0.1", allowHalfOpen: true }, () => socket.end(`GET /?${query} HTTP/1.1\r\nHost: x\r\n\r\n`));
      let text = "";
      socket.on("data", (c: Buffer) => (text += c.toString("latin1")));
      socket.on("end", () => resolve(text));
      setTimeout(() => resolve(text), 2000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
  });

  it("survives a client that declares more body than it sends and half-closes", async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(emulator.port, "127.0.0.1", () => socket.end(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nRegionId=`));
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
      socket.resume();
    });
    await stillServes();
  });

  it("answers invalid UTF-8 and malformed escapes in a form body and query with the service's error shape", async () => {
    for (const path of ["/?Action=DescribeFlowLogs&Version=2016-04-28&RegionId=%E0%A4", "/?%zz=%zz&Action=%", "/?Action=DescribeFlowLogs&Action=CreateFlowLog&Version=2016-04-28"]) {
      const answer = await rawRequest(emulator.port, { method: "POST", path, headers: { "content-type": "application/x-www-form-urlencoded" }, body: Buffer.from([0xc3, 0x28, 0x3d, 0xe0, 0xa4, 0x26, 0x25, 0x7a]) });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectServiceError(answer.json());
    }
    await stillServes();
  });

  it("answers 200 to 200 concurrent connections and keeps serving", async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, () => rawRequest(emulator.port, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" })}` })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
  });
});

describe("parameters in two places and twice", () => {
  it("V2: a business parameter in both query and form body — the signed value is the one used", async () => {
    // Query says cn-shanghai, body (which wins, request.ts) says cn-hangzhou; sign over the merged map as the emulator does.
    const signedBody = signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, {}, KEY_SECRET, "POST");
    const answer = await rawRequest(emulator.port, { method: "POST", path: "/?RegionId=cn-shanghai", headers: { "content-type": "application/x-www-form-urlencoded" }, body: signedBody });
    expect([200, 400]).toContain(answer.status);
    if (answer.status !== 200) expectServiceError(answer.json());
  });
});

describe("nonces and clocks", () => {
  it("refuses a V3 SDK request replayed with a different body-less query order", async () => {
    const proxy = await recordingProxy(emulator.port);
    try {
      await vpcSdk(proxy.port).describeFlowLogs(new $Vpc.DescribeFlowLogsRequest({ regionId: "cn-hangzhou", pageSize: 10 }));
      const rec = proxy.recorded[0]!;
      const [path, q] = rec.url.split("?");
      const reordered = `${path}?${q!.split("&").reverse().join("&")}`;
      const again = await replay(emulator.port, { ...rec, url: reordered });
      expect(again.json().Code).toBe("SignatureNonceUsed");
    } finally {
      await proxy.close();
    }
  });

  // Date.parse alone would roll 2024-02-30 over to 2024-03-01 and 24:00 to the next day: with the server clock at
  // 2024-03-01T00:00:00Z they would pass as current times. They are refused as badly formatted, V2 and V3 alike.
  const impossible = ["2024-02-30T00:00:00Z", "2024-02-29T24:00:00Z", "2024-02-29T23:59:60Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z"];

  it("refuses calendar-impossible timestamps as badly formatted (V2 Timestamp, V3 x-acs-date)", async () => {
    const clock = new ManualClock(Date.UTC(2024, 2, 1));
    const other = await startEmulator({ clock });
    try {
      for (const stamp of impossible) {
        const v2 = await rawRequest(other.port, { path: `/?${signedV2Query("DescribeFlowLogs", { RegionId: "cn-hangzhou" }, { Timestamp: stamp })}` });
        expect(v2.status, stamp).toBe(400);
        expect(v2.json().Code, stamp).toBe("InvalidTimeStamp.Format");
        const v3 = await v3Request([], other.port, stamp);
        expect(v3.status, stamp).toBe(400);
        expect(v3.json().Code, stamp).toBe("InvalidTimeStamp.Format");
      }
    } finally {
      await other.stop();
    }
  });

  it("accepts real calendar times, fractions of a second and 29 February of a leap year", () => {
    const now = Date.UTC(2024, 1, 29, 23, 59, 59);
    expect(checkTimestamp("2024-02-29T23:59:59Z", now)).toBe(now);
    expect(checkTimestamp("2024-02-29T23:59:58.5Z", now)).toBe(now - 500);
    for (const stamp of impossible) expect(() => checkTimestamp(stamp, now), stamp).toThrow(expect.objectContaining({ code: "InvalidTimeStamp.Format" }));
  });
});
