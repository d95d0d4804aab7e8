/**
 * One item's own failure in a shared round: a non-transient error of one item's call ends that item's waits and looks
 * only (watcher.ts ItemFailures); it used to end every wait and look of the region.
 */
import { describe, expect, it } from "vitest";
import { sleep } from "./proxy";
import { suite, vpc } from "./suite";

const REGION = "cn-hangzhou";
const s = suite({ settings: { activationDelayMs: 1_500, transitionDelayMs: 300 } });

describe("an id that cannot be sent, read while creates wait", () => {
  it("fails the read only; the creates waiting in the region are not failed with its error", async () => {
    const creates = [1, 2].map((n) => s.create(vpc(n), { timeouts: { create: "20s" } }));
    await sleep(700); // both waits are registered (CreateFlowLog answered)
    // An import / FlowLog.get id with an unpaired surrogate (a bad paste): the client refuses to sign it
    // (AlicloudConfigError, README: "Input that cannot be signed ... never retried").
    const read = s.provider.read("fl-\uD800abc", { regionId: REGION }).then(
      () => "answered",
      (e: Error) => e.message,
    );
    const results = await Promise.all(creates);
    expect(await read).not.toBe("answered");
    // Promise (README: "a create waits until DescribeFlowLogs reports Active"; watcher.ts: a round "serves" every wait):
    // these creates' flow logs became Active; a read of another id must not turn them into initialization failures.
    for (const r of results) expect(r.error?.message, "create failed because of another read's id").toBeUndefined();
  }, 30_000);
});
