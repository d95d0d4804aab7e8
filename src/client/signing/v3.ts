import { ACS3_HMAC_SHA256, formatAuthorizationV3 } from "./authorization";
import { canonicalizeHeaders } from "./canonical-headers";
import { canonicalQueryString } from "./canonical-query";
import { hmacText, sha256Hex } from "./digest";

/** Input of {@link signV3}. */
export interface SignV3Input {
  /** HTTP method as sent, upper case (`POST` for the VPC client); used verbatim. */
  readonly method: string;
  /** Canonical URI, already percent-encoded. Default `/` (every RPC-style action). */
  readonly pathname?: string;
  /** Query parameters, decoded (flat wire names to values); encoded here. Form-body parameters are not part of it. */
  readonly query: Readonly<Record<string, string>>;
  /**
   * `canonicalQueryString(query)` when the caller has it already (the client sends that same text as the URL's query):
   * saves encoding the parameters twice. It must be exactly that string, or the signature will not match.
   */
  readonly canonicalQuery?: string;
  /**
   * Headers to sign; every one given is signed. Names are lower-cased here, values trimmed. Pass `host`, `content-type`
   * when sent, and every `x-acs-*` header (`x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
   * `x-acs-content-sha256`, `x-acs-security-token` for STS).
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Lower-case hex SHA-256 of the body, the value of `x-acs-content-sha256` (see `sha256Hex`, `EMPTY_BODY_SHA256`). */
  readonly hashedPayload: string;
  readonly accessKeyId: string;
  /** The AccessKeySecret. Never logged or placed in an error. */
  readonly accessKeySecret: string;
}

/** Every intermediate of a V3 signature, so tests and verifiers can compare each step. */
export interface SignV3Result {
  /** `METHOD\nURI\nQUERY\nCANONICAL_HEADERS\nSIGNED_HEADERS\nHASHED_PAYLOAD` (CANONICAL_HEADERS ends with its own `\n`). */
  readonly canonicalRequest: string;
  /** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
  readonly stringToSign: string;
  /** Lower-case hex HMAC-SHA256 of the string to sign, keyed with the AccessKeySecret. */
  readonly signature: string;
  /** Sorted lower-case header names joined with `;`. */
  readonly signedHeaders: string;
  /** The `Authorization` header value: `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b;c>,Signature=<hex>`. */
  readonly authorization: string;
}

/**
 * Signs a request with V3 (ACS3-HMAC-SHA256), the default of today's official SDKs.
 *
 * Follows the "V3 request structure and signature" page and `getAuthorization()` in `@alicloud/openapi-core` 1.0.8
 * `src/utils.ts`. Pure: the caller supplies `x-acs-date` and `x-acs-signature-nonce` among the headers.
 * @throws SigningInputError for an unpaired surrogate in the query, or a bad or duplicated header name.
 */
export function signV3(input: SignV3Input): SignV3Result {
  const { canonicalHeaders, signedHeaders } = canonicalizeHeaders(input.headers);
  const query = input.canonicalQuery ?? canonicalQueryString(input.query);
  const canonicalRequest = `${input.method}\n${input.pathname ?? "/"}\n${query}\n${canonicalHeaders}\n${signedHeaders}\n${input.hashedPayload}`;
  const stringToSign = stringToSignV3(canonicalRequest);
  const signature = hmacText("sha256", input.accessKeySecret, stringToSign, "hex");
  return {
    canonicalRequest,
    stringToSign,
    signature,
    signedHeaders,
    authorization: formatAuthorizationV3(input.accessKeyId, signedHeaders, signature),
  };
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request (the V3 StringToSign). */
function stringToSignV3(canonicalRequest: string): string {
  return `${ACS3_HMAC_SHA256}\n${sha256Hex(canonicalRequest)}`;
}

/**
 * The last step of {@link signV3} alone: the hex signature of a canonical request the caller built itself (the VPC client
 * writes its fixed header set straight into the canonical form; tests check that it equals `signV3`'s).
 * @param canonicalRequest exactly `SignV3Result.canonicalRequest` for the request sent.
 * @returns lower-case hex HMAC-SHA256 of `ACS3-HMAC-SHA256\n` + hex SHA-256(canonicalRequest), keyed with the secret.
 */
export function signCanonicalRequestV3(canonicalRequest: string, accessKeySecret: string): string {
  return hmacText("sha256", accessKeySecret, stringToSignV3(canonicalRequest), "hex");
}
