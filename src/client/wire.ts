import type { Credentials } from "./credentials";
import type { Endpoint } from "./endpoint";
import type { WireParams } from "./params";
import { canonicalQueryString, EMPTY_BODY_SHA256, formatAcsTimestamp, signV2, signV3 } from "./signing";
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

/**
 * V3 as `@alicloud/vpc20160428` 7.3.2 sends it (api NOTES.md, "What real clients send"): POST, every business parameter in
 * the query, empty body without content-type; signed headers host, x-acs-action, x-acs-version, x-acs-date,
 * x-acs-signature-nonce, x-acs-content-sha256 and, for STS, x-acs-security-token.
 */
function buildV3(input: WireInput): SignedRequest {
  const signedHeaders: Record<string, string> = {
    host: input.endpoint.host,
    "x-acs-action": input.action,
    "x-acs-version": input.version ?? VPC_API_VERSION,
    "x-acs-date": formatAcsTimestamp(input.date),
    "x-acs-signature-nonce": input.nonce,
    "x-acs-content-sha256": EMPTY_BODY_SHA256,
  };
  if (input.credentials.securityToken) signedHeaders["x-acs-security-token"] = input.credentials.securityToken;
  // Encoded once: the same text is signed and sent.
  const query = canonicalQueryString(input.params);
  const signed = signV3({
    method: "POST",
    query: input.params,
    canonicalQuery: query,
    headers: signedHeaders,
    hashedPayload: EMPTY_BODY_SHA256,
    accessKeyId: input.credentials.accessKeyId,
    accessKeySecret: input.credentials.accessKeySecret,
  });
  return {
    request: {
      origin: input.endpoint.origin,
      path: query ? `/?${query}` : "/",
      method: "POST",
      headers: { ...signedHeaders, authorization: signed.authorization, accept: "application/json", "user-agent": USER_AGENT },
    },
    signature: signed.signature,
  };
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
