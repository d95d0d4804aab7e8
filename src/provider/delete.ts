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
import { describeError, FlowLogOperationError, isAmbiguous, isCutShort, isMidTransitionRefusal, isNotFound, isPassingFailure, retryAfterMs, slsManagedError } from "./errors";
import { fullTimeouts } from "./mapping";
import type { CloudFlowLog, FlowLogTimeouts } from "./types";
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

/** Most DeleteFlowLog calls of one delete whose answer was lost (each after a look): a proxy failing for good ends it. */
const MAX_LOST_ANSWERS = 6;

/**
 * "Not found" answers to DeleteFlowLog while DescribeFlowLogs still lists the flow log (each after a look) that end a
 * delete, once they have also gone on for the absent grace (settings.absentGraceMs, the time a listing may lag the
 * service): a listing that lags a delete made elsewhere settles within that; a service that keeps saying both is an
 * error to show, not a loop until the delete timeout.
 */
const MAX_NOT_FOUND_ANSWERS = 3;

/** What one DeleteFlowLog call left us to wait for: "gone", or "settled" after a refusal or a lost answer (with it). */
type DeleteRequest = { readonly waitFor: "gone" } | { readonly waitFor: "settled"; readonly error: unknown };

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
  let lostAnswers = 0;
  let notFoundAnswers = 0;
  let firstNotFoundAt: number | undefined;
  let lastError: unknown;
  let lastLooked: CloudFlowLog | undefined;
  for (let first = true; ; first = false) {
    if (!first && ctx.remaining(deadline) < MIN_LOOK_MS) {
      // Out of time between a settled wait and the next look: said as a timeout, with the last failure.
      const outcome: WaitOutcome = { kind: "timeout", elapsedMs: timeoutMsOf(timeout), ...(lastLooked === undefined ? {} : { lastSeen: lastLooked }) };
      throw new FlowLogOperationError(outcomeMessage(outcome, id, "deleted", timeout, RESUME_BY_DESTROY, { lastError }));
    }
    // The first DeleteFlowLog goes without a look: an already-gone or Deleting flow log is refused (not found,
    // mid-transition) and the wait below settles it, which saves every delete one watcher round (bench/scale.ts). After
    // that we look first (the watcher's next round, shared, within the delete's own timeout), so that a flow log
    // already Deleting is not asked again.
    const current = first ? undefined : await ctx.watcher(regionId).lookup(id, { timeoutMs: ctx.remaining(deadline) });
    if (!first && current === undefined) {
      ctx.settings.log(`FlowLog ${id}: gone`);
      return;
    }
    lastLooked = current ?? lastLooked;
    // Given up only after a look: the last lost answer may have landed (then it is Deleting, and we wait for it).
    if (current?.status !== "Deleting" && lostAnswers >= MAX_LOST_ANSWERS) {
      throw new FlowLogOperationError(
        `FlowLog ${id}: DeleteFlowLog got no answer ${lostAnswers} times (last: ${describeError(lastError)}) and the flow log ` +
          "still exists; check the endpoint and any proxy between you and the service, then run the same command again",
      );
    }
    const notFoundForMs = firstNotFoundAt === undefined ? 0 : ctx.settings.clock.now() - firstNotFoundAt;
    if (current !== undefined && current.status !== "Deleting" && notFoundAnswers >= MAX_NOT_FOUND_ANSWERS && notFoundForMs >= ctx.settings.absentGraceMs) {
      throw new FlowLogOperationError(
        `FlowLog ${id}: DeleteFlowLog answered "not found" ${notFoundAnswers} times over ${Math.round(notFoundForMs / 1000)} s (last: ` +
          `${describeError(lastError)}) while DescribeFlowLogs still lists it (${current.status}); run the same command again later, ` +
          "or delete it in the console",
      );
    }
    const request: DeleteRequest = current?.status === "Deleting" ? { waitFor: "gone" } : await requestDelete(ctx, regionId, id, deadline);
    // The last failure is reported only while no DeleteFlowLog has been accepted since; a call cut short by the deadline
    // says nothing new, so the failure before it is kept as the cause.
    if (request.waitFor === "gone") lastError = undefined;
    else if (lastError === undefined || !isCutShort(request.error)) lastError = request.error;
    if (request.waitFor === "settled" && isAmbiguous(request.error)) lostAnswers += 1;
    if (request.waitFor === "settled" && isNotFound(request.error)) {
      notFoundAnswers += 1;
      firstNotFoundAt ??= ctx.settings.clock.now();
    }
    const waitLabel = request.waitFor;
    const outcome = await waitForState(ctx, {
      regionId,
      flowLogId: id,
      deadline,
      label: waitLabel,
      // Waiting for gone: only absence ends the wait; after a refusal, any settled status lets us try again.
      want: () => waitLabel === "settled",
      whenAbsent: "reached",
      // After a refusal or a lost answer nothing we sent may be removing it: absence from a listing is checked by id.
      confirmAbsence: waitLabel === "settled",
    });
    if (outcome.kind === "reached" && outcome.flowLog === undefined) {
      ctx.settings.log(`FlowLog ${id}: deleted`);
      return;
    }
    if (outcome.kind === "reached") lastLooked = outcome.flowLog ?? lastLooked;
    if (outcome.kind !== "reached") {
      throw new FlowLogOperationError(outcomeMessage(outcome, id, "deleted", timeout, RESUME_BY_DESTROY, { lastSeen: current, lastError }));
    }
  }
}
