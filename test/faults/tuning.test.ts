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

  it("refuses a value that is not a duration at configure, naming the key", async () => {
    const provider = new FlowLogProvider();
    await expect(provider.configure({ config: config({ "alicloud-flowlog:requestTimeout": "soon" }) })).rejects.toThrow(
      /alicloud-flowlog:requestTimeout must be a positive duration/,
    );
    await expect(provider.configure({ config: config({ "alicloud-flowlog:adoptWindow": "0s" }) })).rejects.toThrow(/alicloud-flowlog:adoptWindow/);
  });
});
