/**
 * Issue 6, cause 3 of the scale benchmark's one failure: a call that waits in the client's rate limiter longer than the
 * client's call deadline (60 s by default; 300 ms here) must not fail a create or delete that still has time left under
 * its own timeout (timeouts.create / timeouts.delete). Real emulator over HTTP, real client with a tight rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, startEmulator, type RunningEmulator } from "../../src/emulator";
import { FlowLogProvider } from "../../src/provider";

let emulator: RunningEmulator;
let provider: FlowLogProvider;

beforeAll(async () => {
  // Its own emulator, hence its own endpoint and its own process-wide limiter.
  emulator = await startEmulator({ settings: { activationDelayMs: 200, transitionDelayMs: 100 } });
  const values: Record<string, string> = {
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
    "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
    "alicloud-flowlog:endpoint": emulator.url,
  };
  provider = new FlowLogProvider({
    log: () => undefined,
    // 4 calls per second per action, one at a time: the sixth of six concurrent CreateFlowLog waits 1.25 s in the limiter.
    createApi: (config, log) =>
      new VpcClient({ ...(config === undefined ? {} : { config }), logger: log, retry: { deadlineMs: 300 }, rateLimit: { requestsPerSecond: 4, burst: 1 } }),
  });
  await provider.configure({ config: { get: (key: string) => values[key] } });
});

afterAll(async () => {
  await provider.ctx.close();
  await emulator.stop();
});

describe("waiting in the client's rate limiter", () => {
  it("counts against the operation's timeout, not the client's call deadline: six concurrent creates and deletes all succeed", async () => {
    const vpcs = ["vpc-demo0401", "vpc-demo0402", "vpc-demo0403", "vpc-demo0404", "vpc-demo0405", "vpc-demo0406"];
    const inputs = await Promise.all(
      vpcs.map(async (resourceId) => {
        const checked = await provider.check({}, { resourceType: "VPC", resourceId, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store" });
        return checked.inputs ?? {};
      }),
    );
    const created = await Promise.all(inputs.map((news) => provider.create(news)));
    expect(emulator.flowLogs().map((f) => f.status)).toEqual(vpcs.map(() => "Active"));
    await Promise.all(created.map(({ id, outs }) => provider.delete(id, outs)));
    expect(emulator.flowLogs()).toEqual([]);
    expect(emulator.stats().byAction.CreateFlowLog).toBe(vpcs.length);
  });
});
