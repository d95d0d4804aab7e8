/**
 * Runs the planned in-place operations one by one until the flow log is as desired, waiting for each
 * to settle. A write refused because the flow log is mid-transition, or whose answer was lost, is
 * planned again once the flow log settles (every step is safe to repeat); so is one that failed for a passing
 * reason (Throttling, a 5xx, after the client's retries), until the deadline. Used by update, and by
 * create for a flow log that must end Inactive.
 */
import { within } from "./api";
import type { ProviderContext } from "./context";
import { sleep } from "./clock";
import { describeError, FlowLogOperationError, isAmbiguous, isCutShort, isMidTransitionRefusal, isPassingFailure, retryAfterMs, slsManagedError } from "./errors";
import type { CloudFlowLog, FlowLogInputs } from "./types";
import { afterStep, describeStep, planUpdate, stepKey, stepStillNeeded, type UpdateStep } from "./update-plan";
import { waitForState } from "./wait";
import type { WaitOutcome } from "./watcher";

/** Most answered operations one update runs before it stops trusting what it sees (failed tries are bounded apart). */
const MAX_STEPS = 12;
/**
 * Most tries in a row of one step that end refused mid-transition or with a lost answer (a step that lands, answered
 * or seen after a lost answer, starts the count again).
 * Each comes after a look, so none is blind, but a proxy that keeps failing would otherwise be asked until the update's
 * timeout (10 minutes by default). The update gives up only after looking once more.
 */
const MAX_FAILED_TRIES = 6;

/** The steps the VPC API refuses on a flow log made from the Log Service console (api NOTES.md), as verbs. */
const SLS_REFUSED: Partial<Record<UpdateStep["kind"], string>> = { modify: "modify", activate: "start", deactivate: "stop" };

/** Where an update stands. */
export interface ConvergeTarget {
  readonly regionId: string;
  readonly flowLogId: string;
  readonly desired: FlowLogInputs;
  readonly deadline: number;
}

/**
 * The outcome: settled and as desired (`done`); a wait that ended otherwise (`stopped`); or an operation that failed
 * (`error`). Each carries the last sighting, so a failure's state shows the steps that landed before it.
 */
export type ConvergeResult =
  | { readonly kind: "done"; readonly flowLog: CloudFlowLog }
  | { readonly kind: "stopped"; readonly outcome: WaitOutcome; readonly lastSeen?: CloudFlowLog; readonly label: string; readonly lastError?: unknown }
  | { readonly kind: "error"; readonly error: unknown; readonly lastSeen: CloudFlowLog };

async function runStep(ctx: ProviderContext, target: ConvergeTarget, step: UpdateStep): Promise<void> {
  const { api } = ctx;
  const { regionId, flowLogId } = target;
  const options = within(ctx.remaining(target.deadline));
  switch (step.kind) {
    case "activate":
      await api.activeFlowLog({ regionId, flowLogId }, options);
      return;
    case "deactivate":
      await api.deactiveFlowLog({ regionId, flowLogId }, options);
      return;
    case "modify":
      await api.modifyFlowLogAttribute({ regionId, flowLogId, ...step.params }, options);
      return;
    case "untag":
      await api.unTagResources({ regionId, resourceType: "FLOWLOG", resourceId: [flowLogId], tagKey: step.keys }, options);
      return;
    case "tag":
      await api.tagResources({ regionId, resourceType: "FLOWLOG", resourceId: [flowLogId], tag: step.tags }, options);
      return;
    case "move":
      // ResourceType "FlowLog" as MoveResourceGroup's reference lists it today (api NOTES.md; help.aliyun.com/zh/vpc/api-moveresourcegroup).
      // Terraform sends "FLOWLOG" and older pages listed lower-case values: the service seems not to mind the case.
      await api.moveResourceGroup({ regionId, resourceId: flowLogId, newResourceGroupId: step.resourceGroupId, resourceType: "FlowLog" }, options);
      return;
  }
}

/**
 * Waits until `step` shows (or, after the stale grace, until the flow log is settled whatever it shows). `seen`: the
 * update's last sighting, so that a flow log deleted meanwhile ends the wait as gone at once (not "not visible yet").
 */
function waitAfter(ctx: ProviderContext, target: ConvergeTarget, step: UpdateStep | undefined, seen?: CloudFlowLog): Promise<WaitOutcome> {
  const { staleGraceMs } = ctx.settings;
  return waitForState(ctx, {
    regionId: target.regionId,
    flowLogId: target.flowLogId,
    deadline: target.deadline,
    label: step === undefined ? "settled" : describeStep(step),
    want: (flowLog, elapsedMs) => step === undefined || !stepStillNeeded(step, flowLog, target.desired) || elapsedMs >= staleGraceMs,
    dead: (flowLog) => flowLog.status === "Deleting",
    whenAbsent: "gone",
    absentGraceMs: ctx.settings.absentGraceMs,
    ...(seen === undefined ? {} : { lastSeen: seen }),
  });
}

