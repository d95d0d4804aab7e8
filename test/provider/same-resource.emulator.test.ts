/**
 * Two creates of one process on the same resource at the same time (two FlowLog resources on one VPC where the service
 * allows several flow logs per resource, or a create-before-delete replacement): each one's note must see the other's
 * flow log if that one exists, or a lost CreateFlowLog answer would take the other's flow log for its own, or find two
 * new ones and give up leaving its own orphaned (issue 5). Through the real client against the emulator, calling the
 * provider object directly; the emulator's inspection must then hold exactly the flow logs the provider returned.
 */
import { describe, expect, it, vi } from "vitest";
import { emulatorSuite } from "./helpers/emulator-suite";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

/** Same inputs for both creates: nothing (name, description) tells their flow logs apart. */
async function create(resourceId: string): Promise<string> {
  const checked = await suite.provider.check({}, vpcFlowLogArgs(resourceId));
  expect(checked.failures).toEqual([]);
  return (await suite.provider.create(checked.inputs as Record<string, unknown>)).id;
}

const suite = emulatorSuite({
  settings: { activationDelayMs: 200, transitionDelayMs: 100 },
  eachTest: (emulator) => emulator.updateSettings({ maxFlowLogsPerResource: 5 }),
  provider: { adoptWindowMs: 600, staleGraceMs: 1_000, absentGraceMs: 5_000 },
});

describe("creates of one process on the same resource", () => {
  it("the second one's lost answer adopts its own flow log, not the first one's (reset after commit)", async () => {
    suite.emulator.addFault({ kind: "reset-after", action: "CreateFlowLog", every: 2, times: 1 });
    const returned = await Promise.all([create("vpc-demo0201"), create("vpc-demo0201")]);
    expect(new Set(returned).size).toBe(2);
    expect(suite.emulator.flowLogs().map((f) => f.flowLogId).sort()).toEqual([...returned].sort());
    expect(suite.emulator.stats().byAction.CreateFlowLog).toBe(2);
  });

  it("the second one's lost request creates again, without adopting the first one's (reset before it reaches the service)", async () => {
    suite.emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", every: 2, times: 1 });
    const returned = await Promise.all([create("vpc-demo0202"), create("vpc-demo0202")]);
    expect(new Set(returned).size).toBe(2);
    expect(suite.emulator.flowLogs().map((f) => f.flowLogId).sort()).toEqual([...returned].sort());
  });

  it("creates on different resources do not wait for each other", async () => {
    const resources = ["vpc-demo0203", "vpc-demo0204", "vpc-demo0205"];
    const returned = await Promise.all(resources.map((vpc) => create(vpc)));
    expect(suite.emulator.flowLogs().map((f) => f.resourceId).sort()).toEqual(resources);
    expect(new Set(returned).size).toBe(3);
  });
});

// A create whose provider process died after CreateFlowLog leaves a flow log the engine has no record of; the same `up`
// run again must not make a second one beside it where the service allows several (create.ts twinError).
describe("a flow log with exactly these arguments already on the resource, not made by this process", () => {
  it("is refused, naming it and how to adopt it; nothing is created", async () => {
    const orphan = String((await suite.other.createFlowLog({ regionId: "cn-hangzhou", ...vpcFlowLogArgs("vpc-demo0210") } as never)).FlowLogId);
    const error = await create("vpc-demo0210").then(() => new Error("created a second one"), (e: unknown) => e as Error);
    expect(error).toMatchObject({ name: "FlowLogConflictError", existingIds: [orphan] });
    expect(error.message).toContain(`import: "${orphan}"`);
    expect(suite.emulator.flowLogs().map((f) => f.flowLogId)).toEqual([orphan]);
    expect(suite.emulator.stats().byAction.CreateFlowLog).toBe(1);
  });

  it("another flow log on the resource with another name is not a twin: the create goes ahead", async () => {
    const theirs = String((await suite.other.createFlowLog({ regionId: "cn-hangzhou", ...vpcFlowLogArgs("vpc-demo0211", { flowLogName: "theirs" }) } as never)).FlowLogId);
    const ours = await create("vpc-demo0211");
    expect(suite.emulator.flowLogs().map((f) => f.flowLogId).sort()).toEqual([theirs, ours].sort());
  });
});

describe("the service refuses a second flow log that DescribeFlowLogs does not list yet", () => {
  it("the conflict says to run the command again for its id", async () => {
    suite.emulator.updateSettings({ maxFlowLogsPerResource: 1, hideNewForMs: 5_000 });
    await suite.other.createFlowLog({ regionId: "cn-hangzhou", ...vpcFlowLogArgs("vpc-demo0212") } as never);
    const error = await create("vpc-demo0212").then(() => new Error("created a second one"), (e: unknown) => e as Error);
    expect(error.name).toBe("FlowLogConflictError");
    expect(error.message).toMatch(/not listed by DescribeFlowLogs yet: run the same command again in a minute to see its id/);
  });
});

describe("a twin seen only in a stale note", () => {
  // A same-resource replacement deletes the old flow log first; the new create's note may come from a listing up to 1 s
  // old that still shows it (watcher.ts note). A fresh look at the twin must clear it.
  it("is looked at again: gone (or Deleting), it does not block the create", async () => {
    const old = String((await suite.other.createFlowLog({ regionId: "cn-hangzhou", ...vpcFlowLogArgs("vpc-demo0213") } as never)).FlowLogId);
    const watcher = suite.provider.ctx.watcher("cn-hangzhou");
    const stale = await watcher.note("vpc-demo0213", { timeoutMs: 5_000 });
    expect(stale.map((f) => f.flowLogId)).toEqual([old]);
    await suite.other.deleteFlowLog({ regionId: "cn-hangzhou", flowLogId: old });
    vi.spyOn(watcher, "note").mockResolvedValue(stale);
    const ours = await create("vpc-demo0213");
    expect(ours).not.toBe(old);
    expect(suite.emulator.flowLogs().some((f) => f.flowLogId === ours)).toBe(true);
  });
});
