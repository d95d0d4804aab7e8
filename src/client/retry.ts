/**
 * Retry rules, pure: a classifier of failures and a strategy that decides whether to try again and after how long.
 * The one loop that sleeps is `VpcClient.call()` (after the smithy-typescript split: classifier, strategy, loop).
 */

/** Retry settings of a client; every field optional in options, defaulted from {@link DEFAULT_RETRY}. */
export interface RetryPolicy {
  /** Attempts in all, the first included. @default 6 */
  readonly maxAttempts: number;
  /** Base of the exponential backoff, milliseconds: attempt n waits up to base * 2^(n-1). @default 200 */
  readonly baseDelayMs: number;
  /** Cap of one backoff delay, milliseconds (a server's `x-acs-retry-after` may ask for more). @default 10000 */
  readonly maxDelayMs: number;
  /** Overall deadline of one call, waits and attempts included, milliseconds. @default 60000 */
  readonly deadlineMs: number;
}

/** Defaults: 6 attempts, 200 ms base, 10 s cap, 60 s per call. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000, deadlineMs: 60_000 };

/**
 * Validates a retry policy (the client's options).
 * @throws RangeError naming the field: maxAttempts an integer >= 1; baseDelayMs and maxDelayMs finite and >= 0;
 *   deadlineMs > 0 (Infinity for none)
 */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { maxAttempts, baseDelayMs, maxDelayMs, deadlineMs } = policy;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError("retry.maxAttempts must be an integer of at least 1");
  for (const [name, value] of [["baseDelayMs", baseDelayMs], ["maxDelayMs", maxDelayMs]] as const) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new RangeError(`retry.${name} must be a finite number of milliseconds, 0 or more`);
  }
  if (typeof deadlineMs !== "number" || !(deadlineMs > 0)) throw new RangeError("retry.deadlineMs must be a positive number of milliseconds (Infinity for none)");
  return policy;
}

/** Codes retried as they are (Terraform's `alicloud/errors.go` lists them; the issue names them). */
const RETRYABLE_CODES = new Set([
  "ServiceUnavailable",
  "SystemBusy",
  "InternalError",
  "UnknownError",
  "OperationConflict",
  "TaskConflict",
  "InvalidStatus",
]);

/** Code fragments retried wherever they appear: `Throttling.User`, `IncorrectStatus.flowlog`, `OperationFailed.LastTokenProcessing`. */
const RETRYABLE_FRAGMENTS = ["Throttling", "IncorrectStatus", "LastTokenProcessing"];

/** True for a throttling answer: any code containing `Throttling`, or HTTP 429. */
export function isThrottling(code: string, httpStatus: number): boolean {
  return code.includes("Throttling") || httpStatus === 429;
}

/**
 * Whether an error answer is transient: throttling, ServiceUnavailable, SystemBusy, InternalError, UnknownError,
 * OperationConflict, TaskConflict, InvalidStatus, IncorrectStatus*, *LastTokenProcessing, and any HTTP 5xx.
 * These are definite answers (the server refused or failed the operation), so writes are retried on them too.
 */
export function isRetryableApiError(code: string, httpStatus: number): boolean {
  if (httpStatus >= 500 || isThrottling(code, httpStatus)) return true;
  return RETRYABLE_CODES.has(code) || RETRYABLE_FRAGMENTS.some((f) => code.includes(f));
}

/** A transport failure as the classifier needs it. */
export interface RequestFailureFacts {
  /** True when bytes of the request may have reached the server (anything after the connection was made). */
  readonly sent: boolean;
  /** True for failures that will not heal by retrying (e.g. a TLS certificate refused). */
  readonly permanent: boolean;
  /** True when the action changes state. */
  readonly write: boolean;
}

/**
 * Classifies a request that got no answer. A write that may have reached the server is ambiguous and never retried; a
 * write that surely did not (connection refused, connect timeout, DNS failure) is retried; reads retry freely.
 */
export function classifyRequestFailure(facts: RequestFailureFacts): { retryable: boolean; ambiguous: boolean } {
  const ambiguous = facts.write && facts.sent;
  return { ambiguous, retryable: !facts.permanent && !ambiguous };
}

/**
 * Full-jitter backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniform delay in
 * [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). `attempt` is the attempt that just failed, from 1.
 * @param random a uniform value in [0, 1), injected for tests.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}

/** What to do after a failed attempt. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly why: "not-retryable" | "attempts" | "deadline" };

/** Inputs of {@link decideRetry}. */
export interface RetryQuestion {
  /** The attempt that just failed, from 1. */
  readonly attempt: number;
  readonly retryable: boolean;
  /** The server's `x-acs-retry-after`, milliseconds: the delay is never shorter. */
  readonly retryAfterMs?: number;
  /** Milliseconds left before the call's deadline. */
  readonly remainingMs: number;
  readonly policy: RetryPolicy;
  /** A uniform value in [0, 1). */
  readonly random: number;
}

/**
 * Decides whether to retry: only retryable failures, within `maxAttempts`, and only when the wait ends before the deadline
 * (a wait that would outlive it is pointless, so the last error is reported at once).
 */
export function decideRetry(q: RetryQuestion): RetryDecision {
  if (!q.retryable) return { retry: false, why: "not-retryable" };
  if (q.attempt >= q.policy.maxAttempts) return { retry: false, why: "attempts" };
  const delayMs = Math.max(backoffDelayMs(q.attempt, q.policy, q.random), q.retryAfterMs ?? 0);
  if (delayMs >= q.remainingMs) return { retry: false, why: "deadline" };
  return { retry: true, delayMs };
}

/** Parses `x-acs-retry-after` (seconds, possibly fractional) into milliseconds; undefined when absent or malformed. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.round(Number(value) * 1000);
}
