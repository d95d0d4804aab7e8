/**
 * Errors in rounds: one slow (hanging) DescribeFlowLogs answer, Throttling many times, an auth error; several regions.
 * The provider talks to the emulator through a logging proxy that can hold or refuse requests per region / flow log.
 */
import { describe, expect, it } from "vitest";
import { maxInWindow, sleep } from "./proxy";
import { suite, vpc } from "./suite";

const s = suite({ settings: { activationDelayMs: 500, transitionDelayMs: 300 } });

const resourceOf = (flowLogId: string | undefined): string | undefined => s.emulator.flowLogs().find((f) => f.flowLogId === flowLogId)?.resourceId;
const statusOf = (flowLogId: string | undefined): string | undefined => s.emulator.flowLogs().find((f) => f.flowLogId === flowLogId)?.status;

describe("a hanging DescribeFlowLogs answer", () => {
  it("does not keep another flow log's create waiting once its own look answered Active", async () => {
    // A's look, once A is Active, is answered only after 8 s (a slow or stuck answer; the client's timeout is 30 s).
    let held = false;
    s.proxy.hook = (r) => {
      if (held || r.action !== "DescribeFlowLogs" || r.params.FlowLogId === undefined) return undefined;
      if (resourceOf(r.params.FlowLogId) === vpc(1) && statusOf(r.params.FlowLogId) === "Active") {
        held = true;
        return { delayMs: 8_000 };
      }
      return undefined;
    };
    const a = s.create(vpc(1), { timeouts: { create: "20s" } });
    const b = s.create(vpc(2), { timeouts: { create: "4s" } });
    const rb = await b;
    const bId = s.emulator.flowLogs().find((f) => f.resourceId === vpc(2))?.flowLogId;
    // Evidence that B's own look was answered early (while B was already Active in the emulator).
    const bAnswered = s.proxy.of("DescribeFlowLogs").filter((r) => r.params.FlowLogId === bId && r.doneAt !== undefined);
    expect(bAnswered.some((r) => r.doneAt! - bAnswered[0]!.at < 1_500)).toBe(true);
    // Promise (issue 6 "Detect Active promptly": Active -> create returns within 0.5 s + 10% of the activation time;
    // watcher.ts perItemRound: each answer serves its own waits as it comes): B's own DescribeFlowLogs answered Active
    // ~0.6 s after its create while the sibling call of the same per-item round hung (B used to be released only with
    // it: after its own 4 s timeout, as an initialization failure "did not become Active").
    expect(rb.error?.message, "B's create failed").toBeUndefined();
    expect(rb.ms, "B's create returned late").toBeLessThan(2_000);
    await a;
  }, 30_000);

  it("a wait that joins while a round hangs gets its result within its timeout, naming why (no answer was ever sent for it)", async () => {
    let held = false;
    s.proxy.hook = (r) => {
      if (held || r.action !== "DescribeFlowLogs" || r.params.FlowLogId === undefined) return undefined;
      if (resourceOf(r.params.FlowLogId) === vpc(3)) {
        held = true;
        return { delayMs: 6_000 };
      }
      return undefined;
    };
    const a = s.create(vpc(3), { timeouts: { create: "20s" } });
    await sleep(1_000); // A's first look (0.3 s) hangs
    const b = await s.create(vpc(4), { timeouts: { create: "3s" } });
    // B's note is a query of the same watcher: it cannot be served while A's round hangs.
    expect(b.ms).toBeLessThan(3_600);
    expect(b.error).toBeDefined();
    expect(b.error?.message).toMatch(/could not look up/);
    await a;
  }, 30_000);
});

