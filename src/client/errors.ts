/**
 * The client's error classes. Every one has a stable `name`, a stable `code` and a static `isInstance()` that works across
 * two loaded copies of this module (the Pulumi provider is serialized and re-required), after `@pulumi/pulumi`
 * `sdk/nodejs/errors.ts`.
 *
 * Secrets rule: no error here carries request options, headers, the AccessKeySecret, a security token or a signature.
 * Messages that come from the server are passed through `redact()` by their builders before they arrive here.
 */

/** Marker shared by every error of this module, looked up with `Symbol.for` so it survives duplicate module copies. */
const ALICLOUD_ERROR = Symbol.for("pulumi-alicloud-flowlog/AlicloudError");

function markedName(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if ((value as Record<symbol, unknown>)[ALICLOUD_ERROR] !== true) return undefined;
  return (value as { name?: unknown }).name as string | undefined;
}

/** Base of every error the client throws. `code` is stable: match on it, never on the message. */
export abstract class AlicloudError extends Error {
  abstract override readonly name: string;
  abstract readonly code: string;
  /** The API action the call was for (e.g. `CreateFlowLog`), when known. */
  abstract readonly action: string | undefined;
  /** Whether the client's retry rules consider this failure transient. */
  readonly retryable: boolean;

  protected constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
    Object.defineProperty(this, ALICLOUD_ERROR, { value: true });
  }

  /** True for any error of this module, from any copy of it; does not rely on `instanceof`. */
  static isInstance(value: unknown): value is AlicloudError {
    return markedName(value) !== undefined;
  }
}

/** Fields of an error answer (`{RequestId, HostId, Code, Message, Recommend}`), plus what the client knows of the call. */
export interface AlicloudApiErrorInit {
  readonly action: string;
  /** The API's error code, e.g. `QuotaExceeded.FlowlogCount`, `Throttling.User`, or `Http502` for a non-JSON answer. */
  readonly code: string;
  /** The API's own message, already redacted. */
  readonly apiMessage: string;
  readonly requestId?: string;
  readonly hostId?: string;
  /** Link to the error centre. */
  readonly recommend?: string;
  readonly httpStatus: number;
  readonly retryable: boolean;
  /** Delay asked by the server in `x-acs-retry-after` (seconds on the wire), in milliseconds. */
  readonly retryAfterMs?: number;
}

/**
 * The service answered with an error (HTTP 4xx/5xx, or a 2xx body carrying `Code` without success).
 * Message: `CreateFlowLog failed: QuotaExceeded.FlowlogCount: <API message> (RequestId <id>)`.
 */
export class AlicloudApiError extends AlicloudError {
  override readonly name = "AlicloudApiError";
  readonly code: string;
  readonly action: string;
  /** The API's own message, without the action and request id around it. */
  readonly apiMessage: string;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly recommend: string | undefined;
  readonly httpStatus: number;
  /** Milliseconds the server asked to wait (`x-acs-retry-after`), when it did. */
  readonly retryAfterMs: number | undefined;

  constructor(init: AlicloudApiErrorInit) {
    const rid = init.requestId ? ` (RequestId ${init.requestId})` : "";
    super(`${init.action} failed: ${init.code}: ${init.apiMessage}${rid}`, init.retryable);
    this.code = init.code;
    this.action = init.action;
    this.apiMessage = init.apiMessage;
    this.requestId = init.requestId;
    this.hostId = init.hostId;
    this.recommend = init.recommend;
    this.httpStatus = init.httpStatus;
    this.retryAfterMs = init.retryAfterMs;
  }

  static override isInstance(value: unknown): value is AlicloudApiError {
    return markedName(value) === "AlicloudApiError";
  }
}

/**
 * Why a request got no answer:
 * - `network`: connection refused, reset or closed, DNS failure, TLS failure;
 * - `timeout`: the connect, headers or body timeout ran out;
 * - `aborted`: the caller's AbortSignal fired;
 * - `deadline`: the call's overall deadline ran out;
 * - `gateway`: a write was answered 5xx by a proxy or load balancer, not by the service (no `Code` in the body).
 */
export type RequestFailureReason = "network" | "timeout" | "aborted" | "deadline" | "gateway";

