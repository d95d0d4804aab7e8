/**
 * What the DeleteFlowLog calls of one delete have shown so far: the counts that end a delete which cannot succeed (lost
 * answers, "not found" while still listed) and what its error reports (the last failure, the last sighting).
 */
import type { Clock } from "./clock";
import { describeError, FlowLogOperationError, isAmbiguous, isCutShort, isNotFound } from "./errors";
import type { CloudFlowLog } from "./types";

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
export type DeleteRequest = { readonly waitFor: "gone" } | { readonly waitFor: "settled"; readonly error: unknown };

export class DeleteHistory {
  private lostAnswers = 0;
  private notFoundAnswers = 0;
  private firstNotFoundAt: number | undefined;
  /** The last failure, kept only while no DeleteFlowLog has been accepted since. */
  lastError: unknown;
  /** The last status a look or a wait saw. */
  lastLooked: CloudFlowLog | undefined;

  constructor(
    private readonly id: string,
    private readonly clock: Clock,
    private readonly absentGraceMs: number,
  ) {}

  /** Keeps a sighting; undefined (no look made) keeps the one before. */
  saw(flowLog: CloudFlowLog | undefined): void {
    this.lastLooked = flowLog ?? this.lastLooked;
  }

  /** Counts what one DeleteFlowLog call answered. */
  record(request: DeleteRequest): void {
    if (request.waitFor === "gone") {
      this.lastError = undefined;
      return;
    }
    // A call cut short by the deadline says nothing new: the failure before it is kept as the cause.
    if (this.lastError === undefined || !isCutShort(request.error)) this.lastError = request.error;
    if (isAmbiguous(request.error)) this.lostAnswers += 1;
    if (isNotFound(request.error)) {
      this.notFoundAnswers += 1;
      this.firstNotFoundAt ??= this.clock.now();
    }
  }

  /**
   * The error that ends the delete after a look found `current` still there (undefined: no look made), or undefined to
   * go on. Given up only after a look: the last lost answer may have landed (then it is Deleting, and we wait for it).
   */
  givingUp(current: CloudFlowLog | undefined): FlowLogOperationError | undefined {
    if (current?.status === "Deleting") return undefined;
    if (this.lostAnswers >= MAX_LOST_ANSWERS) {
      return new FlowLogOperationError(
        `FlowLog ${this.id}: DeleteFlowLog got no answer ${this.lostAnswers} times (last: ${describeError(this.lastError)}) and ` +
          "the flow log still exists; check the endpoint and any proxy between you and the service, then run the same command again",
      );
    }
    const notFoundForMs = this.firstNotFoundAt === undefined ? 0 : this.clock.now() - this.firstNotFoundAt;
    if (current !== undefined && this.notFoundAnswers >= MAX_NOT_FOUND_ANSWERS && notFoundForMs >= this.absentGraceMs) {
      return new FlowLogOperationError(
        `FlowLog ${this.id}: DeleteFlowLog answered "not found" ${this.notFoundAnswers} times over ${Math.round(notFoundForMs / 1000)} s ` +
          `(last: ${describeError(this.lastError)}) while DescribeFlowLogs still lists it (${current.status}); run the same ` +
          "command again later, or delete it in the console",
      );
    }
    return undefined;
  }
}
