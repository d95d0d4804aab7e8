/**
 * The provider's own errors, and predicates over the client's errors that decide what a failure means
 * for a flow log (retry after it settles, look again, give up). Every class has a stable `name` and
 * `code` and a static `isInstance` that does not rely on `instanceof` (the provider module can be loaded
 * twice: once by the program, once by the dynamic-provider process).
 */
import { AlicloudApiError, AlicloudRequestError, AlicloudResponseError, CredentialsError } from "../client";

const MARK = Symbol.for("pulumi-alicloud-flowlog/FlowLogProviderError");

function markedCode(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if ((value as Record<symbol, unknown>)[MARK] !== true) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** Base of the provider's errors. */
export abstract class FlowLogProviderError extends Error {
  abstract readonly code: string;
  /** Marker read by `isInstance`, shared by every copy of this module. */
  readonly [MARK] = true;

  /** True for any provider error, from any copy of this module. */
  static isInstance(value: unknown): value is FlowLogProviderError {
    return markedCode(value) !== undefined;
  }
}

/**
 * A flow log exists but did not reach the wanted state (timeout, dead or unknown status). Shaped as the
 * dynamic-provider server wants a partial failure (`{ id, properties, reasons }`): Pulumi records the id
 * with these properties as created but not initialized and updates it on the next run, so nothing is
 * orphaned. `properties` must carry `__provider` (the server does not merge it).
 */
export class FlowLogInitError extends FlowLogProviderError {
  override readonly name = "FlowLogInitError";
  readonly code = "FLOWLOG_NOT_READY";
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    message: string,
  ) {
    super(message);
  }
  /** Pulumi's `reasons` list: the message. */
  get reasons(): string[] {
    return [this.message];
  }
  static override isInstance(value: unknown): value is FlowLogInitError {
    return markedCode(value) === "FLOWLOG_NOT_READY";
  }
}

/** CreateFlowLog refused because the resource already carries a flow log that is not ours. */
export class FlowLogConflictError extends FlowLogProviderError {
  override readonly name = "FlowLogConflictError";
  readonly code = "FLOWLOG_EXISTS_ON_RESOURCE";
  constructor(
    message: string,
    readonly existingIds: readonly string[],
  ) {
    super(message);
  }
  static override isInstance(value: unknown): value is FlowLogConflictError {
    return markedCode(value) === "FLOWLOG_EXISTS_ON_RESOURCE";
  }
}

/** The flow-log service is not open in the region (CreateFlowLog answered OperationUnsupported.action). */
export class FlowLogServiceNotOpenError extends FlowLogProviderError {
  override readonly name = "FlowLogServiceNotOpenError";
  readonly code = "FLOWLOG_SERVICE_NOT_OPEN";
  constructor(readonly regionId: string) {
    super(
      `The VPC flow log service is not open in region ${regionId}: CreateFlowLog answered OperationUnsupported.action and ` +
        `GetFlowLogServiceStatus reports it disabled. Open it once for the account in that region, with the API ` +
        `(OpenFlowLogService, RegionId=${regionId}; e.g. \`aliyun vpc OpenFlowLogService --RegionId ${regionId}\`) or in the ` +
        `VPC console (Flow Logs, "Activate Now"), then run \`pulumi up\` again.`,
    );
  }
  static override isInstance(value: unknown): value is FlowLogServiceNotOpenError {
    return markedCode(value) === "FLOWLOG_SERVICE_NOT_OPEN";
  }
}

/** Anything else the provider refuses to do (e.g. a flow log that vanished during an update). */
export class FlowLogOperationError extends FlowLogProviderError {
  override readonly name = "FlowLogOperationError";
  readonly code = "FLOWLOG_OPERATION_FAILED";
  static override isInstance(value: unknown): value is FlowLogOperationError {
    return markedCode(value) === "FLOWLOG_OPERATION_FAILED";
  }
}

/**
 * A flow log made from the Log Service console (DescribeFlowLogs ServiceType `sls`) "cannot be modified, started, stopped
 * or deleted through the VPC API" (api NOTES.md): said before the service would refuse, with what to do instead.
 */
export function slsManagedError(flowLogId: string, what: string): FlowLogOperationError {
  return new FlowLogOperationError(
    `FlowLog ${flowLogId} was made from the Log Service console (ServiceType sls): the VPC API cannot ${what} it. ` +
      "Change or delete it in the Log Service console, or stop managing it here with `pulumi state delete <urn>`",
  );
}

/** The API error code, when `error` is an answer from the service. */
export function apiErrorCode(error: unknown): string | undefined {
  return AlicloudApiError.isInstance(error) ? error.code : undefined;
}

