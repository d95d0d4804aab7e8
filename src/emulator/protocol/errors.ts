/**
 * Errors the emulator's protocol layer answers before a request reaches the model: parsing, signatures, clocks, nonces,
 * faults. Codes, messages and HTTP statuses follow Alibaba Cloud's public "common error codes" of the POP gateway
 * (https://help.aliyun.com/document_detail/53438.html, mirrored by terraform-provider-alicloud `alicloud/common_errors.go`).
 */

const MARKER = Symbol.for("pulumi-alicloud-flowlog.emulator.ProtocolError");

/**
 * An answer the gateway gives on its own: `code` is the API error code (`SignatureDoesNotMatch`), `httpStatus` the status
 * sent with it. The message never contains an AccessKeySecret, a security token or a signature.
 */
export class ProtocolError extends Error {
  readonly [MARKER] = true;
  override readonly name = "ProtocolError";
  readonly code: string;
  readonly httpStatus: number;
  /** Extra response headers, e.g. `x-acs-retry-after` for throttling. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, httpStatus: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
    this.headers = headers;
  }

  /** True for a ProtocolError from any copy of this module (does not rely on `instanceof`). */
  static isInstance(value: unknown): value is ProtocolError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Factories for every gateway error the emulator answers, so codes, statuses and messages live in one place. */
export const protocolErrors = {
  missingParameter: (name: string) =>
    new ProtocolError(
      "MissingParameter",
      400,
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    ),
  // "HTTP Status: 404 Error:InvalidAction.NotFound" is what aliyunsdkcore users report for an unknown action.
  invalidAction: () => new ProtocolError("InvalidAction.NotFound", 404, "Specified api is not found, please check your url and method."),
  invalidVersion: () => new ProtocolError("InvalidVersion", 400, "Specified parameter Version is not valid."),
  // "HTTP Status: 404 Error:InvalidAccessKeyId.NotFound Specified access key is not found." (aliyunsdkcore report,
  // github.com/XWJR-Ops/zabbix-RDS-monitor/issues/9).
  accessKeyNotFound: () => new ProtocolError("InvalidAccessKeyId.NotFound", 404, "Specified access key is not found."),
  /** `serverStringToSign` is echoed like the service does; callers redact security tokens from it first. */
  signatureMismatch: (serverStringToSign?: string) =>
    new ProtocolError(
      "SignatureDoesNotMatch",
      400,
      serverStringToSign === undefined
        ? "Specified signature is not matched with our calculation."
        : `Specified signature is not matched with our calculation. server string to sign is:${serverStringToSign}`,
    ),
  contentHashMismatch: () =>
    new ProtocolError(
      "SignatureDoesNotMatch",
      400,
      "Specified signature is not matched with our calculation. The x-acs-content-sha256 header does not match the request body.",
    ),
  incompleteSignature: (detail: string) =>
    new ProtocolError("IncompleteSignature", 400, `The request signature does not conform to Aliyun standards. ${detail}`),
  invalidSignatureMethod: () => new ProtocolError("InvalidSignatureMethod", 400, "Specified signature method is not supported."),
  timestampExpired: (value: string) =>
    new ProtocolError("InvalidTimeStamp.Expired", 400, `Specified time stamp or date value is expired. (${value})`),
  timestampFormat: () => new ProtocolError("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted."),
  nonceUsed: () => new ProtocolError("SignatureNonceUsed", 400, "Specified signature nonce was used already."),
  missingSecurityToken: () => new ProtocolError("MissingSecurityToken", 400, "SecurityToken is mandatory for this action."),
  securityTokenMismatch: () =>
    new ProtocolError("InvalidSecurityToken.MismatchWithAccessKey", 400, "Specified SecurityToken mismatch with the AccessKey."),
  securityTokenMalformed: () => new ProtocolError("InvalidSecurityToken.Malformed", 400, "Specified SecurityToken is malformed."),
  // The service's answer to an oversized request is not documented; 400 InvalidParameter keeps clients from retrying it.
  bodyTooLarge: (limitBytes: number) =>
    new ProtocolError("InvalidParameter", 400, `The request body is larger than ${limitBytes} bytes.`),
  // "Throttling.User: Request was denied due to user flow control." with HTTP 400 (published error tables of several
  // Alibaba Cloud APIs, e.g. DTS and BSS; terraform-provider-alicloud treats any code containing Throttling as retryable).
  throttled: (retryAfterSeconds?: number) =>
    new ProtocolError(
      "Throttling.User",
      400,
      "Request was denied due to user flow control.",
      retryAfterSeconds === undefined ? {} : { "x-acs-retry-after": String(retryAfterSeconds) },
    ),
  serviceUnavailable: () =>
    new ProtocolError("ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."),
  internalError: () =>
    new ProtocolError("InternalError", 500, "The request processing has failed due to some unknown error, exception or failure."),
} as const;
