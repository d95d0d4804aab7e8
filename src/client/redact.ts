import { percentEncode } from "./signing";

/** What replaces a secret in any text the client passes on. */
export const REDACTED = "[REDACTED]";

/** Shortest value worth redacting: shorter ones would erase ordinary words and are not real secrets anyway. */
const MIN_SECRET_LENGTH = 4;

/**
 * Every spelling under which a secret may come back in a server's text: raw, RFC 3986-encoded once (a V2 string to sign
 * shows parameters encoded), twice (the V2 string to sign encodes the canonical query again) and by `encodeURIComponent`.
 */
function spellings(secret: string): string[] {
  const once = safeEncode(secret);
  const forms = [secret, once, once === undefined ? undefined : safeEncode(once), safeUriComponent(secret)];
  return [...new Set(forms.filter((f): f is string => f !== undefined && f.length >= MIN_SECRET_LENGTH))];
}

function safeEncode(value: string): string | undefined {
  try {
    return percentEncode(value);
  } catch {
    return undefined;
  }
}

function safeUriComponent(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * Replaces every occurrence of the given secrets (AccessKeySecret, security token, signatures) in `text` with `[REDACTED]`.
 * Needed because the service echoes its own string to sign in `SignatureDoesNotMatch` messages, and that string holds the
 * security token (V2 `SecurityToken` parameter, V3 `x-acs-security-token` header).
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const forms = secrets.flatMap((s) => (s ? spellings(s) : [])).sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join(REDACTED);
  return out;
}
