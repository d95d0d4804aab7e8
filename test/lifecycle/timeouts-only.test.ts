// A change of `timeouts` alone is documented as "an update that calls no API: it records them in
// the state". These cases play the engine step by step through the real provider process (test/lifecycle/lab.ts) and
// count the emulator's calls by action.
import { describe, expect, it } from "vitest";
import { ResourceInitFailedError } from "../../src/testing";
import { args, REGION, useLab, type Entry, type Lab } from "./lab";

let lab: Lab;

useLab((started) => {
  lab = started;
});

function calls(): Record<string, number> {
  return { ...lab.emulator.stats().byAction };
}
function writesSince(before: Record<string, number>): Record<string, number> {
  const after = calls();
  const out: Record<string, number> = {};
  for (const [action, n] of Object.entries(after)) {
    if (action.startsWith("Describe") || action.startsWith("List")) continue;
    const d = n - (before[action] ?? 0);
    if (d > 0) out[action] = d;
  }
  return out;
}

describe("timeouts alone", () => {
  it("Active flow log, no drift: records the timeouts, no write (control)", async () => {
    const a = args("vpc-demo0901");
    const e = await lab.create("t-plain", a);
    const before = calls();
    const r = await lab.up(e, { ...a, timeouts: { delete: "30m" } });
    expect(r.op).toBe("update");
    expect(r.error).toBeUndefined();
    expect(r.entry.outputs.timeouts).toMatchObject({ delete: "30m" });
    expect(writesSince(before)).toEqual({});
    await lab.delete(r.entry);
  });

  it("Inactive flow log (program says Inactive): records the timeouts, no write (control)", async () => {
    const a = args("vpc-demo0902", { status: "Inactive" });
    const e = await lab.create("t-inactive", a);
    const before = calls();
    const r = await lab.up(e, { ...a, timeouts: { delete: "30m" } });
    expect(r.error).toBeUndefined();
    expect(r.entry.outputs.timeouts).toMatchObject({ delete: "30m" });
    expect(writesSince(before)).toEqual({});
    await lab.delete(r.entry);
  });

  // Drift that no refresh has shown: the preview shows only `~ timeouts`, so the update must not undo it (a review found
  // it re-activated and renamed).
  it("flow log deactivated and renamed out of band (no refresh): a timeouts-only update makes no write", async () => {
    const a = args("vpc-demo0903", { flowLogName: "mine" });
    const e = await lab.create("t-drift", a);
    const d = lab.direct();
    await d.modifyFlowLogAttribute({ regionId: REGION, flowLogId: e.id, flowLogName: "theirs" });
    await lab.waitCloud(e.id, (f) => f?.status === "Active");
    await d.deactiveFlowLog({ regionId: REGION, flowLogId: e.id });
    await lab.waitCloud(e.id, (f) => f?.status === "Inactive");
    const { diff } = await lab.diff(e, { ...a, timeouts: { delete: "30m" } });
    expect(diff).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const before = calls();
    const r = await lab.up(e, { ...a, timeouts: { delete: "30m" } });
    const writes = writesSince(before);
    const cloud = lab.cloud(e.id);
    await lab.delete(r.entry);
    expect({ writes, status: cloud?.status, name: cloud?.flowLogName }).toEqual({ writes: {}, status: "Inactive", name: "theirs" });
  }, 30_000);

  // What the delete timeout message tells the user: a raised timeouts.delete counts once a `pulumi up` has recorded it.
  // After a delete that timed out the flow log is Deleting: that up must record it at once, not wait or fail.
  it("after a delete that timed out (flow log Deleting): raising timeouts.delete and running up succeeds at once", async () => {
    const a = args("vpc-demo0904", { timeouts: { delete: "1s" } });
    const e = await lab.create("t-after-delete", a);
    lab.emulator.updateSettings({ transitionDelayMs: 6_000 });
    const failure = await lab.delete(e).then(
      () => undefined,
      (err: Error) => err.message,
    );
    expect(failure).toMatch(/a raised timeouts\.delete counts only once a `pulumi up` has recorded it/);
    const started = Date.now();
    const r = await lab.up(e, { ...a, timeouts: { delete: "60s" } });
    const took = Date.now() - started;
    const outcome = {
      error: r.error instanceof Error ? r.error.message : r.error,
      initFailed: r.entry.initFailed ?? false,
      recorded: r.entry.outputs.timeouts,
      quick: took < 2_000,
    };
    await lab.waitCloud(e.id, (f) => f === undefined, 20_000);
    expect(outcome).toEqual({ error: undefined, initFailed: false, recorded: expect.objectContaining({ delete: "60s" }), quick: true });
  }, 90_000);

  it("flow log Modifying (out-of-band change, 8 s): a timeouts-only update does not wait for it", async () => {
    const a = args("vpc-demo0905");
    const e = await lab.create("t-busy", a);
    lab.emulator.updateSettings({ transitionDelayMs: 8_000 });
    await lab.direct().modifyFlowLogAttribute({ regionId: REGION, flowLogId: e.id, description: "by hand" });
    const started = Date.now();
    const r = await lab.up(e, { ...a, timeouts: { delete: "30m" } });
    const took = Date.now() - started;
    await lab.waitCloud(e.id, (f) => f?.status === "Active", 15_000);
    await lab.delete(r.entry);
    expect({ error: r.error, tookUnder2s: took < 2_000, took }).toEqual({ error: undefined, tookUnder2s: true, took: expect.any(Number) });
  }, 60_000);

  it("create left stuck (init failure), then timeouts alone: the new timeouts reach the state, no write", async () => {
    lab.emulator.updateSettings({ stuckActivating: true });
    const a = args("vpc-demo0906", { timeouts: { create: "1s" } });
    let e: Entry;
    try {
      await lab.create("t-stuck", a);
      throw new Error("create should have failed");
    } catch (err) {
      if (!ResourceInitFailedError.isInstance(err)) throw err;
      e = { name: "t-stuck", id: err.id, inputs: await lab.check(a), outputs: err.properties, initFailed: true };
    }
    expect(e.outputs.status).toBe("Activating");
    const before = calls();
    const r = await lab.up(e, { ...a, timeouts: { create: "1s", update: "2s", delete: "45s" } });
    expect(ResourceInitFailedError.isInstance(r.error)).toBe(true);
    expect(r.entry.outputs.timeouts).toMatchObject({ delete: "45s", update: "2s" });
    expect(r.entry.outputs.status).toBe("Activating");
    expect(writesSince(before)).toEqual({});
    lab.emulator.updateSettings({ stuckActivating: false });
    await lab.waitCloud(e.id, (f) => f?.status === "Active", 10_000);
    await lab.delete(r.entry);
  }, 60_000);

  it("no secret in anything seen", () => {
    expect(lab.leaks()).toEqual([]);
  });
});
