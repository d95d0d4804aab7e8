/**
 * create.ts's twin guard (isTwin, confirmedTwins): a create is refused only for a flow log a create of these very inputs
 * could have made (every argument, with diff's defaults). One that differs in any create argument is not a twin, and the
 * create goes on. Each suite.provider is a fresh provider (a new `pulumi up` process); suite.other is another tool or an
 * earlier process.
 */
import { describe, expect, it, vi } from "vitest";
import { emulatorSuite } from "./helpers/emulator-suite";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

const REGION = "cn-hangzhou";

const suite = emulatorSuite({
  settings: { activationDelayMs: 100, transitionDelayMs: 80, userDefinedTrafficPath: true },
  eachTest: (emulator) => emulator.updateSettings({ maxFlowLogsPerResource: 5, userDefinedTrafficPath: true }),
  provider: { adoptWindowMs: 400, staleGraceMs: 1_000, absentGraceMs: 3_000 },
});

async function create(resourceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const checked = await suite.provider.check({}, vpcFlowLogArgs(resourceId, extra));
  expect(checked.failures).toEqual([]);
  return (await suite.provider.create(checked.inputs as Record<string, unknown>)).id;
}

async function earlier(resourceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  return String((await suite.other.createFlowLog({ regionId: REGION, ...vpcFlowLogArgs(resourceId, extra) } as never)).FlowLogId);
}

const settle = (p: Promise<string>) => p.then((id) => ({ id, error: undefined as Error | undefined }), (e: unknown) => ({ id: undefined, error: e as Error }));

describe("a flow log that differs in any create argument is not a twin", () => {
  // isTwin "the same arguments exactly" — trafficPaths is a CreateFlowLog argument (mapping.ts createFlowLogParams
  // trafficPath) and a REPLACE property (diff.ts), yet matchesInputs/isTwin ignore it.
  it("trafficPaths internetGateway vs natGateway: the create goes ahead", async () => {
    const theirs = await earlier("vpc-demo0901", { trafficPath: ["internetGateway"] });
    const r = await settle(create("vpc-demo0901", { trafficPaths: ["natGateway"] }));
    expect(r.error?.message).toBeUndefined();
    expect(suite.emulator.flowLogs().map((f) => f.flowLogId).sort()).toEqual([theirs, r.id].sort());
  });

  // ipVersion is a CreateFlowLog argument (createFlowLogParams ipVersion).
  it("ipVersion IPv4 vs DualStack: the create goes ahead", async () => {
    await earlier("vpc-demo0902", { ipVersion: "IPv4" });
    const r = await settle(create("vpc-demo0902", { ipVersion: "DualStack" }));
    expect(r.error?.message).toBeUndefined();
    expect(suite.emulator.flowLogs()).toHaveLength(2);
  });

  // aggregationInterval is a CreateFlowLog argument (createFlowLogParams aggregationInterval).
  it("aggregationInterval 1 vs 10: the create goes ahead", async () => {
    await earlier("vpc-demo0903", { aggregationInterval: 1 });
    const r = await settle(create("vpc-demo0903", { aggregationInterval: 10 }));
    expect(r.error?.message).toBeUndefined();
    expect(suite.emulator.flowLogs()).toHaveLength(2);
  });

  // tags go in CreateFlowLog (createFlowLogParams tag).
  it("different tags: the create goes ahead", async () => {
    await earlier("vpc-demo0904", { tag: [{ key: "team", value: "a" }] });
    const r = await settle(create("vpc-demo0904", { tags: { team: "b" } }));
    expect(r.error?.message).toBeUndefined();
    expect(suite.emulator.flowLogs()).toHaveLength(2);
  });
});

describe("same-resource replace of one of two otherwise identical FlowLogs (changing trafficPaths)", () => {
  // Program: FlowLogs a and b on one VPC with the same args (made by an earlier up). The user sets a.trafficPaths: diff
  // replaces with deleteBeforeReplace, so a's old flow log is deleted, then create runs: b differs in trafficPaths, so it
  // is no twin, and the replacement is made (refusing it would leave a's logging gone).
  it("the replacement's create succeeds", async () => {
    // Both of some traffic paths: beside one of all paths, one of some paths is refused (AllTrafficPathOfManagedExist).
    const oldA = await earlier("vpc-demo0910", { trafficPath: ["natGateway"] });
    const b = await earlier("vpc-demo0910", { trafficPath: ["natGateway"] });
    await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: oldA });
    const r = await settle(create("vpc-demo0910", { trafficPaths: ["internetGateway"] }));
    expect(r.error?.message).toBeUndefined();
    expect(suite.emulator.flowLogs().map((f) => f.flowLogId)).toContain(b);
  });

  it("holds: changing trafficType instead (a real argument difference) is not refused", async () => {
    const oldA = await earlier("vpc-demo0911");
    await earlier("vpc-demo0911");
    await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: oldA });
    const r = await settle(create("vpc-demo0911", { trafficType: "Drop" }));
    expect(r.error?.message).toBeUndefined();
  });
});

describe("twins held", () => {
  it("two identical creates in one process (one program, two FlowLogs) both succeed", async () => {
    const [x, y] = await Promise.all([create("vpc-demo0920"), create("vpc-demo0920")]);
    expect(x).not.toBe(y);
    expect(suite.emulator.flowLogs()).toHaveLength(2);
  });

  it("a twin still listed but Deleting does not block", async () => {
    suite.emulator.updateSettings({ transitionDelayMs: 1_500 });
    const old = await earlier("vpc-demo0921");
    await new Promise((r) => setTimeout(r, 150));
    await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: old });
    const r = await settle(create("vpc-demo0921"));
    expect(r.error?.message).toBeUndefined();
  });

  it("an identical flow log from another process is refused (the orphan case)", async () => {
    const orphan = await earlier("vpc-demo0922", { flowLogName: "n", description: "d" });
    const r = await settle(create("vpc-demo0922", { flowLogName: "n", description: "d" }));
    expect(r.error).toMatchObject({ name: "FlowLogConflictError", existingIds: [orphan] });
  });

  it("20 creates on 20 VPCs: the guard makes no lookup (no extra DescribeFlowLogs in the normal case)", async () => {
    const watcher = suite.provider.ctx.watcher(REGION);
    const lookup = vi.spyOn(watcher, "lookup");
    const vpcs = Array.from({ length: 20 }, (_, i) => `vpc-demo09${String(30 + i)}`);
    const ids = await Promise.all(vpcs.map((v) => create(v)));
    expect(new Set(ids).size).toBe(20);
    expect(lookup).not.toHaveBeenCalled();
    expect(suite.emulator.stats().byAction.CreateFlowLog).toBe(20);
  });
});
