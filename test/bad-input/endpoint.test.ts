// A wrong endpoint is a configuration mistake no later look can fix: the error comes after the client's own attempts
// (README "Client defaults": 6 attempts within a 60 s deadline), not after the resource's timeouts.create (10 minutes by
// default). Nothing listening (ECONNREFUSED), and a bare host (which means https, README "Configuration") pointed at a
// plain-HTTP emulator: the TLS handshake fails before anything is sent, and the message says the endpoint needs http://.
// Drives the real dynamic-provider process (dist: `npm run build` first) against the emulator.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { startProviderProcess } from "../../src/testing";
import { builtShimText } from "../faults/provider-stack";
import { cleanEnv } from "../secrets/clean-env";

const PROJECT_DIR = path.join(__dirname, "../..");
const URN = "urn:pulumi:dev::endpoint::pulumi-nodejs:dynamic/alicloud-flowlog:FlowLog::e";

let emulator: RunningEmulator;
let shim: string;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 100, transitionDelayMs: 100 } });
  shim = await builtShimText();
});
afterAll(async () => {
  await emulator?.stop();
});

/** A create with a 60 s timeout against `endpoint`: its error message and how long it took. */
async function createAgainst(endpoint: string): Promise<{ message: string; ms: number }> {
  const provider = await startProviderProcess({ projectDir: PROJECT_DIR, project: "endpoint", env: cleanEnv(mkdtempSync(path.join(tmpdir(), "endpoint-"))) });
  try {
    await provider.configure({
      "alicloud:region": "cn-hangzhou",
      "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
      "alicloud:secretKey": { value: DEFAULT_ACCESS_KEY_SECRET, secret: true },
      "alicloud-flowlog:endpoint": endpoint,
    });
    const news = { resourceType: "VPC", resourceId: "vpc-demo0951", trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", timeouts: { create: "60s" }, __provider: shim };
    const checked = await provider.check(URN, {}, news);
    const started = Date.now();
    const message = await provider.create(URN, checked.inputs).then(
      () => "(created)",
      (e: Error) => e.message,
    );
    return { message, ms: Date.now() - started };
  } finally {
    await provider.stop();
  }
}

describe("an endpoint that cannot be reached fails the create after the client's attempts", () => {
  it("nothing listens there: ECONNREFUSED is reported in seconds, not at timeouts.create", async () => {
    const { message, ms } = await createAgainst("http://127.0.0.1:1");
    expect(message).toMatch(/DescribeFlowLogs failed: network: ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:1 \(after 6 attempt\(s\)\)/);
    expect(ms).toBeLessThan(20_000);
  }, 60_000);

  it("a bare host means https: against the plain-HTTP emulator the handshake fails at once, nothing is sent, and the message says http://", async () => {
    const before = emulator.stats().total;
    const { message, ms } = await createAgainst(`127.0.0.1:${new URL(emulator.url).port}`);
    expect(message).toMatch(/ERR_SSL_WRONG_VERSION_NUMBER|wrong version number/);
    expect(message).toContain("an emulator's endpoint needs http://");
    expect(emulator.stats().total).toBe(before);
    expect(ms).toBeLessThan(10_000);
  }, 60_000);
});
