/**
 * delete: DeleteFlowLog, then wait until DescribeFlowLogs no longer lists it. Idempotent (issue 5):
 * already gone, gone while we waited, or already Deleting all end as success, and only once it is
 * really gone. A refusal because the flow log is mid-transition is retried after it settles; a lost
 * answer is followed by a look, then by another DeleteFlowLog if it is still there and not Deleting (after
 * MAX_LOST_ANSWERS lost answers, a look that still finds it so ends the delete with an error naming the last). A
 * passing failure (Throttling, a 5xx) is tried again the same way until the delete's timeout.
 */
import { within } from "./api";
import type { ProviderContext } from "./context";
import { timeoutMsOf } from "./duration";
import { sleep } from "./clock";
import { type DeleteRequest, DeleteHistory } from "./delete-history";
import { describeError, FlowLogOperationError, isAmbiguous, isMidTransitionRefusal, isNotFound, isPassingFailure, retryAfterMs, slsManagedError } from "./errors";
import { fullTimeouts } from "./mapping";
import type { FlowLogTimeouts } from "./types";
import type { WaitOutcome } from "./watcher";
import { outcomeMessage, waitForState } from "./wait";

/**
 * After a delete timed out, whichever command ran it (destroy, an up that dropped the resource, a replacement). Delete
 * reads its timeout from the state, which only an up that updates this flow log in place rewrites.
 */
const RESUME_BY_DESTROY =
  "running the same command again waits for it again; delete reads its timeout from the state, so a raised timeouts.delete " +
  "counts only once a `pulumi up` has recorded it (an up that replaces this flow log does not)";

function deleteTimeout(props: Readonly<Record<string, unknown>>): string {
  const timeouts = props.timeouts;
  return fullTimeouts(typeof timeouts === "object" && timeouts !== null ? (timeouts as FlowLogTimeouts) : undefined).delete;
}

/** Less time than this left for the look before another DeleteFlowLog is out of time (a watcher round takes longer). */
const MIN_LOOK_MS = 250;

/**
 * DeleteFlowLog; a refusal, a lost answer or a passing failure (Throttling, a 5xx, after the client's retries) means:
 * look again once it settles, within the delete's timeout.
 */
async function requestDelete(ctx: ProviderContext, regionId: string, id: string, deadline: number): Promise<DeleteRequest> {
  try {
    ctx.settings.log(`FlowLog ${id}: DeleteFlowLog`);
    await ctx.api.deleteFlowLog({ regionId, flowLogId: id }, within(ctx.remaining(deadline)));
    return { waitFor: "gone" };
  } catch (error) {
    const passing = isPassingFailure(error, ctx.watcher(regionId).answered);
    if (!isNotFound(error) && !isMidTransitionRefusal(error) && !isAmbiguous(error) && !passing) throw error;
    ctx.settings.log(`FlowLog ${id}: ${describeError(error)}; looking again once it settles`);
    // The pause the service asked for (x-acs-retry-after), which the client could not fit before its own deadline.
    if (passing) await sleep(ctx.settings.clock, Math.min(retryAfterMs(error), ctx.remaining(deadline)));
    return { waitFor: "settled", error };
  }
}

/** delete by id; `props` are the stored outputs. */
export async function deleteFlowLog(ctx: ProviderContext, id: string, props: Readonly<Record<string, unknown>>): Promise<void> {
  const regionId = ctx.regionOf(props.regionId);
  const timeout = deleteTimeout(props);
  const deadline = ctx.settings.clock.now() + timeoutMsOf(timeout);
  if (props.serviceType === "sls") {
    // Made from the Log Service console: the VPC API cannot delete it. Already gone (deleted there) is still a success.
    if ((await ctx.watcher(regionId).lookup(id, { timeoutMs: ctx.remaining(deadline) })) === undefined) return;
    throw slsManagedError(id, "delete");
  }
  const history = new DeleteHistory(id, ctx.settings.clock, ctx.settings.absentGraceMs);
  for (let first = true; ; first = false) {
    if (!first && ctx.remaining(deadline) < MIN_LOOK_MS) throw outOfTime(id, timeout, history);
    // The first DeleteFlowLog goes without a look: an already-gone or Deleting flow log is refused (not found,
    // mid-transition) and the wait below settles it, which saves every delete one watcher round (bench/scale.ts). After
    // that we look first (the watcher's next round, shared, within the delete's own timeout), so that a flow log
    // already Deleting is not asked again.
    const current = first ? undefined : await ctx.watcher(regionId).lookup(id, { timeoutMs: ctx.remaining(deadline) });
    if (!first && current === undefined) {
      ctx.settings.log(`FlowLog ${id}: gone`);
      return;
    }
    history.saw(current);
    const givingUp = history.givingUp(current);
    if (givingUp !== undefined) throw givingUp;
    const request: DeleteRequest = current?.status === "Deleting" ? { waitFor: "gone" } : await requestDelete(ctx, regionId, id, deadline);
    history.record(request);
    const outcome = await waitAfterRequest(ctx, regionId, id, deadline, request.waitFor);
    if (outcome.kind !== "reached") {
      throw new FlowLogOperationError(outcomeMessage(outcome, id, "deleted", timeout, RESUME_BY_DESTROY, { lastSeen: current, lastError: history.lastError }));
    }
    if (outcome.flowLog === undefined) {
      ctx.settings.log(`FlowLog ${id}: deleted`);
      return;
    }
    history.saw(outcome.flowLog);
  }
}

/** Waits for the flow log to be gone (after an accepted DeleteFlowLog) or settled (after a refusal or a lost answer). */
function waitAfterRequest(ctx: ProviderContext, regionId: string, id: string, deadline: number, waitFor: DeleteRequest["waitFor"]): Promise<WaitOutcome> {
  return waitForState(ctx, {
    regionId,
    flowLogId: id,
    deadline,
    label: waitFor,
    // Waiting for gone: only absence ends the wait; after a refusal, any settled status lets us try again.
    want: () => waitFor === "settled",
    whenAbsent: "reached",
    // After a refusal or a lost answer nothing we sent may be removing it: absence from a listing is checked by id.
    confirmAbsence: waitFor === "settled",
  });
}

/** Out of time between a settled wait and the next look: said as a timeout, with the last failure. */
function outOfTime(id: string, timeout: string, history: DeleteHistory): FlowLogOperationError {
  const lastSeen = history.lastLooked;
  const outcome: WaitOutcome = { kind: "timeout", elapsedMs: timeoutMsOf(timeout), ...(lastSeen === undefined ? {} : { lastSeen }) };
  return new FlowLogOperationError(outcomeMessage(outcome, id, "deleted", timeout, RESUME_BY_DESTROY, { lastError: history.lastError }));
}
