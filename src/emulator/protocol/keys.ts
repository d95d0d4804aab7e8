/**
 * The access keys the emulator accepts: long-term pairs, and STS credentials that also need their security token.
 */
import { timingSafeEqual } from "node:crypto";
import { protocolErrors } from "./errors";

/** A long-term AccessKey pair. */
export interface AccessKeyPair {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** STS credentials: the request must carry `securityToken` (V2 `SecurityToken`, V3 `x-acs-security-token`). */
export interface StsCredentials extends AccessKeyPair {
  readonly securityToken: string;
}

/** Finds the secret for an AccessKeyId and checks the security token of STS keys. */
export class KeyRing {
  private readonly longTerm = new Map<string, string>();
  private readonly sts = new Map<string, StsCredentials>();
  private readonly tokens = new Set<string>();

  /** @throws TypeError for an empty AccessKeyId, secret or token (no client could sign with it). */
  constructor(accessKeys: readonly AccessKeyPair[], stsTokens: readonly StsCredentials[] = []) {
    for (const key of [...accessKeys, ...stsTokens]) {
      if (!key.accessKeyId || !key.accessKeySecret) throw new TypeError("emulator access keys need a non-empty AccessKeyId and AccessKeySecret");
    }
    for (const key of accessKeys) this.longTerm.set(key.accessKeyId, key.accessKeySecret);
    for (const sts of stsTokens) {
      if (!sts.securityToken) throw new TypeError(`the emulator's STS key ${sts.accessKeyId} needs a non-empty security token`);
      this.sts.set(sts.accessKeyId, sts);
      this.tokens.add(sts.securityToken);
    }
  }

  /**
   * @returns the AccessKeySecret to verify the signature with
   * @throws ProtocolError InvalidAccessKeyId.NotFound (unknown id), MissingSecurityToken (STS key without token),
   *   InvalidSecurityToken.MismatchWithAccessKey (a token of another STS key), InvalidSecurityToken.Malformed (unknown token)
   */
  resolve(accessKeyId: string, securityToken: string | undefined): string {
    const secret = this.longTerm.get(accessKeyId);
    if (secret !== undefined) return secret;
    const sts = this.sts.get(accessKeyId);
    if (sts === undefined) throw protocolErrors.accessKeyNotFound();
    if (securityToken === undefined || securityToken === "") throw protocolErrors.missingSecurityToken();
    if (!sameText(securityToken, sts.securityToken)) {
      throw this.tokens.has(securityToken) ? protocolErrors.securityTokenMismatch() : protocolErrors.securityTokenMalformed();
    }
    return sts.accessKeySecret;
  }
}

/** Constant-time comparison of two strings (signatures, tokens). */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
