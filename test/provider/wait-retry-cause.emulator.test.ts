/**
 * A wait that times out while the client is still retrying DescribeFlowLogs names the failure it is retrying
 * (CallOptions.onRetry, RegionWatcher.noteRetry), a refused connection from an endpoint that answered before included
 (an outage, errors.ts isUnreachable; a wrong endpoint, never answered, fails at once: outage.emulator.test.ts). A flow log deleted mid-wait: watcher.test.ts and wait-progress.test.ts.
 */
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator";
import { FlowLogProvider } from "../../src/provider";
import { emulatorConfig, vpcFlowLogArgs } from "./helpers/emulator-config";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settled<T>(promise: Promise<T>): Promise<{ ok: boolean; message: string; at: number }> {
  return promise.then(
    () => ({ ok: true, message: "", at: Date.now() }),
    (e: Error) => ({ ok: false, message: e.message, at: Date.now() }),
  );
}

describe("a wait that times out while DescribeFlowLogs is being retried", () => {
  it("names the failure being retried (503 ServiceUnavailable) in its timeout message", async () => {
    const emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 60_000 } });
    const provider = new FlowLogProvider({ log: () => undefined });
    try {
      await provider.configure(emulatorConfig(emulator.url));
      const checked = await provider.check({}, vpcFlowLogArgs("vpc-demo0070", { __provider: "shim", timeouts: { create: "3s" } }));
      const creating = settled(provider.create(checked.inputs!));
      for (let i = 0; i < 1000 && emulator.flowLogs().length === 0; i++) await sleep(5);
      await sleep(200);
      emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs" });
      const result = await creating;
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/did not become Active within 3s \(last status: [^;]+; last error: DescribeFlowLogs failed: ServiceUnavailable/);
    } finally {
      await provider.ctx.close();
      await emulator.stop();
    }
  }, 30_000);

  it("an endpoint that answered and went away is an outage: the wait goes on to its timeout, naming ECONNREFUSED", async () => {
    const emulator = await startEmulator({ port: 0, settings: { activationDelayMs: 60_000 } });
    const provider = new FlowLogProvider({ log: () => undefined });
    try {
      await provider.configure(emulatorConfig(emulator.url));
      const checked = await provider.check({}, vpcFlowLogArgs("vpc-demo0071", { __provider: "shim", timeouts: { create: "3s" } }));
      const creating = settled(provider.create(checked.inputs!));
      for (let i = 0; i < 1000 && emulator.flowLogs().length === 0; i++) await sleep(5);
      await sleep(200);
      await emulator.stop();
      const result = await creating;
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/did not become Active within 3s \(last status: [^;]+; last error: DescribeFlowLogs failed: network: ECONNREFUSED/);
    } finally {
      await provider.ctx.close();
      await emulator.stop();
    }
  }, 30_000);
});
