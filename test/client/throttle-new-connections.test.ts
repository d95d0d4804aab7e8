/**
 * The default limiter seen from a server counting requests per second (the emulator's `throttle` fault, 20/s in fixed
 * one-second windows), when new connections are slow. A burst's first 20 requests each open a connection and are
 * written ~100 ms after their turns (here a connector that takes 100 ms, as TCP + TLS do over a real network); the next
 * 20 go on those connections, kept alive, with no such delay. Counted from the turns, the window (1050 ms) let both
 * groups into one server second (3-20 Throttling answers, each halving the rate); counted from the writes
 * (throttle.ts WRITE_LAG_MS, Transport's onWrite), none. README "Client defaults": "never more than 20 within any 1.05 s,
 * so a server counting per second never sees 21".
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { delayedConnect } from "./helpers/delayed-connect";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  emulator.addFault({ kind: "throttle", action: "DescribeFlowLogs", ratePerSecond: 20 });
});
afterAll(async () => {
  await emulator.stop();
});

/** An undici connector whose new connections take 100 ms; a kept-alive one costs nothing. */
const slowNewConnections = delayedConnect(100);

it("40 concurrent calls of a fresh client over slow new connections: no Throttling answer", async () => {
  const client = new VpcClient({
    endpoint: emulator.url,
    regionId: "cn-hangzhou",
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    env: {},
    credentialsChain: false,
    retry: { maxAttempts: 1 },
    agent: { connect: slowNewConnections as never },
  });
  try {
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => client.describeFlowLogs()));
    const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
    expect(failures).toEqual([]);
  } finally {
    await client.close();
  }
});
