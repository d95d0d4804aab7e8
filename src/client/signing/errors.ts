/**
 * Why signing input was refused. Each reason is a caller bug, never a transient failure: retrying will not help.
 * - `lone-surrogate`: a string holds an unpaired UTF-16 surrogate, which has no UTF-8 form (the official SDKs'
 *   `encodeURIComponent` throws `URIError` on the same input).
 * - `invalid-header-name`: a header name that is not an HTTP token, so it could not appear in a canonical request unambiguously.
 * - `duplicate-header`: two header names that are equal once lower-cased.
 */
export type SigningInputReason = "lone-surrogate" | "invalid-header-name" | "duplicate-header";

/** Marker that survives two copies of this module being loaded (the provider is serialized and re-required). */
const SIGNING_INPUT_ERROR = Symbol.for("pulumi-alicloud-flowlog/SigningInputError");

/**
 * Thrown by the signing functions when their input cannot be signed.
 *
 * `name` is `"SigningInputError"`, `code` is `"ERR_ALICLOUD_SIGNING_INPUT"`, `reason` says which rule failed.
 * The message names the rule and the position, never the offending value, since values may be credentials or tokens.
 */
export class SigningInputError extends TypeError {
  override readonly name = "SigningInputError";
  readonly code = "ERR_ALICLOUD_SIGNING_INPUT";
  readonly reason: SigningInputReason;

  constructor(reason: SigningInputReason, message: string) {
    super(message);
    this.reason = reason;
    Object.defineProperty(this, SIGNING_INPUT_ERROR, { value: true });
  }

  /** True for a SigningInputError from any copy of this module; does not rely on `instanceof`. */
  static isInstance(value: unknown): value is SigningInputError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[SIGNING_INPUT_ERROR] === true;
  }
}
