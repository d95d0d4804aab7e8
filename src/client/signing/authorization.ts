/** The only V3 algorithm this package signs and verifies. */
export const ACS3_HMAC_SHA256 = "ACS3-HMAC-SHA256";

/** The parts of a V3 `Authorization` header. */
export interface Acs3Authorization {
  /** Always {@link ACS3_HMAC_SHA256} for a header this package produces. */
  readonly algorithm: string;
  /** The AccessKeyId from `Credential=`. */
  readonly accessKeyId: string;
  /** Lower-case header names from `SignedHeaders=`, in the order given. */
  readonly signedHeaders: readonly string[];
  /** The hex signature. Treat as secret-adjacent: never log it. */
  readonly signature: string;
}

/**
 * Formats `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b;c>,Signature=<hex>`, exactly as
 * `getAuthorization()` in `@alicloud/openapi-core` `src/utils.ts` does (no spaces after the commas).
 */
export function formatAuthorizationV3(accessKeyId: string, signedHeaders: string, signature: string): string {
  return `${ACS3_HMAC_SHA256} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

const AUTHORIZATION = /^(\S+) Credential=([^,]*),\s*SignedHeaders=([^,]*),\s*Signature=([^,\s]*)$/;

/**
 * Parses a V3 `Authorization` header (for a verifier such as the emulator). Spaces after the commas are tolerated.
 * @returns the parts, or `undefined` when the header does not have the V3 shape (the algorithm is not checked here).
 */
export function parseAuthorizationV3(header: string): Acs3Authorization | undefined {
  const match = AUTHORIZATION.exec(header.trim());
  if (match === null) return undefined;
  const [, algorithm = "", accessKeyId = "", signedHeaders = "", signature = ""] = match;
  return {
    algorithm,
    accessKeyId,
    signedHeaders: signedHeaders === "" ? [] : signedHeaders.split(";"),
    signature,
  };
}
