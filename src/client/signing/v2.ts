import { canonicalQueryString } from "./canonical-query";
import { hmacText } from "./digest";
import { percentEncode } from "./percent-encode";

/** The parameter that carries the V2 signature: never part of what is signed. */
const SIGNATURE_PARAM = "Signature";

/**
 * The V2 (HMAC-SHA1, `SignatureVersion=1.0`) string to sign: `METHOD&%2F&` + percentEncode(canonical query string).
 *
 * `params` holds every parameter of the request, common ones (Action, Version, Format, AccessKeyId, SignatureMethod,
 * SignatureVersion, SignatureNonce, Timestamp, SecurityToken) and business ones, query and form body together. A
 * parameter named `Signature` is left out, so a verifier may pass a request's whole decoded parameter map.
 * Follows the V2 RPC signature page and `getRPCSignature()` in `@alicloud/openapi-core` `src/utils.ts`.
 *
 * @param method the HTTP method as sent, upper case (`GET`, `POST`); used verbatim.
 * @throws SigningInputError when a name or value holds an unpaired surrogate.
 */
export function stringToSignV2(method: string, params: Readonly<Record<string, string>>): string {
  // Prototype-free, so a parameter named `__proto__` is kept like any other rather than lost to the setter.
  const signed = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(params)) {
    if (name !== SIGNATURE_PARAM) signed[name] = value;
  }
  return `${method}&${percentEncode("/")}&${percentEncode(canonicalQueryString(signed))}`;
}

/** Input of {@link signV2}. */
export interface SignV2Input {
  /** HTTP method as sent, upper case. */
  readonly method: string;
  /** Every request parameter, flat wire names to string values; `Signature`, if present, is ignored. */
  readonly params: Readonly<Record<string, string>>;
  /** The AccessKeySecret. Never logged or placed in an error. */
  readonly accessKeySecret: string;
}

/**
 * Computes the V2 `Signature` parameter: base64(HMAC-SHA1(key = accessKeySecret + "&", {@link stringToSignV2})).
 * The result is the raw base64 text; the caller percent-encodes it like any other parameter when sending.
 * @returns 28 base64 characters, e.g. `9NaGiOspFP5UPcwX8Iwt2YJXXuk=`.
 * @throws SigningInputError when a name or value holds an unpaired surrogate.
 */
export function signV2(input: SignV2Input): string {
  return hmacText("sha1", `${input.accessKeySecret}&`, stringToSignV2(input.method, input.params), "base64");
}
