import type { Credentials } from "./credentials";
import type { Endpoint } from "./endpoint";
import type { WireParams } from "./params";
import { canonicalQueryString, EMPTY_BODY_SHA256, formatAcsTimestamp, formatAuthorizationV3, signCanonicalRequestV3, signV2 } from "./signing";
import type { HttpRequest } from "./transport";

/** VPC API version (all actions of this package). */
export const VPC_API_VERSION = "2016-04-28";
/** Sent unsigned; tells Alibaba Cloud's logs which client called. */
export const USER_AGENT = "pulumi-alicloud-flowlog (undici)";

/** `v3`: ACS3-HMAC-SHA256 in headers (the official SDK's default); `v2`: HMAC-SHA1 `Signature` parameter in a form body. */
export type SignatureVersion = "v3" | "v2";

/** Everything one attempt is signed from; `date` and `nonce` are fresh for every attempt. */
export interface WireInput {
  readonly action: string;
  readonly version?: string;
  readonly params: Readonly<WireParams>;
  readonly endpoint: Endpoint;
  readonly credentials: Credentials;
  readonly date: Date;
  readonly nonce: string;
  readonly signatureVersion: SignatureVersion;
}

/** A signed request, and the values that must never appear in an error or log (the signature). */
export interface SignedRequest {
  readonly request: Omit<HttpRequest, "signal">;
  readonly signature: string;
}

/** Builds and signs one attempt's request in the chosen signature version. Pure. */
export function buildSignedRequest(input: WireInput): SignedRequest {
  return input.signatureVersion === "v2" ? buildV2(input) : buildV3(input);
}

/** `SignedHeaders` of a V3 request: the fixed set the client signs, sorted, without and with an STS token. */
const SIGNED_HEADERS = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
const SIGNED_HEADERS_STS = "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version";

/**
 * V3 as `@alicloud/vpc20160428` 7.3.2 sends it (api NOTES.md, "What real clients send"): POST, every business parameter in
 * the query, empty body without content-type; signed headers host, x-acs-action, x-acs-version, x-acs-date,
 * x-acs-signature-nonce, x-acs-content-sha256 and, for STS, x-acs-security-token.
 *
 * The header set is fixed, so its canonical form (names sorted, values trimmed, as `signV3` makes it) is written directly
 * rather than rebuilt from a map every attempt; test/client/wire.test.ts checks it signs exactly like `signV3`. The headers
 * go to undici as a flat `[name, value, ...]` array.
 */
function buildV3(input: WireInput): SignedRequest {
  const { credentials, endpoint, action, nonce } = input;
  const version = input.version ?? VPC_API_VERSION;
  const date = formatAcsTimestamp(input.date);
  const token = credentials.securityToken || undefined;
  // Encoded once: the same text is signed and sent.
  const query = canonicalQueryString(input.params);
  const canonicalRequest =
    `POST\n/\n${query}\nhost:${endpoint.host.trim()}\nx-acs-action:${action.trim()}\nx-acs-content-sha256:${EMPTY_BODY_SHA256}\n` +
    `x-acs-date:${date}\n${token === undefined ? "" : `x-acs-security-token:${token.trim()}\n`}x-acs-signature-nonce:${nonce.trim()}\n` +
    `x-acs-version:${version.trim()}\n\n${token === undefined ? SIGNED_HEADERS : SIGNED_HEADERS_STS}\n${EMPTY_BODY_SHA256}`;
  const signature = signCanonicalRequestV3(canonicalRequest, credentials.accessKeySecret);
  const authorization = formatAuthorizationV3(credentials.accessKeyId, token === undefined ? SIGNED_HEADERS : SIGNED_HEADERS_STS, signature);
  const headers = [
    "host", endpoint.host,
    "x-acs-action", action,
    "x-acs-version", version,
    "x-acs-date", date,
    "x-acs-signature-nonce", nonce,
    "x-acs-content-sha256", EMPTY_BODY_SHA256,
    "authorization", authorization,
    "accept", "application/json",
    "user-agent", USER_AGENT,
  ];
  if (token !== undefined) headers.push("x-acs-security-token", token);
  return { request: { origin: endpoint.origin, path: query ? `/?${query}` : "/", method: "POST", headers }, signature };
}

/**
 * V2 (HMAC-SHA1, SignatureVersion 1.0): POST with every parameter, common ones and `Signature` included, in an
 * `application/x-www-form-urlencoded` body, as `@alicloud/pop-core` does with `{method: "POST"}`; `Format=JSON`.
 */
function buildV2(input: WireInput): SignedRequest {
  const params: Record<string, string> = {
    ...input.params,
    Action: input.action,
    Version: input.version ?? VPC_API_VERSION,
    Format: "JSON",
    AccessKeyId: input.credentials.accessKeyId,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: input.nonce,
    Timestamp: formatAcsTimestamp(input.date),
  };
  if (input.credentials.securityToken) params.SecurityToken = input.credentials.securityToken;
  const signature = signV2({ method: "POST", params, accessKeySecret: input.credentials.accessKeySecret });
  return {
    request: {
      origin: input.endpoint.origin,
      path: "/",
      method: "POST",
      headers: {
        host: input.endpoint.host,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        "user-agent": USER_AGENT,
      },
      body: canonicalQueryString({ ...params, Signature: signature }),
    },
    signature,
  };
}
