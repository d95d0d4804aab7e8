// Fault matrix, part 3: faults that shape a stack's life rather than one call, each run as whole `pulumi up` /
// `destroy` operations under the mini engine (a new real dynamic-provider process per operation, as the CLI does):
// stuck in Activating (init failure keeps the id, the next `up` resumes), hidden from DescribeFlowLogs right after
// create, mid-transition refusals (IncorrectStatus.flowlog) on update and delete, and an emulator restart with its
// state file in the middle of a create and between runs. Needs `npm run build` (npm test does it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destroy, FaultLab, flowLogArgs, Matrix, until, up } from "./helpers";

let lab: FaultLab;
const matrix = new Matrix("Fault matrix: a stack's life (scenario x outcome; cloud/state = flow logs after the scenario)");

beforeAll(async () => {
  lab = await FaultLab.start({ persistent: true });
});
afterAll(async () => {
  matrix.print();
  await lab?.stop();
});

const creations = (): number => lab.emulator.stats().byAction.CreateFlowLog ?? 0;

describe("a stack's life under faults", () => {
  it("stuck in Activating: create times out with an init failure carrying the id; the next up resumes, no second create", async () => {
    await matrix.run(lab, "stuck Activating, create timeout 1s", async () => {
      lab.reset();
      const engine = lab.engine();
      lab.emulator.updateSettings({ stuckActivating: true });
      const spec = { web: flowLogArgs("web", "vpc-demo0301", { timeouts: { create: "1s" } }) };
      const first = await up(engine, spec);
      expect(first.ok).toBe(false);
      const id = lab.emulator.flowLogs()[0]!.flowLogId;
      expect(first.initFailedIds).toEqual([id]);
      expect(first.messages.join("\n")).toMatch(/did not become Active within 1s/);
      const kept = engine.state().resources[0]!;
      expect(kept).toMatchObject({ id, initErrors: [expect.stringContaining(id)] });
      // The init failure's properties carry __provider, so a later delete could run the stored shim.
      expect(typeof kept.outputs.__provider).toBe("string");
      lab.expectClean(engine, 1);

      lab.emulator.updateSettings({ stuckActivating: false });
      const second = await up(engine, spec);
      expect(second.messages).toEqual([]);
      expect(creations()).toBe(1);
      expect(lab.emulator.flowLogs()).toEqual([expect.objectContaining({ flowLogId: id, status: "Active" })]);
      expect(engine.state().resources[0]).toMatchObject({ id, outputs: expect.objectContaining({ status: "Active" }) });
      expect(engine.state().resources[0]!.initErrors).toBeUndefined();
      lab.expectClean(engine, 1);
      expect((await destroy(engine)).ok).toBe(true);
      lab.expectClean(engine, 0);
      return { outcome: "init failure kept id; next up resumed (1 create)", engine };
    });
  });

  it("hidden from DescribeFlowLogs after create, even with the CreateFlowLog answer lost: waited for, adopted, never created twice", async () => {
    await matrix.run(lab, "hidden 1.2s after create (+ reset-after)", async () => {
      lab.reset();
      const engine = lab.engine();
      lab.emulator.updateSettings({ hideNewForMs: 1_200 });
      const plain = await up(engine, { web: flowLogArgs("web", "vpc-demo0302") });
      expect(plain.messages).toEqual([]);
      expect(lab.lines.some((l) => /not visible yet/.test(l))).toBe(true);
      lab.expectClean(engine, 1);

      lab.addFaults({ kind: "reset-after", action: "CreateFlowLog", times: 1 });
      const lost = await up(engine, { web: flowLogArgs("web", "vpc-demo0302"), api: flowLogArgs("api", "vpc-demo0303") });
      expect(lost.messages).toEqual([]);
      expect(creations()).toBe(2);
      expect(lab.lines.some((l) => /adopted/.test(l))).toBe(true);
      lab.expectClean(engine, 2);
      expect((await destroy(engine)).ok).toBe(true);
      lab.expectClean(engine, 0);
      return { outcome: "ok (waited while hidden; lost answer adopted)", engine };
    });
  });

  it("update refused mid-transition (IncorrectStatus.flowlog while Modifying) is retried once the flow log settles", async () => {
    await matrix.run(lab, "IncorrectStatus on Modify (Modifying)", async () => {
      lab.reset();
      const engine = lab.engine();
      const args = flowLogArgs("web", "vpc-demo0304");
      expect((await up(engine, { web: args })).messages).toEqual([]);
      const id = lab.emulator.flowLogs()[0]!.flowLogId;
      // Hold the provider's ModifyFlowLogAttribute 400 ms; meanwhile a change by hand puts the flow log in Modifying.
      lab.emulator.updateSettings({ transitionDelayMs: 800 });
      lab.addFaults({ kind: "latency", action: "ModifyFlowLogAttribute", latencyMs: 400, times: 1 });
      const updating = up(engine, { web: { ...args, description: "by pulumi" } });
      await until(() => (lab.emulator.stats().byAction.ModifyFlowLogAttribute ?? 0) >= 1);
      await lab.direct().modifyFlowLogAttribute({ regionId: "cn-hangzhou", flowLogId: id, description: "by hand" });
      const updated = await updating;
      expect(updated.messages).toEqual([]);
      expect(lab.lines.some((l) => /IncorrectStatus/.test(l))).toBe(true);
      expect(lab.emulator.flowLogs()).toEqual([expect.objectContaining({ flowLogId: id, status: "Active", description: "by pulumi" })]);
      lab.expectClean(engine, 1);
      expect((await destroy(engine)).ok).toBe(true);
      lab.expectClean(engine, 0);
      return { outcome: "ok (refused, retried after it settled)", engine };
    });
  });

  it("delete refused mid-transition (IncorrectStatus.flowlog while Deactivating) ends with the flow log really gone", async () => {
    await matrix.run(lab, "IncorrectStatus on Delete (Deactivating)", async () => {
      lab.reset();
      const engine = lab.engine();
      expect((await up(engine, { web: flowLogArgs("web", "vpc-demo0305") })).messages).toEqual([]);
      const id = lab.emulator.flowLogs()[0]!.flowLogId;
      lab.emulator.updateSettings({ transitionDelayMs: 800 });
      lab.addFaults({ kind: "latency", action: "DeleteFlowLog", latencyMs: 400, times: 1 });
      const destroying = destroy(engine);
      await until(() => (lab.emulator.stats().byAction.DeleteFlowLog ?? 0) >= 1);
      await lab.direct().deactiveFlowLog({ regionId: "cn-hangzhou", flowLogId: id });
      expect((await destroying).messages).toEqual([]);
      expect(lab.lines.some((l) => /IncorrectStatus/.test(l))).toBe(true);
      lab.expectClean(engine, 0);
      return { outcome: "ok (refused, retried, gone)", engine };
    });
  });

  it("emulator restart (state file) in the middle of a create and between runs: nothing lost, nothing leaked", async () => {
    await matrix.run(lab, "emulator restart mid-create and between runs", async () => {
      lab.reset();
      lab.emulator.updateSettings({ activationDelayMs: 1_500 });
      const engine = lab.engine();
      const spec = { web: flowLogArgs("web", "vpc-demo0306"), api: flowLogArgs("api", "vpc-demo0307") };
      const creating = up(engine, spec);
      await until(() => creations() >= 1);
      await lab.restart(300);
      const created = await creating;
      expect(created.messages).toEqual([]);
      lab.expectClean(engine, 2);
      const ids = engine.state().resources.map((r) => r.id);

      await lab.restart();
      const changed = await up(engine, { web: { ...spec.web, description: "after restart" }, api: spec.api });
      expect(changed.messages).toEqual([]);
      expect(lab.emulator.flowLogs().map((f) => f.flowLogId).sort()).toEqual([...ids].sort());
      expect(lab.emulator.flowLogs().find((f) => f.flowLogName === "web")?.description).toBe("after restart");
      lab.expectClean(engine, 2);

      await lab.restart();
      expect((await destroy(engine)).ok).toBe(true);
      lab.expectClean(engine, 0);
      return { outcome: "ok (waits survived the restart)", engine };
    });
  }, 60_000);
});
