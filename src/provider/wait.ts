/**
 * Waiting for one flow log to reach a state, through the region's shared watcher, with progress lines.
 */
import type { ProviderContext } from "./context";
import { isDuration, MAX_TIMEOUT_MS, MAX_TIMEOUT_TEXT, parseDurationMs } from "./duration";
import type { CloudFlowLog } from "./types";
import { TRANSITIONAL_STATUSES } from "./types";
import type { Verdict, WaitOutcome } from "./watcher";

const KNOWN_STATUSES = ["Activating", "Active", "Modifying", "Deactivating", "Inactive", "Deleting"];

/** What a wait is for. */
export interface StateWait {
  readonly regionId: string;
  readonly flowLogId: string;
  /** Absolute time (clock ms) at which the wait gives up. */
  readonly deadline: number;
  /** Shown in progress lines: "Active", "Inactive", "gone", "settled". */
  readonly label: string;
  /** The wanted state, judged only once the flow log is out of any transition. */
  want(flowLog: CloudFlowLog, elapsedMs: number): boolean;
  /** A state, settled or in transition, that will not turn into the wanted one by itself (judged after the stale grace). */
  dead?(flowLog: CloudFlowLog): boolean;
  /**
   * What absence means; for "gone", absence within `absentGraceMs` is "not visible yet", unless a round has seen the flow
   * log in this wait: then it is gone at once.
   */
  readonly whenAbsent: "reached" | "gone";
  readonly absentGraceMs?: number;
  /** See WaitRequest.confirmAbsence. */
  readonly confirmAbsence?: boolean;
  /** See WaitRequest.lastSeen: the caller's own sighting just before the wait. */
  readonly lastSeen?: CloudFlowLog;
}

/**
 * Labels whose waits learn their settle time from each other (watcher `kind`). Other labels (update's, which name tag
 * keys and fields, and "settled") are not learned: they are few, and every distinct one would keep a history.
 */
const LEARNED_KINDS: ReadonlySet<string> = new Set(["Active", "Inactive", "gone"]);

/** Pure verdict on one sighting; exported for tests. */
export function classify(wait: Pick<StateWait, "want" | "dead">, flowLog: CloudFlowLog, elapsedMs: number, staleGraceMs: number): Verdict {
  // Before the transition check: a dead state may be one (Deleting leads only to gone, never to Active).
  if (wait.dead?.(flowLog) && elapsedMs >= staleGraceMs) return "failed";
  if (TRANSITIONAL_STATUSES.includes(flowLog.status) || flowLog.status === "") return "pending";
  if (!KNOWN_STATUSES.includes(flowLog.status)) return "failed";
  if (wait.want(flowLog, elapsedMs)) return "reached";
  return "pending";
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Waits through the region's watcher, logging each new status short of the wanted one and, at most every few seconds, the same one. */
export function waitForState(ctx: ProviderContext, wait: StateWait): Promise<WaitOutcome> {
  const { log, staleGraceMs, progressEveryMs } = ctx.settings;
  let lastStatus = "";
  let lastLineAt = -Infinity;
  return ctx.watcher(wait.regionId).wait({
    flowLogId: wait.flowLogId,
    kind: LEARNED_KINDS.has(wait.label) ? wait.label : undefined,
    confirmAbsence: wait.confirmAbsence ?? false,
    classify: (flowLog, elapsedMs) => classify(wait, flowLog, elapsedMs, staleGraceMs),
    whenAbsent: wait.whenAbsent,
    absentGraceMs: wait.absentGraceMs ?? 0,
    ...(wait.lastSeen === undefined ? {} : { lastSeen: wait.lastSeen }),
    timeoutMs: ctx.remaining(wait.deadline),
    onProgress: (flowLog, elapsedMs) => {
      // Reaching the state is the caller's line to write (create's "Active after ..."), not a progress line.
      if (flowLog === undefined ? wait.whenAbsent === "reached" : classify(wait, flowLog, elapsedMs, staleGraceMs) === "reached") return;
      const status = flowLog?.status ?? (wait.whenAbsent === "reached" ? "gone" : "not visible yet");
      if (status === lastStatus && elapsedMs - lastLineAt < progressEveryMs) return;
      lastStatus = status;
      lastLineAt = elapsedMs;
      log(`FlowLog ${wait.flowLogId}: ${status} after ${seconds(elapsedMs)} (waiting for ${wait.label})`);
    },
  });
}

/** What a timed-out create or update tells the user to do next. */
const RESUME_BY_UP = "the next `pulumi up` waits for it again (raise timeouts to wait longer)";

/** What the caller knows beyond the wait: the flow log as last seen before it, and its own operation's last failure. */
export interface OutcomeContext {
  readonly lastSeen?: CloudFlowLog;
  readonly lastError?: unknown;
}

/** Advice after a flow log vanished mid-operation. */
const VANISHED = "if it was deleted outside Pulumi, run `pulumi refresh` to drop it from the state";

/**
 * A sentence for a wait that did not reach its state; `next` says what the user can do after a timeout. A timeout names
 * the last status seen (in this wait, else before it) and the last error: the caller's operation's, else the watcher's.
 */
export function outcomeMessage(
  outcome: WaitOutcome,
  flowLogId: string,
  label: string,
  timeout: string,
  next: string = RESUME_BY_UP,
  known: OutcomeContext = {},
): string {
  switch (outcome.kind) {
    case "reached":
      return `FlowLog ${flowLogId} is ${label}`;
    case "failed":
      return `FlowLog ${flowLogId} reached status ${outcome.status || "(none)"} instead of ${label}`;
    case "gone":
      return `FlowLog ${flowLogId} disappeared from DescribeFlowLogs while waiting for ${label}; ${VANISHED}`;
    case "timeout": {
      const status = outcome.lastSeen?.status ?? known.lastSeen?.status;
      const error = known.lastError ?? outcome.lastError;
      return (
        `FlowLog ${flowLogId} did not become ${label} within ${waitedFor(timeout)} (last status: ${status ?? "not seen"}` +
        `${error === undefined ? "" : `; last error: ${errorText(error)}`}); it is kept in the state, and ${next}`
      );
    }
    case "aborted":
      return `waiting for FlowLog ${flowLogId} to become ${label} was cancelled`;
    case "error":
      return `waiting for FlowLog ${flowLogId} to become ${label} failed: ${errorText(outcome.error)}`;
  }
}

/** The timeout as waited: a stored one over the cap (state written before check refused it) was cut to 24h. */
function waitedFor(timeout: string): string {
  return isDuration(timeout) && parseDurationMs(timeout) > MAX_TIMEOUT_MS ? `${MAX_TIMEOUT_TEXT} (the longest a wait may take; ${timeout} was asked)` : timeout;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
