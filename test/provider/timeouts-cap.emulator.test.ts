/**
 * Timeouts past what Node's timers hold (2^31-1 ms, about 24.8 days) fire at once. check refuses timeouts over 24h
 * (check-messages.test.ts), but state written before it did may hold one, and delete and update run with the stored
 * value; create and delete use at most 24h (duration.ts timeoutMsOf) and wait as asked.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { FlowLogProvider } from "../../src/provider";
import { emulatorConfig, vpcFlowLogArgs } from "./helpers/emulator-config";

let emulator: RunningEmulator;
let provider: FlowLogProvider;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, host: "127.0.0.1", settings: { activationDelayMs: 300, transitionDelayMs: 100 } });
  provider = new FlowLogProvider({ log: () => undefined });
  await provider.configure(emulatorConfig(emulator.url));
});
afterAll(async () => {
  await provider?.ctx.close();
  await emulator?.stop();
});
beforeEach(() => emulator.reset());

const LONG = { create: "600h", update: "600h", delete: "600h" };

describe("timeouts longer than a timer can hold", () => {
  it("a create given 600h without check (old inputs) waits for Active instead of timing out at once", async () => {
    const checked = await provider.check({}, vpcFlowLogArgs("vpc-demo0101", { __provider: "shim" }));
    const started = Date.now();
    const created = await provider.create({ ...checked.inputs, timeouts: LONG });
    expect(created.outs.status).toBe("Active");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("a delete whose stored timeouts.delete is 600h waits until the flow log is gone", async () => {
    const checked = await provider.check({}, vpcFlowLogArgs("vpc-demo0103", { __provider: "shim" }));
    const created = await provider.create(checked.inputs!);
    await provider.delete(created.id, { ...created.outs!, timeouts: LONG });
    expect(emulator.flowLogs()).toEqual([]);
  });
});