describe("throttling and auth errors in rounds", () => {
  it("Throttling on every DescribeFlowLogs: every waiter ends with a timeout naming Throttling, and the request rate stays bounded", async () => {
    s.emulator.updateSettings({ activationDelayMs: 2_000 });
    // Throttling starts once the 8 CreateFlowLogs went through (their notes before them), not at a time: a starved
    // process may send a note late, and that create would then fail at its note rather than in its wait. Activation
    // takes 2 s, so no wait sees Active before the last CreateFlowLog unless they spread over more than that (42-250 ms
    // measured, under load too).
    let created = 0;
    s.proxy.hook = (r) => {
      if (r.action === "CreateFlowLog") created += 1;
      return r.action === "DescribeFlowLogs" && created >= 8
        ? { error: { code: "Throttling.User", message: "Request was denied due to user flow control.", httpStatus: 400 } }
        : undefined;
    };
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => s.create(vpc(10 + i), { timeouts: { create: "5s" } })));
    for (const r of results) {
      expect(r.error?.message ?? "").toMatch(/did not become Active within 5s/);
      expect(r.error?.message ?? "").toMatch(/Throttling/);
      expect(r.ms).toBeLessThan(6_500);
    }
    const describes = s.proxy.of("DescribeFlowLogs");
    // Not a promise of describeRate (retries are the client's), but bounded: 6 attempts per call, backoff from 200 ms.
    expect(maxInWindow(describes, 1_000)).toBeLessThanOrEqual(20);
  }, 30_000);

  it("InvalidAccessKeyId on DescribeFlowLogs (keys disabled mid-wait): every waiter ends at once with that error, not a timeout", async () => {
    s.emulator.updateSettings({ activationDelayMs: 3_000 });
    let broken = false;
    s.proxy.hook = (r) =>
      broken && r.action === "DescribeFlowLogs" ? { error: { code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.", httpStatus: 404 } } : undefined;
    const creates = Array.from({ length: 5 }, (_, i) => s.create(vpc(30 + i), { timeouts: { create: "20s" } }));
    await sleep(1_200);
    broken = true;
    const t = Date.now();
    const results = await Promise.all(creates);
    for (const r of results) {
      expect(r.error?.message ?? "").toMatch(/InvalidAccessKeyId/);
    }
    expect(Date.now() - t).toBeLessThan(3_000);
    expect(s.proxy.of("DescribeFlowLogs").filter((r) => r.at >= t).length).toBeLessThanOrEqual(6);
  }, 30_000);
});

describe("several regions", () => {
  it("a region whose DescribeFlowLogs hangs does not slow creates in another region", async () => {
    s.proxy.hook = (r) => (r.action === "DescribeFlowLogs" && r.params.RegionId === "cn-shanghai" ? { delayMs: 10_000 } : undefined);
    const slow = Array.from({ length: 4 }, (_, i) => s.create(vpc(40 + i), { timeouts: { create: "3s" } }, "cn-shanghai"));
    await sleep(400);
    const fast = await Promise.all(Array.from({ length: 4 }, (_, i) => s.create(vpc(40 + i), { timeouts: { create: "10s" } }, "cn-beijing")));
    for (const r of fast) {
      expect(r.error).toBeUndefined();
      expect(r.ms).toBeLessThan(2_000);
    }
    const slowResults = await Promise.all(slow);
    for (const r of slowResults) expect(r.ms).toBeLessThan(3_600);
  }, 30_000);

  it("a region answering Throttling does not slow creates in another region (same endpoint)", async () => {
    s.proxy.hook = (r) =>
      r.params.RegionId === "cn-shanghai" && r.action === "DescribeFlowLogs"
        ? { error: { code: "Throttling.User", message: "Request was denied due to user flow control.", httpStatus: 400 } }
        : undefined;
    const slow = Array.from({ length: 6 }, (_, i) => s.create(vpc(50 + i), { timeouts: { create: "4s" } }, "cn-shanghai"));
    await sleep(1_000);
    const fast = await Promise.all(Array.from({ length: 6 }, (_, i) => s.create(vpc(50 + i), { timeouts: { create: "10s" } }, "cn-beijing")));
    for (const r of fast) {
      expect(r.error).toBeUndefined();
      expect(r.ms).toBeLessThan(2_000);
    }
    await Promise.all(slow);
  }, 30_000);
});
