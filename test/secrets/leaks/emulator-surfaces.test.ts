// What the emulator itself shows. Its control API (`/__emulator/*`), its state file and its request log
// lines must not hold the AccessKeySecret or security token it was given, nor those a client sent (V3 header, V2 query
// and form body, a bad signature's echo).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../../src/client";
import { startEmulator, type RunningEmulator } from "../../../src/emulator";
import { knownSpellings } from "./helpers";

const STS = { accessKeyId: "STS.LeakEmu01", accessKeySecret: "RevEmu-Secret+/=0123456789abcdef", securityToken: "RevEmuToken+/==CAIS0123/abc+def==" };
const LONG = { accessKeyId: "LeakEmuLong01", accessKeySecret: "RevEmuLong-Secret+/=0123456789ab" };

let emulator: RunningEmulator;
let stateFile: string;
const lines: string[] = [];
const clients: VpcClient[] = [];

beforeAll(async () => {
  stateFile = path.join(mkdtempSync(path.join(tmpdir(), "rs-emu-")), "state.json");
  emulator = await startEmulator({
    port: 0,
    stateFile,
    settings: { activationDelayMs: 50, transitionDelayMs: 50 },
    accessKeys: [LONG],
    stsTokens: [STS],
    logger: (l: string) => lines.push(l),
  });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emulator?.stop();
});

function client(credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string }, signatureVersion: "v2" | "v3"): VpcClient {
  const c = new VpcClient({ regionId: "cn-hangzhou", endpoint: emulator.url, credentials, rateLimit: false, signatureVersion, retry: { maxAttempts: 1 } });
  clients.push(c);
  return c;
}

describe("the emulator's own surfaces", () => {
  it("control API, state file and log lines hold no secret or token", async () => {
    for (const v of ["v2", "v3"] as const) {
      const made = await client(STS, v).createFlowLog({ resourceType: "VPC", resourceId: `vpc-demo09${v === "v2" ? "01" : "02"}`, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" });
      expect(made.FlowLogId).toMatch(/^fl-/);
      await client(LONG, v).describeFlowLogs({});
      // A wrong secret with the right token: SignatureDoesNotMatch, whose message echoes the string to sign.
      const wrong = await client({ ...STS, accessKeySecret: "RevEmu-WRONG+/=0123456789abcdef" }, v).describeFlowLogs({}).catch((e: Error) => e);
      expect(String(wrong)).toMatch(/SignatureDoesNotMatch/);
    }
    // A V2 GET with everything (SecurityToken, Signature) in the query, as pop-core sends it.
    const q = new URLSearchParams({ Action: "DescribeFlowLogs", SecurityToken: STS.securityToken, AccessKeyId: STS.accessKeyId, Signature: "bogus+/=" });
    await fetch(`${emulator.url}/?${q}`);
    await new Promise((r) => setTimeout(r, 250));
    const control: string[] = [];
    for (const p of ["flowlogs", "stats", "settings", "faults"]) control.push(await (await fetch(`${emulator.url}/__emulator/${p}`)).text());
    const texts = { control: control.join("\n"), stateFile: readFileSync(stateFile, "utf8"), lines: lines.join("\n") };
    expect(lines.length).toBeGreaterThan(0);
    const secrets = [STS.accessKeySecret, STS.securityToken, LONG.accessKeySecret].flatMap(knownSpellings);
    const leaked = Object.entries(texts).filter(([, t]) => secrets.some((s) => t.includes(s))).map(([k]) => k);
    expect(leaked).toEqual([]);
  });
});
