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

/** A flow log another client made on `resourceId` (what an interrupted run leaves), Active. */
async function existing(resourceId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const id = String((await suite.other.createFlowLog({ regionId: REGION, ...vpcFlowLogArgs(resourceId, extra) } as never)).FlowLogId);
  await expect.poll(() => suite.emulator.flowLogs().find((f) => f.flowLogId === id)?.status, { timeout: 5_000 }).toBe("Active");
  return id;
}

describe("the import advice of a refused create", () => {
  it("a twin that is Active while the program says Inactive: the advice says to import with status Active, which then works", async () => {
    const id = await existing("vpc-demo0941");
    const wanted = vpcFlowLogArgs("vpc-demo0941", { status: "Inactive" });
    const error = await create(wanted).catch((e: unknown) => e as Error);
    expect(FlowLogConflictError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`{ import: "${id}" }`);
    expect(error.message).toContain(`set status as ${id} has them now (status: "Active")`);
    const adopted = await create({ ...wanted, status: "Active", importId: id });
    expect(adopted.id).toBe(id);
    expect(suite.emulator.flowLogs()).toHaveLength(1);
  });

  it("another flow log on a one-per-resource service: the advice names the arguments that differ, not their values", async () => {
    const id = await existing("vpc-demo0942", { flowLogName: "theirs", description: "made elsewhere" });
    const error = await create(vpcFlowLogArgs("vpc-demo0942", { flowLogName: "ours" })).catch((e: unknown) => e as Error);
    expect(FlowLogConflictError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`{ import: "${id}" }`);
    expect(error.message).toContain(`set flowLogName as ${id} has them now,`);
    expect(error.message).not.toContain("theirs");
  });

  it("a twin whose arguments all match: no extra advice", async () => {
    const id = await existing("vpc-demo0943");
    const error = await create(vpcFlowLogArgs("vpc-demo0943")).catch((e: unknown) => e as Error);
    expect(error.message).toContain(`{ import: "${id}" }`);
    expect(error.message).not.toContain("An import takes it only");
  });
});
