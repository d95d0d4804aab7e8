// Endpoints that refuse connections (errors.ts isUnreachable): one that never answered the process is a wrong endpoint,
// reported by read, update and delete after the client's attempts, not at the timeout (README "Client defaults"); one
// that has answered and goes away briefly (the emulator restarted within a second or two) is an outage that a long wait
// rides out (RegionWatcher answered / isOutage), however the client's full-jitter backoff falls.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { FlowLogProvider } from "../../src/provider";
import { emulatorConfig, vpcFlowLogArgs } from "./helpers/emulator-config";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SETTINGS = { activationDelayMs: 6_000, transitionDelayMs: 100 };

/** A provider on `url` whose client draws `jitter` for every backoff (VpcClientOptions.random), else as in production. */
async function providerOn(url: string, jitter?: number): Promise<{ provider: FlowLogProvider; lines: string[] }> {
  const lines: string[] = [];
  const provider = new FlowLogProvider({
    log: (l) => lines.push(l),
    ...(jitter === undefined ? {} : { createApi: (config, log) => new VpcClient({ ...(config ? { config } : {}), logger: log, random: () => jitter }) }),
  });
  await provider.configure(emulatorConfig(url));
  return { provider, lines };
}

/** Creates a flow log (timeouts.create 30s), stops the emulator 0.5 s into the wait for Active and starts it again after `downMs`. */
async function createAcrossRestart(vpc: string, downMs: number, jitter: number) {
  const dir = mkdtempSync(path.join(tmpdir(), "outage-"));
  const stateFile = path.join(dir, "state.json");
  let emulator: RunningEmulator = await startEmulator({ port: 0, stateFile, settings: SETTINGS });
  const port = emulator.port;
  const { provider } = await providerOn(emulator.url, jitter);
  try {
    const inputs = (await provider.check({}, vpcFlowLogArgs(vpc, { timeouts: { create: "30s" } }))).inputs!;
    const pending = provider.create(inputs).then(
      (r) => ({ created: r.id as string }),
      (e: Error) => ({ error: e.message }),
    );
    while (emulator.flowLogs().length === 0) await sleep(20);
    await sleep(500);
    await emulator.stop();
    await sleep(downMs);
    emulator = await startEmulator({ port, stateFile, settings: SETTINGS });
    return await pending;
  } finally {
    await provider.ctx.close();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("a brief outage during a long wait", () => {
  // With full jitter the client's 6 attempts can all fall inside a 1.5 s restart: jitter 0.2 (delays 40+80+160+320+640 ms)
  // makes that repeatable.
  it("create waiting for Active while the emulator restarts for 1.5 s (client jitter draws 0.2): the create still ends Active", async () => {
    const result = await createAcrossRestart("vpc-demo0521", 1_500, 0.2);
    expect(result).toHaveProperty("created");
  }, 40_000);

  it("the same with jitter 0.5 (the client's attempts span ~3 s): the create ends Active", async () => {
    const result = await createAcrossRestart("vpc-demo0522", 1_500, 0.5);
    expect(result).toHaveProperty("created");
  }, 40_000);
});

describe("a wrong endpoint fails read, update and delete within seconds", () => {
  it.each([
    ["nothing listens (ECONNREFUSED)", () => "http://127.0.0.1:1", /ECONNREFUSED/],
    ["a bare host (https) to the plain-HTTP emulator", (e: RunningEmulator) => `127.0.0.1:${e.port}`, /http:\/\//],
  ] as const)("%s", async (_what, endpointOf, pattern) => {
    const emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 100, transitionDelayMs: 100 } });
    const good = await providerOn(emulator.url);
    const bad = await providerOn(endpointOf(emulator));
    try {
      const inputs = (await good.provider.check({}, vpcFlowLogArgs("vpc-demo0523", { timeouts: { create: "60s", update: "60s", delete: "60s" } }))).inputs!;
      const { id, outs } = await good.provider.create(inputs);
      const renamed = (await bad.provider.check(outs, { ...vpcFlowLogArgs("vpc-demo0523"), flowLogName: "x", timeouts: { create: "60s", update: "60s", delete: "60s" } })).inputs!;
      const ops: [string, () => Promise<unknown>][] = [
        ["read", () => bad.provider.read(id, outs)],
        ["update", () => bad.provider.update(id, outs, renamed)],
        ["delete", () => bad.provider.delete(id, outs)],
      ];
      for (const [name, op] of ops) {
        const started = Date.now();
        const message = await op().then(() => "(succeeded)", (e: Error) => e.message);
        const ms = Date.now() - started;
        expect({ name, message, fast: ms < 15_000 }).toEqual({ name, message: expect.stringMatching(pattern), fast: true });
      }
      expect(emulator.flowLogs().find((f) => f.flowLogId === id)).toMatchObject({ status: "Active", flowLogName: "" });
    } finally {
      await good.provider.ctx.close();
      await bad.provider.ctx.close();
      await emulator.stop();
    }
  }, 90_000);
});
