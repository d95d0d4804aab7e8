/**
 * A create refused because the resource already has a flow log (a twin left by an interrupted `pulumi up`, or another on a
 * one-per-resource service) advises `{ import: id }`. An import takes a flow log only as it is (import-existing.ts), so
 * the advice names the arguments the import needs as the flow log has them now: a program saying `status: "Inactive"`
 * whose earlier run was stopped before DeactiveFlowLog would otherwise be told to import, then refused ("status differ").
 */
import { describe, expect, it } from "vitest";
import { FlowLogConflictError } from "../../src/provider/errors";
import { emulatorSuite } from "./helpers/emulator-suite";
import { vpcFlowLogArgs } from "./helpers/emulator-config";

const REGION = "cn-hangzhou";
const suite = emulatorSuite({ settings: { activationDelayMs: 50, transitionDelayMs: 50 } });

async function create(args: Record<string, unknown>) {
  const checked = await suite.provider.check({}, args);
  expect(checked.failures).toEqual([]);
  return suite.provider.create(checked.inputs as Record<string, unknown>);
}

/** The error of a create that must be refused. */
async function refusal(args: Record<string, unknown>): Promise<Error> {
  const error = await create(args).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (error === undefined) throw new Error("the create was not refused");
  return error;
}

/** A flow log another client made on `resourceId` (what an interrupted run leaves), as the emulator has it now. */
async function justMade(resourceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  return String((await suite.other.createFlowLog({ regionId: REGION, ...vpcFlowLogArgs(resourceId, extra) } as never)).FlowLogId);
}

/** The same, once Active. */
async function existing(resourceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const id = await justMade(resourceId, extra);
  await expect.poll(() => suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status, { timeout: 5_000 }).toBe("Active");
  return id;
}

describe("the import advice of a refused create", () => {
  it("a twin that is Active while the program says Inactive: the advice says to import with status Active, which then works", async () => {
    const id = await existing("vpc-demo0941");
    const wanted = vpcFlowLogArgs("vpc-demo0941", { status: "Inactive" });
    const error = await refusal(wanted);
    expect(FlowLogConflictError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`{ import: "${id}" }`);
    expect(error.message).toContain(`set status as ${id} has them now (status: "Active")`);
    const adopted = await create({ ...wanted, status: "Active", importId: id });
    expect(adopted.id).toBe(id);
    expect(suite.emulator.flowLogs()).toHaveLength(1);
  });

  it("another flow log on a one-per-resource service: the advice names the arguments that differ, not their values", async () => {
    const id = await existing("vpc-demo0942", { flowLogName: "theirs", description: "made elsewhere" });
    const error = await refusal(vpcFlowLogArgs("vpc-demo0942", { flowLogName: "ours" }));
    expect(FlowLogConflictError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`{ import: "${id}" }`);
    expect(error.message).toContain(`set flowLogName as ${id} has them now,`);
    expect(error.message).not.toContain("theirs");
  });

  // The typical twin was made a moment ago by an interrupted run: still Activating. An import waits the transition out
  // (read.ts settled), so the advice judges the status it will see; check refuses "Activating" as a status.
  it("a twin still Activating: judged as Active (no advice for a program saying Active, Active quoted for Inactive)", async () => {
    suite.emulator.updateSettings({ activationDelayMs: 5_000 });
    const id = await justMade("vpc-demo0944");
    expect(suite.emulator.flowLogs()[0]?.status).toBe("Activating");
    const active = await refusal(vpcFlowLogArgs("vpc-demo0944"));
    expect(active.message).toContain(`{ import: "${id}" }`);
    expect(active.message).not.toContain("An import takes it only");
    const inactive = await refusal(vpcFlowLogArgs("vpc-demo0944", { status: "Inactive" }));
    expect(inactive.message).toContain(`(status: "Active")`);
    expect(inactive.message).not.toContain("Activating");
  });

  it("a flow log being deleted: the advice is to run again once it is gone, not to import it", async () => {
    const id = await existing("vpc-demo0945", { flowLogName: "going" });
    suite.emulator.updateSettings({ transitionDelayMs: 5_000 });
    await suite.other.deleteFlowLog({ regionId: REGION, flowLogId: id });
    const error = await refusal(vpcFlowLogArgs("vpc-demo0945", { flowLogName: "ours" }));
    expect(error.message).toContain("It is being deleted (status Deleting): run the command again once it is gone.");
  });

  it("a twin whose arguments all match: no extra advice", async () => {
    const id = await existing("vpc-demo0943");
    const error = await refusal(vpcFlowLogArgs("vpc-demo0943"));
    expect(error.message).toContain(`{ import: "${id}" }`);
    expect(error.message).not.toContain("An import takes it only");
  });
});
