/**
 * Review 3 through the real client against the emulator, calling the provider object directly: a region of more than 50
 * flow logs (listings of several pages) while another client deletes and creates, and the provider deletes, reads and
 * creates at once; and eventual consistency (hideNewForMs) under creates of this process on one resource. After each
 * scenario the emulator's inspection must hold exactly what must exist.
 */
import { describe, expect, it } from "vitest";
import { VpcClient } from "../../src/client";
import { FlowLogProvider } from "../../src/provider";
import { emulatorSuite } from "./helpers/emulator-suite";
import { emulatorConfig as configFor, vpcFlowLogArgs } from "./helpers/emulator-config";

const vpc = (n: number) => `vpc-demo${String(n).padStart(4, "0")}`;
const cloudIds = () => suite.emulator.flowLogs().map((f) => f.flowLogId).sort();

async function otherCreate(resourceId: string): Promise<string> {
  const answer = await suite.other.createFlowLog({ regionId: "cn-hangzhou", ...(vpcFlowLogArgs(resourceId) as unknown as Parameters<VpcClient["createFlowLog"]>[0]) });
  return String(answer.FlowLogId);
}

async function create(resourceId: string): Promise<{ id: string; outs: Record<string, unknown> }> {
  const checked = await suite.provider.check({}, vpcFlowLogArgs(resourceId));
  expect(checked.failures).toEqual([]);
  return (await suite.provider.create(checked.inputs as Record<string, unknown>)) as { id: string; outs: Record<string, unknown> };
}

const suite = emulatorSuite({ settings: { activationDelayMs: 200, transitionDelayMs: 150 }, provider: { adoptWindowMs: 600, staleGraceMs: 1_000, absentGraceMs: 5_000 } });

describe(">50 flow logs with another client's deletes and creates", () => {
  it("provider deletes, reads and creates while the other client churns: deletes end only when gone, reads never id '', exact end state", async () => {
    // 80 flow logs of the other client's on vpc 301..380 (two pages).
    const base = await Promise.all(Array.from({ length: 80 }, (_, i) => otherCreate(vpc(301 + i))));
    // A first refresh of everything so the watcher knows the region's size.
    await Promise.all(base.map((id) => suite.provider.read(id, { regionId: "cn-hangzhou" })));
    const mine = base.slice(60, 72); // provider deletes these (mostly on page 2)
    const othersDelete = base.slice(0, 25); // the other client deletes these (page 1: shifts page 2 down)
    const readOnly = base.slice(25, 60).concat(base.slice(72));
    const goneAtReturn: Record<string, boolean> = {};
    const deletes = mine.map(async (id) => {
      await suite.provider.delete(id, { regionId: "cn-hangzhou" });
      goneAtReturn[id] = !suite.emulator.flowLogs().some((f) => f.flowLogId === id);
    });
    const reads = readOnly.map((id) => suite.provider.read(id, { regionId: "cn-hangzhou" }).then((r) => r.id));
    const creates = Array.from({ length: 6 }, (_, i) => create(vpc(401 + i)).then((r) => r.id));
    const churn = (async () => {
      const created: string[] = [];
      for (const [i, id] of othersDelete.entries()) {
        await suite.other.deleteFlowLog({ regionId: "cn-hangzhou", flowLogId: id });
        if (i % 3 === 0) created.push(await otherCreate(vpc(501 + i)));
        await new Promise((r) => setTimeout(r, 10));
      }
      return created;
    })();
    const [, readIds, createdIds, churned] = await Promise.all([Promise.all(deletes), Promise.all(reads), Promise.all(creates), churn]);
    expect(goneAtReturn).toEqual(Object.fromEntries(mine.map((id) => [id, true])));
    expect(readIds).toEqual(readOnly);
    // Let the other client's Deleting ones finish.
    await new Promise((r) => setTimeout(r, 400));
    const expected = [...readOnly, ...createdIds, ...churned].sort();
    expect(new Set(expected).size).toBe(expected.length);
    expect(cloudIds()).toEqual(expected);
    // A refresh of everything afterwards: the deleted ones read as gone, every survivor as itself.
    const after = await Promise.all([...base, ...createdIds].map((id) => suite.provider.read(id, { regionId: "cn-hangzhou" }).then((r) => r.id)));
    expect(after.filter((id) => id !== "").sort()).toEqual([...readOnly, ...createdIds].sort());
  });
});

describe("eventual consistency (hideNewForMs) and creates of this process on one resource", () => {
  it("the second create's lost request never adopts the first create's flow log, still hidden at its note", async () => {
    suite.emulator.updateSettings({ maxFlowLogsPerResource: 5, hideNewForMs: 1_500 });
    const p2 = new FlowLogProvider({ log: () => undefined, adoptWindowMs: 3_000, staleGraceMs: 1_000, absentGraceMs: 5_000 });
    await p2.configure(configFor(suite.emulator.url));
    try {
      const checked = await p2.check({}, vpcFlowLogArgs(vpc(601)));
      const inputs = checked.inputs as Record<string, unknown>;
      // A's CreateFlowLog lands (hidden from DescribeFlowLogs for 1.5 s); then B's first CreateFlowLog is reset before it
      // reaches the service: B must create its own, not take A's, which its note could not see.
      const settle = (p: Promise<{ id: string }>) => p.then((r) => r.id, (e: unknown) => `error: ${(e as Error).message}`);
      const a = settle(p2.create(inputs));
      for (let i = 0; i < 400 && suite.emulator.flowLogs().length === 0; i++) await new Promise((r) => setTimeout(r, 2));
      expect(suite.emulator.flowLogs()).toHaveLength(1);
      suite.emulator.addFault({ kind: "reset-before", action: "CreateFlowLog", times: 1 });
      const b = settle(p2.create(inputs));
      const returned = await Promise.all([a, b]);
      expect(suite.emulator.stats().byAction.CreateFlowLog).toBe(3);
      expect(new Set(returned).size, `returned ${returned.join(", ")}`).toBe(2);
      expect(cloudIds()).toEqual([...returned].sort());
    } finally {
      await p2.ctx.close();
    }
  });
});
