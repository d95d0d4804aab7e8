// Create and delete under combined faults, through the real dynamic-provider process (../lab.ts). Promises (provider.ts,
// create.ts, delete.ts): a flow log already gone is a success; Deleting that never finishes hits timeouts.delete with an
// error naming the FlowLogId; Throttling / 503 past the client's own retries are tried again within the operation's
// timeout (as Terraform does, api NOTES.md); an Inactive or Activating flow log is deleted; a lost answer is looked at,
// never repeated blindly.
import { describe, expect, it } from "vitest";
import { ResourceInitFailedError } from "../../../src/testing";
import { args, REGION, useLab, type Entry, type Lab } from "../lab";
import { armedResets, calls, writesSince } from "./observe";

let lab: Lab;
useLab((started) => {
  lab = started;
});

async function deleteOutcome(e: Entry): Promise<{ error: string | undefined; ms: number }> {
  const started = Date.now();
  const error = await lab.delete(e).then(
    () => undefined,
    (err: Error) => err.message,
  );
  return { error, ms: Date.now() - started };
}

describe("create and delete under faults", () => {
  it("lost DeleteFlowLog answer (landed), then Deleting never finishes: timeouts.delete 1500ms ends it with an error naming the FlowLogId; DeleteFlowLog sent once", async () => {
    const e = await lab.create("d-stuck", args("vpc-demo0611", { timeouts: { delete: "1500ms" } }));
    lab.emulator.updateSettings({ transitionDelayMs: 60_000 });
    lab.emulator.addFault({ kind: "reset-after", action: "DeleteFlowLog", times: 1 });
    const before = calls(lab);
    const out = await deleteOutcome(e);
    expect(await armedResets(lab)).toEqual([]);
    expect(out.error).toBeDefined();
    expect(out.error).toContain(e.id);
    expect(out.error).toMatch(/within 1500ms/);
    expect(out.error).toMatch(/Deleting/);
    expect(out.ms).toBeLessThan(5_000);
    expect(writesSince(lab, before)).toEqual({ DeleteFlowLog: 1 });
    expect(lab.cloud(e.id)?.status).toBe("Deleting");
    lab.emulator.updateSettings({ transitionDelayMs: 150 });
    // The emulator keeps the old due time; take it out of band instead of waiting a minute.
    lab.emulator.reset();
  }, 30_000);

  it("deleted out of band, DeleteFlowLog throttled once, the confirming DescribeFlowLogs answered 503 twice: success", async () => {
    const e = await lab.create("d-gone", args("vpc-demo0612"));
    await lab.direct().deleteFlowLog({ regionId: REGION, flowLogId: e.id });
    await lab.waitCloud(e.id, (f) => f === undefined);
    lab.emulator.addFault({ kind: "throttle", action: "DeleteFlowLog", times: 1 });
    lab.emulator.addFault({ kind: "unavailable", action: "DescribeFlowLogs", times: 2 });
    const out = await deleteOutcome(e);
    expect(out.error).toBeUndefined();
  });

  it("Inactive flow log: DeleteFlowLog reset before commit, the next one throttled twice, reads throttled: gone, 4 DeleteFlowLog received (1 lost + 1 landed + 2 refused)", async () => {
    const e = await lab.create("d-inactive", args("vpc-demo0613", { status: "Inactive" }));
    expect(lab.cloud(e.id)?.status).toBe("Inactive");
    lab.emulator.addFault({ kind: "reset-before", action: "DeleteFlowLog", times: 1 });
    lab.emulator.addFault({ kind: "throttle", action: "DeleteFlowLog", times: 2 });
    lab.emulator.addFault({ kind: "throttle", action: "DescribeFlowLogs", every: 2, times: 3 });
    const before = calls(lab);
    const out = await deleteOutcome(e);
    expect(await armedResets(lab)).toEqual([]);
    expect(out.error).toBeUndefined();
    expect(lab.cloud(e.id)).toBeUndefined();
    expect(writesSince(lab, before)).toEqual({ DeleteFlowLog: 4 });
  }, 30_000);

  it("Activating flow log (create timed out): the first DeleteFlowLog's refusal lost (reset after), then gone", async () => {
    lab.emulator.updateSettings({ activationDelayMs: 1_500 });
    const a = args("vpc-demo0614", { timeouts: { create: "300ms" } });
    let e: Entry;
    try {
      await lab.create("d-activating", a);
      throw new Error("create should have timed out");
    } catch (err) {
      if (!ResourceInitFailedError.isInstance(err)) throw err;
      e = { name: "d-activating", id: err.id, inputs: await lab.check(a), outputs: err.properties, initFailed: true };
    }
    expect(lab.cloud(e.id)?.status).toBe("Activating");
    lab.emulator.addFault({ kind: "reset-after", action: "DeleteFlowLog", times: 1 });
    const out = await deleteOutcome(e);
    expect(await armedResets(lab)).toEqual([]);
    expect(out.error).toBeUndefined();
    expect(lab.cloud(e.id)).toBeUndefined();
  }, 30_000);

  // Seven refusals in a row outlast the client's 6 attempts (a few seconds); the delete tries again within
  // timeouts.delete (10m by default).
  it("DeleteFlowLog throttled 7 times in a row (a few seconds), default timeouts.delete 10m: the delete still ends with the flow log gone", async () => {
    const e = await lab.create("d-throttle7", args("vpc-demo0615"));
    lab.emulator.addFault({ kind: "throttle", action: "DeleteFlowLog", times: 7 });
    const out = await deleteOutcome(e);
    const cloud = lab.cloud(e.id);
    if (cloud) await lab.delete(e).catch(() => undefined);
    expect({ error: out.error, gone: cloud === undefined }).toEqual({ error: undefined, gone: true });
  }, 60_000);

  it("DeleteFlowLog answered 503 ServiceUnavailable 7 times in a row, default timeouts.delete 10m: the delete still ends with the flow log gone", async () => {
    const e = await lab.create("d-503x7", args("vpc-demo0616"));
    lab.emulator.addFault({ kind: "unavailable", action: "DeleteFlowLog", times: 7 });
    const out = await deleteOutcome(e);
    const cloud = lab.cloud(e.id);
    if (cloud) await lab.delete(e).catch(() => undefined);
    expect({ error: out.error, gone: cloud === undefined }).toEqual({ error: undefined, gone: true });
  }, 60_000);

  it("CreateFlowLog throttled 7 times in a row (past the client's 6 attempts): the create tries again and makes one flow log", async () => {
    const before = calls(lab);
    lab.emulator.addFault({ kind: "throttle", action: "CreateFlowLog", times: 7 });
    const e = await lab.create("c-throttle7", args("vpc-demo0617"));
    expect(lab.cloud(e.id)?.status).toBe("Active");
    expect(writesSince(lab, before)).toEqual({ CreateFlowLog: 8 });
    expect(lab.emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0617")).toHaveLength(1);
    await lab.delete(e);
  }, 60_000);

  it("CreateFlowLog throttled until timeouts.create: the create fails naming Throttling and leaves no flow log", async () => {
    // One try (the client's 6 attempts, backoff with full jitter from 200 ms: up to about 6 s, more on a loaded machine)
    // fits the timeout at least twice, so the create is seen trying again past the client's attempts.
    lab.emulator.addFault({ kind: "throttle", action: "CreateFlowLog", retryAfterSeconds: 0.05 });
    const before = calls(lab);
    const a = args("vpc-demo0619", { timeouts: { create: "15s" } });
    const message = await lab.create("c-throttled", a).then(
      () => "created",
      (err: Error) => err.message,
    );
    lab.emulator.clearFaults();
    expect(message).toMatch(/CreateFlowLog failed: Throttling/);
    expect(writesSince(lab, before).CreateFlowLog).toBeGreaterThan(6);
    expect(lab.emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0619")).toEqual([]);
  }, 45_000);

  // A CreateFlowLog the service still holds when timeouts.create ends may make a flow log: the create must end with its id
  // in the state (an initialization failure), never without (create.ts: its answer, or a look over the adopt window).
  it("CreateFlowLog held by the service past timeouts.create: the flow log it made is kept in the state (no orphan)", async () => {
    lab.emulator.addFault({ kind: "latency", action: "CreateFlowLog", latencyMs: 1_500, times: 1 });
    const a = args("vpc-demo0620", { timeouts: { create: "1s" } });
    const failure = await lab.create("c-cut", a).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(ResourceInitFailedError.isInstance(failure), String(failure)).toBe(true);
    const made = lab.emulator.flowLogs().filter((f) => f.resourceId === "vpc-demo0620");
    expect(made).toHaveLength(1);
    const id = (failure as ResourceInitFailedError).id;
    expect(id).toBe(made[0]!.flowLogId);
    await lab.delete({ name: "c-cut", id, inputs: await lab.check(a), outputs: (failure as ResourceInitFailedError).properties, initFailed: true });
  }, 60_000);

  it("DeleteFlowLog answered 503 until timeouts.delete: the error names the flow log, the timeout and the 503; the flow log stays in the state", async () => {
    const e = await lab.create("d-503-long", args("vpc-demo0618", { timeouts: { delete: "3s" } }));
    lab.emulator.addFault({ kind: "unavailable", action: "DeleteFlowLog" });
    const out = await deleteOutcome(e);
    lab.emulator.clearFaults();
    // Any last status: the first DeleteFlowLog goes without a look, and on a loaded machine its tries can take the 3 s.
    expect(out.error).toMatch(new RegExp(`^Delete failed: FlowLog ${e.id} did not become deleted within 3s \\(last status: [^;]+; last error: DeleteFlowLog failed: ServiceUnavailable`));
    expect(lab.cloud(e.id)?.status).toBe("Active");
    await lab.delete(e);
  }, 30_000);

  it("no secret reaches anything the provider process wrote or answered", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
