/**
 * The gateway's checks, in order: the request names an action and version this service has, then its signature
 * (V3 header or V2 parameter), clock and nonce. Only a request that passes all of them reaches faults and the model.
 */
import { protocolErrors } from "./errors";
import { KeyRing } from "./keys";
import { NonceCache } from "./nonce-cache";
import type { ParsedRequest } from "./request";
import { verifyV2, type VerifiedSignature } from "./v2";
import { verifyV3 } from "./v3";

/** The API version the emulator serves. */
export const API_VERSION = "2016-04-28";

/** What a request targets once checked. */
export interface RequestTarget {
  readonly action: string;
  readonly version: string;
}

/**
 * @throws ProtocolError MissingParameter (no Action or Version), InvalidVersion, InvalidAction.NotFound
 */
export function checkTarget(request: ParsedRequest, actions: readonly string[], version: string = API_VERSION): RequestTarget {
  if (request.action === undefined) throw protocolErrors.missingParameter("Action");
  if (request.version === undefined) throw protocolErrors.missingParameter("Version");
  if (request.version !== version) throw protocolErrors.invalidVersion();
  if (!actions.includes(request.action)) throw protocolErrors.invalidAction();
  return { action: request.action, version: request.version };
}

/** The state authentication needs. */
export interface AuthenticationContext {
  readonly keys: KeyRing;
  readonly nonces: NonceCache;
  /** The server's time, ms since the epoch. */
  readonly nowMs: number;
}

/** Who signed the request, and how. */
export interface Authenticated {
  readonly accessKeyId: string;
  readonly scheme: "v2" | "v3";
}

/**
 * Verifies the signature and records the nonce (only after the signature matched, so a forged request cannot burn a
 * legitimate client's nonce).
 * @throws ProtocolError every code of verifyV2 / verifyV3, MissingParameter for an unsigned request, SignatureNonceUsed
 */
export function authenticate(request: ParsedRequest, context: AuthenticationContext): Authenticated {
  let verified: VerifiedSignature;
  if (request.scheme === "v3") verified = verifyV3(request, context.keys, context.nowMs);
  else if (request.scheme === "v2") verified = verifyV2(request, context.keys, context.nowMs);
  else throw protocolErrors.missingParameter(request.params.AccessKeyId === undefined ? "AccessKeyId" : "Signature");
  if (!context.nonces.remember(verified.accessKeyId, verified.nonce, context.nowMs, verified.timeMs)) {
    throw protocolErrors.nonceUsed();
  }
  return { accessKeyId: verified.accessKeyId, scheme: request.scheme };
}
