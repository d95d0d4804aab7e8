/**
 * bench/lib/terraform.ts against the real waiter: hashicorp/terraform-plugin-sdk helper/resource/state.go
 * (WaitForStateContext: sleep Delay; first Refresh with wait 0; then wait = 100 ms, `wait *= 2` after every refresh,
 * clamped to [MinTimeout, 10 s]; the wait is slept after the refresh returned) with terraform-provider-alicloud's
 * BuildStateConf (MinTimeout 3 s) and resource_alicloud_vpc_flow_log.go (Delay 5 s, Target Active, Pending []); its
 * create then ends with the Read (one more DescribeFlowLogs).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { terraformCreate, terraformPollAtMs, terraformPollsFor } from "../../bench/lib/terraform";
import type { VpcClient } from "../../src/client";

/** Offsets of the refreshes of StateChangeConf, transcribed from state.go, request latency 0. */
function stateChangeConfPolls(count: number, delayMs = 5_000, minTimeoutMs = 3_000): number[] {
  const at: number[] = [];
  let now = delayMs;
  let wait = 0;
  for (let i = 0; i < count; i++) {
    now += wait; // select <-time.After(wait)
    if (wait === 0) wait = 100; // "first round had no wait"
    at.push(now); // conf.Refresh()
    wait *= 2; // targetOccurence == 0
    if (wait < minTimeoutMs) wait = minTimeoutMs;
    else if (wait > 10_000) wait = 10_000;
  }
  return at;
}

describe("Terraform waiter schedule (bench/lib/terraform.ts)", () => {
  it("poll offsets equal StateChangeConf's with Delay 5 s and MinTimeout 3 s", () => {
    const expected = stateChangeConfPolls(10);
    expect(expected.slice(0, 6)).toEqual([5_000, 8_000, 14_000, 24_000, 34_000, 44_000]);
    expect(Array.from({ length: 10 }, (_, i) => terraformPollAtMs(i))).toEqual(expected);
  });

  it("counts polls up to and including the first at or after D (D in 1, 3, 10, 30, 60 s and edges)", () => {
    const count = (d: number) => stateChangeConfPolls(40).findIndex((t) => t >= d) + 1;
    for (const d of [1_000, 3_000, 5_000, 5_001, 8_000, 10_000, 30_000, 34_001, 60_000, 300_000]) {
      expect(terraformPollsFor(d), `D = ${d} ms`).toBe(count(d));
    }
    expect([1, 3, 10, 30, 60].map((s) => terraformPollsFor(s * 1000))).toEqual([1, 1, 3, 5, 8]);
  });

  describe("terraformCreate against a fake client on fake timers", () => {
    afterEach(() => vi.useRealTimers());

    async function run(activeAtMs: number): Promise<{ polls: number[]; result: Awaited<ReturnType<typeof terraformCreate>> }> {
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
      const t0 = performance.now();
      const polls: number[] = [];
      const client = {
        createFlowLog: async () => ({ FlowLogId: "fl-x" }),
        describeFlowLogs: async () => {
          const at = performance.now() - t0;
          polls.push(at);
          return { FlowLogs: { FlowLog: [{ Status: at >= activeAtMs ? "Active" : "Activating" }] } };
        },
      } as unknown as VpcClient;
      const pending = terraformCreate(client, { regionId: "r", resourceId: "vpc", projectName: "p", logStoreName: "l" }, 300_000);
      await vi.runAllTimersAsync();
      return { polls, result: await pending };
    }

    it("polls at 5, 8, 14, 24, 34 s for D = 30 s, then the Read: 6 calls, returns at 34 s", async () => {
      const { polls, result } = await run(30_000);
      expect(polls).toEqual([5_000, 8_000, 14_000, 24_000, 34_000, 34_000]);
      expect(result.describeCalls).toBe(6);
      expect(result.wallMs).toBe(34_000);
    });

    it("one poll and the Read for D = 1 s and for D = 3 s, returning at 5 s", async () => {
      expect((await run(1_000)).result).toMatchObject({ describeCalls: 2, wallMs: 5_000 });
      expect((await run(3_000)).result).toMatchObject({ describeCalls: 2, wallMs: 5_000 });
    });
  });
});
