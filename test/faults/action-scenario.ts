// One fault on one action, through a FlowLog's whole life: `up` (create), an `up` that changes it in place when the
// action is an update's, and `destroy`. The fault is injected only around the stage that calls the action; a stage
// that fails is run once more without the fault, as a user would run `pulumi up` again. Runs on the lab's long-lived
// provider process (provider-stack.ts). After every stage the
// emulator's inspection must match the state: nothing lost, nothing leaked.
import { expect } from "vitest";
import type { FaultRule } from "../../src/emulator";
import { flowLogArgs, LATENCY_PAST_TIMEOUT_MS, pendingFaults, type FaultLab, type StageOutcome } from "./helpers";
import type { ProviderStack } from "./provider-stack";

/** The faults of the matrix, each as the rules that inject it on one action. */
export const FAULTS: Readonly<Record<string, (action: string) => FaultRule[]>> = {
  throttle: (action) => [{ kind: "throttle", action, times: 2 }],
  "503": (action) => [{ kind: "unavailable", action, times: 2 }],
  "latency>timeout": (action) => [{ kind: "latency", action, latencyMs: LATENCY_PAST_TIMEOUT_MS, times: 1 }],
  "reset-before": (action) => [{ kind: "reset-before", action, times: 1 }],
  "reset-after": (action) => [{ kind: "reset-after", action, times: 1 }],
};

/** Which stage calls an action, and for update actions the change of args that makes it call it. */
export interface ActionCase {
  readonly action: string;
  readonly stage: "create" | "update" | "delete";
  readonly change?: Record<string, unknown>;
  /** What the flow log must show in the emulator after the update. */
  readonly expectAfter?: Record<string, unknown>;
}

export const ACTION_CASES: Readonly<Record<string, ActionCase>> = {
  CreateFlowLog: { action: "CreateFlowLog", stage: "create" },
  DescribeFlowLogs: { action: "DescribeFlowLogs", stage: "create" },
  ModifyFlowLogAttribute: { action: "ModifyFlowLogAttribute", stage: "update", change: { description: "changed" }, expectAfter: { description: "changed" } },
  DeactiveFlowLog: { action: "DeactiveFlowLog", stage: "update", change: { status: "Inactive" }, expectAfter: { status: "Inactive" } },
  TagResources: { action: "TagResources", stage: "update", change: { tags: { team: "net" } }, expectAfter: { tags: [{ Key: "team", Value: "net" }] } },
  DeleteFlowLog: { action: "DeleteFlowLog", stage: "delete" },
};

function describeOutcome(stage: string, first: StageOutcome): string {
  if (first.ok) return "";
  return first.initFailedIds.length > 0 ? `${stage}: init failure kept id, next run resumed` : `${stage}: failed, next run succeeded`;
}

/** Runs a stage with the fault, then (if it failed) once more without it; asserts the fault fired and the audit. */
async function stage(lab: FaultLab, engine: ProviderStack, rules: FaultRule[], run: () => Promise<StageOutcome>, count: number): Promise<StageOutcome> {
  lab.addFaults(...rules);
  const first = await run();
  expect(await pendingFaults(lab)).toEqual([]);
  lab.emulator.clearFaults();
  lab.expectClean(engine, first.ok ? count : undefined);
  if (!first.ok) {
    const second = await run();
    expect(second.messages).toEqual([]);
    lab.expectClean(engine, count);
  }
  return first;
}

/**
 * Runs one (fault, action) scenario in a fresh world on its own VPC.
 * @returns the matrix outcome: "ok" when every stage succeeded at once, else what recovered.
 */
export async function runActionScenario(lab: FaultLab, fault: string, c: ActionCase, vpc: string): Promise<{ outcome: string; engine: ProviderStack }> {
  lab.reset();
  const engine = await lab.stack();
  const rules = FAULTS[fault]!(c.action);
  const args = flowLogArgs("web", vpc);
  const notes: string[] = [];
  const creates = () => engine.up({ web: args });

  const created = await stage(lab, engine, c.stage === "create" ? rules : [], creates, 1);
  notes.push(describeOutcome("create", created));
  if (c.stage === "update") {
    const changed = { web: { ...args, ...c.change } };
    const updated = await stage(lab, engine, rules, () => engine.up(changed), 1);
    notes.push(describeOutcome("update", updated));
    expect(lab.emulator.flowLogs()[0]).toMatchObject(c.expectAfter ?? {});
  }
  const destroyed = await stage(lab, engine, c.stage === "delete" ? rules : [], () => engine.destroy(), 0);
  notes.push(describeOutcome("delete", destroyed));
  // Exactly one CreateFlowLog reached the service unless the fault refused or dropped one before handling it.
  const creations = lab.emulator.stats().byAction.CreateFlowLog ?? 0;
  if (c.action !== "CreateFlowLog" || fault === "reset-after" || fault === "latency>timeout") expect(creations).toBe(1);
  const outcome = notes.filter((n) => n !== "").join("; ");
  return { outcome: outcome === "" ? "ok" : outcome, engine };
}
