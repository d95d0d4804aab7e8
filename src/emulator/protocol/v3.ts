/**
 * Verification of V3 signatures (ACS3-HMAC-SHA256, https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature):
 * the canonical request is rebuilt from the headers the request names in `SignedHeaders`, the query decoded and
 * re-encoded (the official SDK leaves `*` raw in its URL but signs `%2A`), and `x-acs-content-sha256`, which must be
 * the hash of the body actually received.
 */
import { percentEncode, sha256Hex, signCanonicalRequestV3, signV3, SigningInputError, type SignV3Result } from "../../client/signing";
import { protocolErrors } from "./errors";
import { KeyRing, sameText } from "./keys";
import { clientRecord } from "./records";
import type { ParsedRequest } from "./request";
import { checkTimestamp } from "./timestamp";
import type { VerifiedSignature } from "./v2";

/** The parts of `Authorization: ACS3-HMAC-SHA256 Credential=..,SignedHeaders=a;b,Signature=..`. */
export interface AcsAuthorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const ALGORITHM = "ACS3-HMAC-SHA256";
/**
 * Headers the request must sign when it sends them: `host`, `content-type` and every `x-acs-*` header (NOTES.md:
 * "CanonicalHeaders are ... for host, content-type and every x-acs-* header"; the official clients sign exactly those,
 * test/emulator/official-clients). An unsigned content-type could be changed on the way to make a form body's parameters
 * go unread (the body's hash still matching).
 */
const mustSign = (name: string): boolean => name === "host" || name === "content-type" || name.startsWith("x-acs-");

/**
 * Parses the Authorization header.
 * @throws ProtocolError IncompleteSignature when a part is missing
 */
export function parseAcsAuthorization(header: string): AcsAuthorization {
  const match = /^\s*(\S+)\s+(.*)$/s.exec(header);
  if (match === null) throw protocolErrors.incompleteSignature("The Authorization header is malformed.");
  const parts = new Map<string, string>();
  for (const piece of match[2]!.split(",")) {
    const at = piece.indexOf("=");
    if (at > 0) parts.set(piece.slice(0, at).trim(), piece.slice(at + 1).trim());
  }
  const accessKeyId = parts.get("Credential");
  const signedHeaders = parts.get("SignedHeaders");
  const signature = parts.get("Signature");
  if (!accessKeyId || !signedHeaders || !signature) {
    throw protocolErrors.incompleteSignature("The Authorization header needs Credential, SignedHeaders and Signature.");
  }
  return {
    algorithm: match[1]!,
    accessKeyId,
    signedHeaders: signedHeaders.split(";").map((name) => name.trim().toLowerCase()).filter((name) => name !== ""),
    signature,
  };
}

/**
 * Checks a V3-signed request (does not record its nonce).
 * @throws ProtocolError IncompleteSignature (also for a missing or non-ACS3 Authorization), InvalidSignatureMethod, MissingParameter, InvalidAccessKeyId.NotFound,
 *   MissingSecurityToken / InvalidSecurityToken.*, InvalidTimeStamp.*, SignatureDoesNotMatch
 */
export function verifyV3(request: ParsedRequest, keys: KeyRing, nowMs: number): VerifiedSignature {
  const headers = request.headers;
  if (headers.authorization === undefined) throw protocolErrors.incompleteSignature("The Authorization header is missing.");
  const auth = parseAcsAuthorization(headers.authorization);
  if (auth.algorithm !== ALGORITHM) throw protocolErrors.invalidSignatureMethod();
  for (const name of ["x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"]) {
    if (!headers[name]) throw protocolErrors.missingParameter(name);
  }
  checkSignedHeaders(headers, auth.signedHeaders);
  const accessKeySecret = keys.resolve(auth.accessKeyId, headers["x-acs-security-token"]);
  const timeMs = checkTimestamp(headers["x-acs-date"]!, nowMs);
  const hashedPayload = headers["x-acs-content-sha256"]!.toLowerCase();
  if (sha256Hex(request.body) !== hashedPayload) throw protocolErrors.contentHashMismatch();
  const signedHeaders = clientRecord();
  for (const name of auth.signedHeaders) signedHeaders[name] = headers[name]!.trim();
  const expected = expectedSignature({
    method: request.method,
    pathname: request.pathname,
    query: request.query,
    headers: signedHeaders,
    hashedPayload,
    accessKeyId: auth.accessKeyId,
    accessKeySecret,
  });
  if (!sameText(expected.signature, auth.signature.toLowerCase()) && !matchesOfficialSdkForm(expected, request.query, auth.signature, accessKeySecret)) {
    throw protocolErrors.signatureMismatch(expected.stringToSign);
  }
  return { accessKeyId: auth.accessKeyId, nonce: headers["x-acs-signature-nonce"]!, timeMs };
}

/**
 * SignedHeaders must name every header of mustSign the request carries, and only headers it carries: a name it does not
 * carry (`constructor`, a typo) is a malformed signature, answered before any key is looked up.
 * @param headers the request's headers (no prototype, see records.ts)
 * @throws ProtocolError IncompleteSignature
 */
function checkSignedHeaders(headers: Readonly<Record<string, string>>, signed: readonly string[]): void {
  const unsigned = Object.keys(headers).filter((name) => mustSign(name) && !signed.includes(name));
  if (unsigned.length > 0) throw protocolErrors.incompleteSignature(`These headers must be signed: ${unsigned.join(", ")}.`);
  if (signed.some((name) => headers[name] === undefined)) {
    throw protocolErrors.incompleteSignature("SignedHeaders names a header the request does not carry.");
  }
}

/**
 * `@alicloud/openapi-core` 1.0.8 (`getAuthorizationQueryString`, the official TypeScript SDK's V3) signs parameter names
 * unencoded and values encoded, where the V3 page encodes both. The two differ only for a name outside
 * `A-Z a-z 0-9 - _ . ~`, which no VPC API parameter has; the emulator accepts either, as the service accepts the SDK's.
 */
function matchesOfficialSdkForm(documented: SignV3Result, query: Readonly<Record<string, string>>, signature: string, accessKeySecret: string): boolean {
  const names = Object.keys(query);
  if (names.every((name) => percentEncode(name) === name)) return false;
  // Unencoded, a name holding `=` or `&` could stand for several signed pairs (and `%` for an encoded one): a request
  // with parameters regrouped after signing would pass. The SDK form is tried only where it is unambiguous.
  if (names.some((name) => /[=&%]/.test(name))) return false;
  const canonicalQuery = names
    .sort()
    .map((name) => `${name}=${percentEncode(query[name] ?? "")}`)
    .join("&");
  const [method, pathname, , ...rest] = documented.canonicalRequest.split("\n");
  const canonicalRequest = [method, pathname, canonicalQuery, ...rest].join("\n");
  return sameText(signCanonicalRequestV3(canonicalRequest, accessKeySecret), signature.toLowerCase());
}

/** signV3, with input it cannot sign (a SignedHeaders entry that is no header name) answered as the client's fault. */
function expectedSignature(input: Parameters<typeof signV3>[0]): SignV3Result {
  try {
    return signV3(input);
  } catch (error) {
    if (SigningInputError.isInstance(error)) throw protocolErrors.incompleteSignature("SignedHeaders names an invalid header.");
    throw error;
  }
}
