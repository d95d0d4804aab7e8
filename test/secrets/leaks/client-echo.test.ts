// The client against small misbehaving servers on 127.0.0.1 that echo the request (headers, form body,
// query) back in bodies, error pages and redirects. Rule (README "Configuration" and docs/ARCHITECTURE.md "client"): "No
// error, log line or stack contains an AccessKeySecret, security token or signature."
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseAuthorizationV3 } from "../../../src/client/signing";
import { VpcClient, type VpcClientOptions } from "../../../src/client/vpc-client";
import { errorTexts, jsonEscapedSpellings, knownSpellings, leaks, startEchoServer, type EchoServer, type SeenRequest } from "./helpers";

const KEY_ID = "STS.LeakKeyId0001";
const SECRET = "Leak+Secret/Key=0123456789abcdef";
const TOKEN = "CAIS+sts/token==LEAK-SECRET-TOKEN/0123456789+abc";

let server: EchoServer;
const lines: string[] = [];
const clients: VpcClient[] = [];

function client(options: VpcClientOptions = {}): VpcClient {
  const c = new VpcClient({
    endpoint: server.url,
    regionId: "cn-hangzhou",
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN },
    env: {},
    credentialsChain: false,
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 },
    logger: (l) => lines.push(l),
    ...options,
  });
  clients.push(c);
  return c;
}

/** The signature of the request as sent (V3 Authorization header, or V2 `Signature` form field). */
function signatureOf(req: SeenRequest): string {
  const auth = req.headers.authorization;
  if (typeof auth === "string") return parseAuthorizationV3(auth)!.signature;
  return new URLSearchParams(req.body).get("Signature")!;
}

/**
 * The credentials-bearing part of the request as a gateway would echo it, serialized by a JSON encoder: the token header
 * and authorization (V3), or the decoded form's SecurityToken and Signature (V2). Kept short: the client quotes only the
 * first 200 characters of a page.
 */
function requestAsJson(req: SeenRequest): Record<string, unknown> {
  const form = new URLSearchParams(req.body);
  return req.headers.authorization === undefined
    ? { SecurityToken: form.get("SecurityToken"), Signature: form.get("Signature") }
    : { "x-acs-security-token": req.headers["x-acs-security-token"], authorization: req.headers.authorization };
}

/** .NET System.Text.Json (default encoder) writes `+` as `\u002B`; PHP json_encode writes `/` as `\/`. */
const dotnetJson = (v: unknown): string => JSON.stringify(v).replaceAll("+", "\\u002B");
const phpJson = (v: unknown): string => JSON.stringify(v).replaceAll("/", "\\/");

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, "content-length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("the call succeeded");
}

/** Every spelling of the secret, the token and the signatures the server saw: the client's own and JSON-escaped ones. */
function forbidden(): string[] {
  const values = [SECRET, TOKEN, ...server.seen.map(signatureOf)];
  return values.flatMap((v) => [...knownSpellings(v), ...jsonEscapedSpellings(v)]);
}

beforeAll(async () => {
  server = await startEchoServer((_req, res) => send(res, 200, "application/json", "{}"));
});
beforeEach(() => {
  lines.length = 0;
  server.seen.length = 0;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

describe("held up: echoes the client's redact() knows", () => {
  it("a JSON error (Code, Message) whose Message echoes the token and signature raw: redacted", async () => {
    server.answer = (req, res) =>
      send(res, 400, "application/json", JSON.stringify({ Code: "SignatureDoesNotMatch", Message: `token=${req.headers["x-acs-security-token"]} sig=${signatureOf(req)}`, RequestId: "r" }));
    const e = await failure(client().describeFlowLogs({}));
    expect(leaks([...errorTexts(e), ...lines], forbidden())).toEqual([]);
    expect((e as Error).message).toContain("[REDACTED]");
  });

  it("a 302 whose Location and body echo the token and signature: not followed, redacted", async () => {
    server.answer = (req, res) => {
      const t = String(req.headers["x-acs-security-token"]);
      send(res, 302, "text/html", `<a href="https://evil.example/?t=${encodeURIComponent(t)}">moved</a> ${t} ${signatureOf(req)}`, {
        location: `https://evil.example/?t=${encodeURIComponent(t)}&s=${signatureOf(req)}`,
      });
    };
    const e = await failure(client().describeFlowLogs({}));
    expect(server.seen.length).toBeGreaterThan(0);
    expect(leaks([...errorTexts(e), ...lines], forbidden())).toEqual([]);
  });
});

describe("DEFECT: a JSON encoder's escapes of the echoed token are not redacted", () => {
  it("CreateFlowLog answered 502 by a .NET gateway echoing the request as JSON (`+` as \\u002B): the gateway error quotes the token", async () => {
    server.answer = (req, res) => send(res, 502, "application/json", dotnetJson({ error: "Bad Gateway", request: requestAsJson(req) }));
    const e = await failure(client().createFlowLog({ resourceType: "VPC", resourceId: "vpc-demo0001", trafficType: "All", projectName: "p", logStoreName: "s" }));
    expect((e as { name?: string }).name).toBe("AlicloudRequestError");
    expect((e as { ambiguous?: boolean }).ambiguous).toBe(true);
    // The token as the server wrote it, `+` escaped: "CAIS\u002Bsts/token==LEAK-...".
    expect(leaks([...errorTexts(e), ...lines], forbidden())).toEqual([]);
  });

  it("DescribeFlowLogs answered 400 with an HTML error page embedding the request as PHP JSON (`/` as \\/): the API error and retry lines quote the token", async () => {
    server.answer = (req, res) => send(res, 400, "text/html", `<html><body><pre>${phpJson(requestAsJson(req))}</pre></body></html>`);
    const e = await failure(client().describeFlowLogs({}));
    expect((e as { name?: string }).name).toBe("AlicloudApiError");
    expect(leaks([...errorTexts(e), ...lines], forbidden())).toEqual([]);
  });

  it("V2: a read answered 503 (retried, logged) with a page echoing the decoded form as .NET JSON: the V2 signature / token are quoted", async () => {
    server.answer = (req, res) => send(res, 503, "text/plain", `Unavailable ${dotnetJson(requestAsJson(req))}`);
    const e = await failure(client({ signatureVersion: "v2" }).describeFlowLogs({}));
    expect(server.seen.length).toBe(2);
    expect(leaks([...errorTexts(e), ...lines], forbidden())).toEqual([]);
  });
});