/** A write whose answer was lost or unreadable: it may have been applied, so look before trying again. */
export function isAmbiguous(error: unknown): boolean {
  return (AlicloudRequestError.isInstance(error) || AlicloudResponseError.isInstance(error)) && error.ambiguous;
}

/**
 * Connections that could not be made at all, through all of the client's attempts: nothing listens at the endpoint, or
 * its host name does not resolve. From an endpoint that never answered this process, a wrong endpoint or region, not a
 * passing fault: reported then, not waited on for the operation's timeout (10 minutes by default); from one that has
 * answered, an outage (RegionWatcher `isOutage`, {@link isPassingFailure}). EAI_AGAIN (a DNS server that did not
 * answer) stays passing.
 */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_NONAME"]);

/** No connection could be made through all of the client's attempts ({@link UNREACHABLE_CODES}). */
export function isUnreachable(error: unknown): boolean {
  return AlicloudRequestError.isInstance(error) && UNREACHABLE_CODES.has(error.cause?.code ?? "");
}

/**
 * A failure a later round or try may not see: throttling, 5xx, network, timeouts. Credential problems, other refusals,
 * requests that cannot be sent as they are (a TLS failure) and an endpoint that cannot be reached are not (waiting on them
 * only hides the cause until the deadline).
 */
export function isTransient(error: unknown): boolean {
  if (CredentialsError.isInstance(error)) return false;
  if (AlicloudRequestError.isInstance(error)) {
    // The client's own verdict on a send that can never work (a TLS failure, a request undici refuses): not retryable,
    // yet not a write that may have landed. Deadlines and aborts are not the request's fault: they stay transient.
    const cannotWork = error.reason === "network" && !error.retryable && !error.ambiguous;
    return !cannotWork && !isUnreachable(error);
  }
  if (AlicloudApiError.isInstance(error)) return error.retryable || error.httpStatus >= 500 || /throttl/i.test(error.code);
  return false;
}

/**
 * A write that failed for a passing reason and surely did not apply, after the client's own retries ran out: Throttling
 * or another retryable refusal, a 5xx answer, or no connection before the request was sent (not a lost answer, which
 * {@link isAmbiguous} is). Create, update and delete try again within their own timeout (10 minutes by default), as
 * terraform-provider-alicloud retries Throttling and ServiceUnavailable within its timeouts (api NOTES.md).
 * `endpointAnswered`: the endpoint has answered this process before (RegionWatcher.answered), so one that cannot be
 * reached now is an outage to ride out, not a wrong endpoint.
 */
export function isPassingFailure(error: unknown, endpointAnswered = false): boolean {
  // A call aborted by its caller's signal (the process shutting down) is not tried again.
  const aborted = AlicloudRequestError.isInstance(error) && error.reason === "aborted";
  return (isTransient(error) || (endpointAnswered && isUnreachable(error))) && !isAmbiguous(error) && !aborted;
}

/**
 * A call stopped by its own deadline or signal (the operation's time ran out), not by anything the service or the network
 * did: after an earlier failure, that earlier one is the cause to name.
 */
export function isCutShort(error: unknown): boolean {
  return AlicloudRequestError.isInstance(error) && (error.reason === "deadline" || error.reason === "aborted");
}

/** The pause the service asked for (`x-acs-retry-after`), in milliseconds, or 0. */
export function retryAfterMs(error: unknown): number {
  return AlicloudApiError.isInstance(error) ? (error.retryAfterMs ?? 0) : 0;
}

/**
 * The service refused a write because the flow log (or its VPC) is in the middle of another operation;
 * the same call succeeds once it settles. Codes from terraform-provider-alicloud's retry list
 * (api NOTES.md) and the ActiveFlowLog error table.
 */
export function isMidTransitionRefusal(error: unknown): boolean {
  const code = apiErrorCode(error);
  if (code === undefined) return false;
  return /^(IncorrectStatus|InvalidStatus|OperationConflict|TaskConflict|LastTokenProcessing|OperationFailed\.LastTokenProcessing|SystemBusy)/i.test(
    code,
  );
}

/**
 * A not-found answer on a flow log (delete treats it as "look again": it may really be gone). The bare
 * `InvalidInstanceId` ("Instance does not exist.") is one too: the ActiveFlowLog error table lists it beside
 * InvalidInstanceId.NotFound (api NOTES.md; alibabacloud.com/help/tc/vpc/api-activeflowlog gives only the bare code).
 */
export function isNotFound(error: unknown): boolean {
  const code = apiErrorCode(error);
  if (code === undefined || code === "InvalidResourceId.NotFound") return false;
  return code === "InvalidInstanceId" || /NotFound|NotExist/i.test(code);
}

/** One line about an error for logs and messages; client errors are already free of secrets. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
