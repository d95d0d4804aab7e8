// The timing keys the matrix needs (src/provider/tuning.ts): a stack can shorten the client's request timeout and the
// adopt window through its configuration, the only channel into a dynamic provider's process; bad values are refused
// at configure with the key named.
import { describe, expect, it } from "vitest";
import { FlowLogProvider, requestTimeoutsFrom, settingsFromConfig } from "../../src/provider";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("timing configuration", () => {
  it("reads alicloud-flowlog:requestTimeout into the client's headers and body timeouts", () => {
    expect(requestTimeoutsFrom(config({ "alicloud-flowlog:requestTimeout": "700ms" }))).toEqual({ headersMs: 700, bodyMs: 700 });
    expect(requestTimeoutsFrom(config({}))).toBeUndefined();
  });

  it("reads alicloud-flowlog:adoptWindow into the provider settings", () => {
    expect(settingsFromConfig(config({ "alicloud-flowlog:adoptWindow": "3s" }))).toEqual({ adoptWindowMs: 3_000 });
    expect(settingsFromConfig(config({}))).toEqual({});
  });

  it("reads alicloud-flowlog:describeRate into the watcher's DescribeFlowLogs budget (burst twice the rate)", () => {
    expect(settingsFromConfig(config({ "alicloud-flowlog:describeRate": "2.5" }))).toEqual({ describeBudget: { callsPerSecond: 2.5, burst: 5 } });
    expect(settingsFromConfig(config({ "alicloud-flowlog:describeRate": "0.2" }))).toEqual({ describeBudget: { callsPerSecond: 0.2, burst: 1 } });
  });

  it("refuses a describeRate that is not a positive number at configure, naming the key", async () => {
    for (const bad of ["fast", "0", "-1", "6/s"]) {
      await expect(new FlowLogProvider().configure({ config: config({ "alicloud-flowlog:describeRate": bad }) })).rejects.toThrow(
        /alicloud-flowlog:describeRate must be a positive number/,
      );
    }
  });

  it("refuses a value that is not a duration at configure, naming the key", async () => {
    const provider = new FlowLogProvider();
    await expect(provider.configure({ config: config({ "alicloud-flowlog:requestTimeout": "soon" }) })).rejects.toThrow(
      /alicloud-flowlog:requestTimeout must be a positive duration/,
    );
    await expect(provider.configure({ config: config({ "alicloud-flowlog:adoptWindow": "0s" }) })).rejects.toThrow(/alicloud-flowlog:adoptWindow/);
  });

  it("refuses a duration over 24h at configure (Node's timers would fire at once), naming the key and the limit", async () => {
    await expect(new FlowLogProvider().configure({ config: config({ "alicloud-flowlog:requestTimeout": "600h" }) })).rejects.toThrow(
      'config alicloud-flowlog:requestTimeout must be at most 24h; got "600h"',
    );
    expect(settingsFromConfig(config({ "alicloud-flowlog:adoptWindow": "24h" }))).toEqual({ adoptWindowMs: 86_400_000 });
  });
});
