/**
 * Verification of V2 signatures (HMAC-SHA1, SignatureVersion 1.0): every parameter of the query and the form body but
 * `Signature`, sorted and percent-encoded; StringToSign = `METHOD&%2F&` + encode(canonical query)
 * (https://help.aliyun.com/document_detail/315526.html, /work/shared/api/NOTES.md "Signatures").
 */
import { signV2, stringToSignV2 } from "../../client/signing";
import { protocolErrors } from "./errors";
import { KeyRing, sameText } from "./keys";
import type { ParsedRequest } from "./request";
import { checkTimestamp } from "./timestamp";

/** What a verified request proved. */
export interface VerifiedSignature {
  readonly accessKeyId: string;
  readonly nonce: string;
  /** The request's own timestamp, ms since the epoch. */
  readonly timeMs: number;
}

const REQUIRED = ["AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp"] as const;

/**
 * Checks a V2-signed request (does not record its nonce).
 * @throws ProtocolError MissingParameter, InvalidSignatureMethod, IncompleteSignature, InvalidAccessKeyId.NotFound,
 *   MissingSecurityToken / InvalidSecurityToken.*, InvalidTimeStamp.Format / .Expired, SignatureDoesNotMatch
 */
export function verifyV2(request: ParsedRequest, keys: KeyRing, nowMs: number): VerifiedSignature {
  const params = request.params;
  for (const name of REQUIRED) {
    if (params[name] === undefined || params[name] === "") throw protocolErrors.missingParameter(name);
  }
  if (params.SignatureMethod !== "HMAC-SHA1") throw protocolErrors.invalidSignatureMethod();
  if (params.SignatureVersion !== "1.0") throw protocolErrors.incompleteSignature("SignatureVersion must be 1.0.");
  const accessKeyId = params.AccessKeyId!;
  const accessKeySecret = keys.resolve(accessKeyId, params.SecurityToken);
  const timeMs = checkTimestamp(params.Timestamp!, nowMs);
  const signed: Record<string, string> = { ...params };
  delete signed.Signature;
  const expected = signV2({ method: request.method, params: signed, accessKeySecret });
  if (!sameText(expected, params.Signature ?? "")) throw protocolErrors.signatureMismatch(echoedStringToSign(request.method, signed));
  return { accessKeyId, nonce: params.SignatureNonce!, timeMs };
}

/** The service echoes its StringToSign; a security token in it is a secret, so it is masked. */
function echoedStringToSign(method: string, signed: Readonly<Record<string, string>>): string {
  return stringToSignV2(method, signed.SecurityToken === undefined ? signed : { ...signed, SecurityToken: "<hidden>" });
}
