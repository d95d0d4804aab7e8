// A JSON-escaped echo of the security token, end to end. A proxy on 127.0.0.1 forwards everything to the
// emulator, except that once CreateFlowLog has gone through, DescribeFlowLogs is answered 503 by a page echoing the
// x-acs-security-token the way .NET's System.Text.Json writes it (`+` as \u002B). The create's wait rides that out until
// timeouts.create, then fails as an init failure whose reason names the last error: that text reaches the CLI and the
// state's initErrors (not a secret field: stored in plain text). Needs `npm run build`.
import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { loadProgramModule } from "../../../src/testing/load-program";
import { MiniEngine } from "../../../src/testing";
import { jsonEscapedSpellings, knownSpellings, startEchoServer, type EchoServer } from "./helpers";
import type * as Fixture from "../../odd-input/fixtures/program";

const fixture = loadProgramModule(path.join(__dirname, "../../odd-input/fixtures/program.ts")) as unknown as typeof Fixture;
const STS = { accessKeyId: "STS.LeakProxy01", accessKeySecret: "RevProxy-Secret+/=0123456789abcdef", securityToken: "RevProxyToken+/==CAIS0123/abc+def==" };

let emulator: RunningEmulator;
let proxy: EchoServer;
let created = false;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 200, transitionDelayMs: 150 }, stsTokens: [STS] });
  const target = new URL(emulator.url);
  proxy = await startEchoServer((req, res) => {
    if (created && req.action === "DescribeFlowLogs") {
      const echoed = JSON.stringify({ token: req.headers["x-acs-security-token"] }).replaceAll("+", "\\u002B");
      const body = `Service Unavailable ${echoed}`;
      res.writeHead(503, { "content-type": "text/plain", "content-length": String(Buffer.byteLength(body)) });
      res.end(body);
      return;
    }
    if (req.action === "CreateFlowLog") created = true;
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.end(req.body);
  });
});
afterAll(async () => {
  await proxy?.close();
  await emulator?.stop();
});

describe("DEFECT: an escaped echo of the token reaches a timeout's message, the CLI and the state's initErrors", () => {
  it("create waits past timeouts.create on 503 pages echoing the token", async () => {
    const lines: string[] = [];
    const eng = new MiniEngine({
      project: "leaksproxy",
      projectDir: path.join(__dirname, "../.."),
      config: {
        "alicloud:region": "cn-hangzhou",
        "alicloud:accessKey": STS.accessKeyId,
        "alicloud:secretKey": { value: STS.accessKeySecret, secret: true },
        "alicloud:securityToken": { value: STS.securityToken, secret: true },
        "alicloud-flowlog:endpoint": proxy.url,
        "alicloud-flowlog:requestTimeout": "2s",
      },
      providerEnv: { ALIBABA_CLOUD_ACCESS_KEY_ID: undefined, ALIBABA_CLOUD_ACCESS_KEY_SECRET: undefined, ALIBABA_CLOUD_SECURITY_TOKEN: undefined, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" },
      onLog: (line) => lines.push(line.text),
    });
    fixture.setFlowLogs(() => ({
      web: { resourceType: "VPC", resourceId: "vpc-demo0801", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", timeouts: { create: "3s" } } as never,
    }));
    let message = "";
    try {
      await eng.up(fixture.program);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(created).toBe(true);
    expect(message).toMatch(/503/);
    const stateJson = eng.stateJson();
    expect(eng.state().resources[0]?.initErrors?.length).toBe(1);
    // The escaped spellings, and those as the state JSON writes them again (each backslash doubled).
    const escaped = jsonEscapedSpellings(STS.securityToken);
    const forbidden = [...knownSpellings(STS.securityToken), ...escaped, ...escaped.map((s) => JSON.stringify(s).slice(1, -1))];
    const where = { cliMessage: message, stateJson, providerLines: lines.join("\n") };
    const leaked = Object.entries(where).filter(([, text]) => forbidden.some((f) => text.includes(f))).map(([k]) => k);
    expect(leaked).toEqual([]);
  }, 60_000);
});
