/**
 * Waits joining after a slow period: settle-history.ts holds young waits of a kind until the quickest recent one of that
 * kind settled. A sample is the start of the round that saw the wait settled (watcher.ts `reached`): when it was the
 * round's answer, rounds that were slow (slow answers, a throttled period) recorded settle times the service never took,
 * and the next waits of the kind sat out rounds for that long.
 */
import { describe, expect, it } from "vitest";
import { suite, vpc } from "./suite";

const s = suite({ settings: { activationDelayMs: 1_000, transitionDelayMs: 300 } });

describe("settle history after slow rounds", () => {
  it("creates whose flow logs activate in 1 s return promptly although the previous wave's looks were slow", async () => {
    // Wave 1: the service activates each flow log in 1 s, but DescribeFlowLogs by id / listing answers slowly for the
    // first seconds (a slow period: each look is answered ~5 s after the wave's CreateFlowLogs).
    // Only the looks of the waits are slow (from the third CreateFlowLog on): the notes before them are not.
    s.proxy.hook = (r) => {
      const creates = s.proxy.of("CreateFlowLog");
      if (r.action !== "DescribeFlowLogs" || creates.length < 3) return undefined;
      const until = creates[2]!.at + 5_000;
      return Date.now() < until - 500 ? { delayMs: until - Date.now() } : undefined;
    };
    const wave1 = await Promise.all([1, 2, 3].map((n) => s.create(vpc(n))));
    for (const r of wave1) expect(r.error).toBeUndefined();
    s.proxy.hook = undefined;

    // Wave 2: the same service, nothing slow any more; activation still 1 s.
    const wave2 = await Promise.all([4, 5, 6].map((n) => s.create(vpc(n))));
    for (const r of wave2) expect(r.error).toBeUndefined();
    // Promise (issue 6 "Detect Active promptly": from Active to create returning under 0.5 s + 10% of the activation
    // time; settle-history.ts: "flow logs of a stack tend to take about as long as each other", which they do here):
    // each wave-2 create should return ~1.0 s + 0.6 s + the note and CreateFlowLog round trips (it took ~5 s when the
    // wave-1 waits' time as the slow rounds saw it was the hold of every younger "Active" wait).
    const slowest = Math.max(...wave2.map((r) => r.ms));
    expect(slowest, `wave 2 took ${wave2.map((r) => r.ms).join(", ")} ms`).toBeLessThan(2_500);
  }, 30_000);
});