/** What the client kept of a low-level failure: never its options, headers or socket. */
export interface SanitizedCause {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

/** What an AlicloudRequestError is built from: the action, why no answer came, and whether a write may have landed. */
export interface AlicloudRequestErrorInit {
  readonly action: string;
  readonly reason: RequestFailureReason;
  /** True when a write may have reached the server: the caller must look before trying again. */
  readonly ambiguous: boolean;
  readonly retryable: boolean;
  /** Short description of what happened, e.g. `connect ECONNREFUSED 127.0.0.1:9`. Must hold no secret. */
  readonly detail: string;
  readonly cause?: SanitizedCause;
  /** Attempts made, this one included. */
  readonly attempts: number;
}

/**
 * The call got no answer. `code` is `ERR_ALICLOUD_REQUEST`. When `ambiguous` is true the action was a write that may
 * have been applied: the client did not retry it, and the caller should read the state before trying again.
 */
export class AlicloudRequestError extends AlicloudError {
  override readonly name = "AlicloudRequestError";
  readonly code = "ERR_ALICLOUD_REQUEST";
  readonly action: string;
  readonly reason: RequestFailureReason;
  readonly ambiguous: boolean;
  readonly attempts: number;
  override readonly cause: SanitizedCause | undefined;

  constructor(init: AlicloudRequestErrorInit) {
    const outcome = init.ambiguous ? "; the request may have been applied (ambiguous outcome, not retried)" : "";
    super(`${init.action} failed: ${init.reason}: ${init.detail}${outcome} (after ${init.attempts} attempt(s))`, init.retryable);
    this.action = init.action;
    this.reason = init.reason;
    this.ambiguous = init.ambiguous;
    this.attempts = init.attempts;
    this.cause = init.cause;
  }

  static override isInstance(value: unknown): value is AlicloudRequestError {
    return markedName(value) === "AlicloudRequestError";
  }
}

/** One schema problem: the path in the response and zod's message (never the value). */
export interface ResponseIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A 2xx answer that is not JSON or does not fit the action's schema. `code` is `ERR_ALICLOUD_RESPONSE`. A read's body
 * that is not a JSON object (cut short, or a page from something in between) is `retryable`, as a read cut off by a reset
 * is: reads retry freely. An answer that does not fit the schema is not retried (asking again gets the same answer).
 * Message: `DescribeFlowLogs returned an unexpected response: FlowLogs.FlowLog.0.FlowLogId: <zod message> (RequestId <id>)`.
 * For a write `ambiguous` is true (as on AlicloudRequestError): a 2xx status says the write was probably applied, and
 * the unreadable answer (a body cut short, a page from something in between) does not say what it made.
 */
export class AlicloudResponseError extends AlicloudError {
  override readonly name = "AlicloudResponseError";
  readonly code = "ERR_ALICLOUD_RESPONSE";
  readonly action: string;
  readonly httpStatus: number;
  readonly requestId: string | undefined;
  readonly issues: readonly ResponseIssue[];
  /** True for a write: it may have been applied, so the caller must look before trying again. */
  readonly ambiguous: boolean;

  constructor(init: { action: string; httpStatus: number; requestId?: string; issues: readonly ResponseIssue[]; ambiguous?: boolean; retryable?: boolean }) {
    const listed = init.issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const rid = init.requestId ? ` (RequestId ${init.requestId})` : "";
    const outcome = init.ambiguous === true ? "; the request may have been applied (ambiguous outcome, not retried)" : "";
    super(`${init.action} returned an unexpected response: ${listed.join("; ")}${outcome}${rid}`, init.retryable === true && init.ambiguous !== true);
    this.ambiguous = init.ambiguous === true;
    this.action = init.action;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.issues = init.issues;
  }

  static override isInstance(value: unknown): value is AlicloudResponseError {
    return markedName(value) === "AlicloudResponseError";
  }
}

/** No credentials were found. `code` is `ERR_ALICLOUD_CREDENTIALS`; the message names every place looked. */
export class CredentialsError extends AlicloudError {
  override readonly name = "CredentialsError";
  readonly code = "ERR_ALICLOUD_CREDENTIALS";
  readonly action: string | undefined;
  /** Every place looked, in order. */
  readonly looked: readonly string[];

  constructor(message: string, looked: readonly string[], action?: string) {
    super(message, false);
    this.looked = looked;
    this.action = action;
  }

  static override isInstance(value: unknown): value is CredentialsError {
    return markedName(value) === "CredentialsError";
  }
}

/** Why the client could not be configured for a call. */
export type ConfigFailureReason = "region" | "endpoint" | "params";

/**
 * The client cannot make the call as configured: no region anywhere, a malformed endpoint, or parameters that cannot be
 * put on the wire. `code` is `ERR_ALICLOUD_CONFIG`; not retried.
 */
export class AlicloudConfigError extends AlicloudError {
  override readonly name = "AlicloudConfigError";
  readonly code = "ERR_ALICLOUD_CONFIG";
  readonly action: string | undefined;
  readonly reason: ConfigFailureReason;

  constructor(reason: ConfigFailureReason, message: string, action?: string) {
    super(message, false);
    this.reason = reason;
    this.action = action;
  }

  static override isInstance(value: unknown): value is AlicloudConfigError {
    return markedName(value) === "AlicloudConfigError";
  }
}
