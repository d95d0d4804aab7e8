import { randomUUID } from "node:crypto";
/**
 * Shared helpers of the emulator tests: official clients pointed at a running emulator, a hand-signed V2 request for
 * the cases no official client produces (old timestamps, missing parameters), a recording proxy to replay a real
 * client's exact bytes, and polling with a deadline.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import VpcClient from "@alicloud/vpc20160428";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import RPCClient from "@alicloud/pop-core";
import { sha256Hex, signV2 } from "../../src/client/signing";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../src/emulator";

export const KEY_ID = DEFAULT_ACCESS_KEY_ID;
export const KEY_SECRET = DEFAULT_ACCESS_KEY_SECRET;
export const VERSION = "2016-04-28";

/** Credentials for the official clients. */
export interface TestCredentials {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
}

/** `@alicloud/vpc20160428` on V3 (default) or V2 (`signatureAlgorithm: 'v2'`). */
export function vpcSdk(port: number, scheme: "v3" | "v2" = "v3", credentials: TestCredentials = {}): VpcClient {
  const config = new $OpenApiUtil.Config({
    accessKeyId: credentials.accessKeyId ?? KEY_ID,
    accessKeySecret: credentials.accessKeySecret ?? KEY_SECRET,
    regionId: "cn-hangzhou",
    endpoint: `127.0.0.1:${port}`,
    protocol: "http",
  });
  if (credentials.securityToken !== undefined) config.securityToken = credentials.securityToken;
  if (scheme === "v2") config.signatureAlgorithm = "v2";
  return new VpcClient(config);
}

/** `@alicloud/pop-core` RPCClient (GET by default; `{ method: "POST" }` per call for a form body). */
export function popClient(port: number, credentials: TestCredentials = {}): RPCClient {
  return new RPCClient({
    accessKeyId: credentials.accessKeyId ?? KEY_ID,
    accessKeySecret: credentials.accessKeySecret ?? KEY_SECRET,
    ...(credentials.securityToken === undefined ? {} : { securityToken: credentials.securityToken }),
    endpoint: `http://127.0.0.1:${port}`,
    apiVersion: VERSION,
  });
}

/** The error shape both official clients throw (tea ResponseError: code, statusCode, data; pop-core: code, data, entry). */
export interface ClientFailure {
  code?: string;
  statusCode?: number;
  message: string;
  data?: Record<string, unknown>;
  entry?: { response?: { statusCode?: number; headers?: Record<string, string> } };
}

/** Runs `call` and returns what it threw; fails the test when it did not throw. */
export async function failure(call: () => Promise<unknown>): Promise<ClientFailure> {
  try {
    await call();
  } catch (error) {
    return error as ClientFailure;
  }
  throw new Error("expected the call to fail");
}

/** The answer of a raw request. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => Record<string, unknown>;
}

/** One HTTP request with node:http (no agent reuse unless given). */
export function rawRequest(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path ?? "/", headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
        });
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** RFC 3986 encoding for building query strings by hand. */
function enc(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Formats a time as the V2 Timestamp (`yyyy-MM-ddTHH:mm:ssZ`). */
export function v2Timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

let nonceCounter = 0;

/**
 * Builds the query of a V2 GET request signed by hand (what pop-core sends), with every common parameter filled in;
 * `overrides` replace or (with undefined) drop parameters before signing.
 */
export function signedV2Query(
  action: string,
  params: Record<string, string>,
  overrides: Record<string, string | undefined> = {},
  secret: string = KEY_SECRET,
  method = "GET",
): string {
  const all: Record<string, string | undefined> = {
    Action: action,
    Version: VERSION,
    Format: "JSON",
    AccessKeyId: KEY_ID,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: `test-nonce-${process.pid}-${Date.now()}-${++nonceCounter}`,
    Timestamp: v2Timestamp(Date.now()),
    ...params,
    ...overrides,
  };
  const defined = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
  const signature = signV2({ method, params: defined, accessKeySecret: secret });
  return Object.entries({ ...defined, Signature: signature })
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join("&");
}

/** A recorded request: enough to send the same bytes again. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A forwarding proxy that records every request it passes to `targetPort`. */
export async function recordingProxy(targetPort: number): Promise<{ port: number; recorded: RecordedRequest[]; close: () => Promise<void> }> {
  const recorded: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks) };
      recorded.push(entry);
      const upstream = httpRequest(
        { host: "127.0.0.1", port: targetPort, method: entry.method, path: entry.url, headers: entry.headers, agent: false },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(entry.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Sends a recorded request again, byte for byte. */
export function replay(port: number, entry: RecordedRequest): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.headers)) {
    // Framing headers are recomputed for the body actually sent (tests may swap it).
    if (value === undefined || ["connection", "content-length", "transfer-encoding"].includes(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  headers["content-length"] = String(entry.body.length);
  return rawRequest(port, { method: entry.method, path: entry.url, headers, body: entry.body });
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The text with every character that could hide in encoding: spaces, `*`, `~`, quotes, Chinese and emoji. */
export const TRICKY_DESCRIPTION = `flow log * ~ 'single' "double" 流日志 🚀 + & = % /`;

/** A signed V2 call over raw HTTP (no official client in the way): the status and the JSON answer. */
export async function signedCall(port: number, action: string, params: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const answer = await rawRequest(port, { path: `/?${signedV2Query(action, params)}` });
  return { status: answer.status, json: answer.json() };
}

/** CreateFlowLog parameters for `vpc-demo0<vpcNumber>` of the default world (the number padded to three digits by the caller). */
export function createFlowLogParams(vpcNumber: number): Record<string, string> {
  return {
    RegionId: "cn-hangzhou",
    ResourceType: "VPC",
    ResourceId: `vpc-demo0${vpcNumber}`,
    TrafficType: "All",
    ProjectName: "flowlog-project",
    LogStoreName: "flowlog-store",
  };
}

/** The headers of a V3 POST of `action` with an empty body, a fresh date and nonce; the caller signs and adds `authorization`. */
export function v3Headers(port: number, action = "DescribeFlowLogs"): Record<string, string> {
  return {
    host: `127.0.0.1:${port}`,
    "x-acs-action": action,
    "x-acs-version": "2016-04-28",
    "x-acs-date": new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    "x-acs-signature-nonce": randomUUID(),
    "x-acs-content-sha256": sha256Hex(""),
  };
}
