// Verifies the signatures that the official clients actually send, captured by a loopback server: our signer, fed the
// decoded request the way a verifier (the emulator) sees it, must reproduce them. Covers @alicloud/vpc20160428 7.3.2 in
// its default V3 mode and with signatureAlgorithm "v2", and @alicloud/pop-core 1.8.0 RPCClient (GET query and POST form),
// whose signer is not exported. Values carry spaces, `*`, `~`, quotes, Chinese and emoji.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import RPCClient from "@alicloud/pop-core";
import Vpc, { DescribeFlowLogsRequest } from "@alicloud/vpc20160428";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseAuthorizationV3, sha256Hex, signV2, signV3 } from "../../../src/client/signing";

interface Captured {
  method: string;
  query: Record<string, string>;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const ACCESS_KEY_ID = "testid";
const ACCESS_KEY_SECRET = "testsecret";
const DESCRIPTION = `flow "log" 'x' *~ 流日志 😀 a+b&c=d`;

/** Decodes `a=b&c=d` pairs; `+` means space only in form bodies (application/x-www-form-urlencoded). */
function decodePairs(text: string, plusIsSpace: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const [name, value] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    const decode = (s: string): string => decodeURIComponent(plusIsSpace ? s.replace(/\+/g, "%20") : s);
    out[decode(name)] = decode(value);
  }
  return out;
}

let server: Server;
let port = 0;
const captured: Captured[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = req.url ?? "/";
      const rawQuery = url.includes("?") ? url.slice(url.indexOf("?") + 1) : "";
      captured.push({
        method: req.method ?? "",
        query: decodePairs(rawQuery, false),
        rawQuery,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(200, { "content-type": "application/json;charset=utf-8" });
      res.end(JSON.stringify({ RequestId: "req-1", Success: true, TotalCount: "0", PageNumber: "1", PageSize: "20", FlowLogs: { FlowLog: [] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  captured.length = 0;
});

function vpcClient(signatureAlgorithm?: string): Vpc {
  return new Vpc(
    new $OpenApiUtil.Config({
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      regionId: "cn-hangzhou",
      endpoint: `127.0.0.1:${port}`,
      protocol: "http",
      ...(signatureAlgorithm === undefined ? {} : { signatureAlgorithm }),
    }),
  );
}

function describeRequest(): DescribeFlowLogsRequest {
  return new DescribeFlowLogsRequest({ regionId: "cn-hangzhou", description: DESCRIPTION, flowLogName: "name with space" });
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

function only(): Captured {
  expect(captured).toHaveLength(1);
  return captured[0] as Captured;
}

describe("@alicloud/vpc20160428 (V3, the default)", () => {
  it("sends an Authorization our signV3 reproduces from the decoded request", async () => {
    await vpcClient().describeFlowLogs(describeRequest());
    const request = only();
    const authorization = parseAuthorizationV3(header(request.headers, "authorization"));
    expect(authorization?.algorithm).toBe("ACS3-HMAC-SHA256");
    expect(authorization?.accessKeyId).toBe(ACCESS_KEY_ID);
    expect(request.query["Description"]).toBe(DESCRIPTION);
    // The SDK's raw URL leaves `*` unescaped: a verifier must decode and re-encode, as we do here.
    expect(request.rawQuery).toContain("*");
    const signedHeaders = authorization?.signedHeaders ?? [];
    expect(signedHeaders).toEqual(expect.arrayContaining(["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce"]));
    const ours = signV3({
      method: request.method,
      query: request.query,
      headers: Object.fromEntries(signedHeaders.map((name) => [name, header(request.headers, name)])),
      hashedPayload: header(request.headers, "x-acs-content-sha256"),
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
    });
    expect(header(request.headers, "x-acs-content-sha256")).toBe(sha256Hex(request.body));
    expect(ours.signedHeaders).toBe(signedHeaders.join(";"));
    expect(ours.authorization).toBe(header(request.headers, "authorization"));
  });
});

describe("@alicloud/vpc20160428 with signatureAlgorithm v2", () => {
  it("sends a Signature our signV2 reproduces from the decoded parameters", async () => {
    await vpcClient("v2").describeFlowLogs(describeRequest());
    const request = only();
    const params = { ...request.query, ...decodePairs(request.body, true) };
    expect(params["SignatureMethod"]).toBe("HMAC-SHA1");
    expect(params["Description"]).toBe(DESCRIPTION);
    expect(signV2({ method: request.method, params, accessKeySecret: ACCESS_KEY_SECRET })).toBe(params["Signature"]);
  });
});

describe("@alicloud/pop-core RPCClient (V2)", () => {
  const client = (): RPCClient =>
    new RPCClient({ endpoint: `http://127.0.0.1:${port}`, apiVersion: "2016-04-28", accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET });
  const params = { RegionId: "cn-hangzhou", Description: DESCRIPTION, "Tag.1.Key": "k ~*", "Tag.1.Value": "值 😀" };

  it.each(["GET", "POST"])("%s: our signV2 reproduces the Signature", async (method) => {
    await client().request("DescribeFlowLogs", params, { method });
    const request = only();
    expect(request.method).toBe(method);
    const all = { ...request.query, ...decodePairs(request.body, true) };
    expect(all["Tag.1.Value"]).toBe("值 😀");
    expect(signV2({ method, params: all, accessKeySecret: ACCESS_KEY_SECRET })).toBe(all["Signature"]);
  });
});