/**
 * Brings the flow log to `target.desired`, starting from `current`. Never throws: an API error other than a
 * mid-transition refusal, a lost answer or a passing failure, a FlowLogOperationError after MAX_FAILED_TRIES of the first
 * two in a row, or one when it keeps needing changes after MAX_STEPS operations, comes back as `{ kind: "error" }` with
 * the last sighting. Passing failures are not counted: they are tried again until the deadline (the wait then stops).
 */
export async function converge(ctx: ProviderContext, target: ConvergeTarget, current: CloudFlowLog): Promise<ConvergeResult> {
  let flowLog = current;
  let executed = 0;
  let failedTries = 0;
  let failedStep: string | undefined;
  let lastError: unknown;
  for (;;) {
    const steps = planUpdate(flowLog, target.desired);
    const step = steps[0];
    if (step === undefined) return { kind: "done", flowLog };
    if (failedStep !== undefined && stepKey(step) !== failedStep) {
      // The step that failed is no longer planned: its last lost answer landed. The count starts again.
      failedTries = 0;
      failedStep = undefined;
      lastError = undefined;
    }
    // Given up only after a look: the last lost answer may have landed (then the plan no longer holds this step).
    if (failedTries >= MAX_FAILED_TRIES) {
      const message = `FlowLog ${target.flowLogId}: ${describeStep(step)} failed ${failedTries} times in a row (last: ${describeError(lastError)})`;
      return { kind: "error", error: new FlowLogOperationError(message), lastSeen: flowLog };
    }
    if (executed >= MAX_STEPS) {
      const message = `FlowLog ${target.flowLogId} still needs ${describeStep(step)} after ${MAX_STEPS} operations; the service does not keep the change`;
      return { kind: "error", error: new FlowLogOperationError(message), lastSeen: flowLog };
    }
    // Looked for in the whole plan, not only its first step: a refusal after the tag or group steps ran would leave
    // half the update done (README: such an update fails at once, changing nothing).
    const refusedVerb = flowLog.serviceType === "sls" ? steps.map((planned) => SLS_REFUSED[planned.kind]).find((verb) => verb !== undefined) : undefined;
    if (refusedVerb !== undefined) return { kind: "error", error: slsManagedError(target.flowLogId, refusedVerb), lastSeen: flowLog };
    let waitFor: UpdateStep | undefined = step;
    ctx.settings.log(`FlowLog ${target.flowLogId}: ${describeStep(step)}`);
    try {
      await runStep(ctx, target, step);
      executed += 1;
      failedTries = 0;
      failedStep = undefined;
      lastError = undefined;
    } catch (error) {
      const passing = isPassingFailure(error, ctx.watcher(target.regionId).answered);
      if (!passing && !isMidTransitionRefusal(error) && !isAmbiguous(error)) return { kind: "error", error, lastSeen: flowLog };
      if (!passing) {
        failedTries += 1;
        failedStep = stepKey(step);
      }
      ctx.settings.log(`FlowLog ${target.flowLogId}: ${describeError(error)}; trying again once it settles`);
      // A try cut short by the deadline says nothing new: the failure before it is the cause to name.
      if (lastError === undefined || !isCutShort(error)) lastError = error;
      waitFor = undefined;
      // The pause the service asked for (x-acs-retry-after), which the client could not fit before its own deadline;
      // one longer than the time left ends the update at its timeout.
      if (passing) await sleep(ctx.settings.clock, Math.min(retryAfterMs(error), ctx.remaining(target.deadline)));
    }
    const outcome = await waitAfter(ctx, target, waitFor, flowLog);
    if (outcome.kind !== "reached" || outcome.flowLog === undefined) return stopped(outcome, flowLog, step, waitFor !== undefined, lastError);
    flowLog = outcome.flowLog;
  }
}

/**
 * The wait after `step` ended otherwise than reached. Its last sighting shows the steps that landed (a failed outcome
 * carries it as `flowLog`); when the service accepted `step` (`accepted`) but no look showed it yet, it is applied over
 * that sighting, so the failure's state holds what the service holds.
 */
function stopped(outcome: WaitOutcome, before: CloudFlowLog, step: UpdateStep, accepted: boolean, lastError: unknown): ConvergeResult {
  const sighting = outcome.kind === "failed" ? outcome.flowLog : "lastSeen" in outcome ? outcome.lastSeen : undefined;
  const seen = sighting ?? before;
  const shown = accepted && outcome.kind !== "failed" && outcome.kind !== "gone" ? afterStep(seen, step) : seen;
  // A step's name is not a state: "did not become settled after TagResources (1 tag) within 10m (...; last error: ...)".
  const label = `settled after ${describeStep(step)}`;
  return { kind: "stopped", outcome, lastSeen: shown, label, ...(lastError === undefined ? {} : { lastError }) };
}

/**
 * Waits until the flow log is out of any transition (used before planning an update). `seen`: the update's sighting, if
 * it has one; without it, absence is "not visible yet" for the absent grace (a create that timed out before it was listed).
 */
export async function settle(ctx: ProviderContext, target: ConvergeTarget, seen?: CloudFlowLog): Promise<WaitOutcome> {
  return waitAfter(ctx, target, undefined, seen);
}
