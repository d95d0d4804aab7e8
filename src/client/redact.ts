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

/** A hex digit in either case (`b` or `B`): escapes and percent-encodings come in both. */
function anyCaseHex(hex: string): string {
  return [...hex].map((digit) => (/[a-f]/i.test(digit) ? `[${digit.toLowerCase()}${digit.toUpperCase()}]` : digit)).join("");
}

/** HTML's named references for the characters a secret may hold besides letters and digits (HTML5 names included). */
const HTML_NAMES: Readonly<Record<string, readonly string[]>> = {
  "+": ["plus"],
  "/": ["sol"],
  "=": ["equals"],
  "&": ["amp"],
  '"': ["quot"],
  "'": ["apos"],
  "<": ["lt"],
  ">": ["gt"],
};

/**
 * One character of a secret as a pattern for every way an encoder may have written it: itself; a JSON `\uXXXX` escape
 * (of each UTF-16 unit, hex in either case: .NET's encoder writes `+` as `\u002B`); the short JSON escapes (`\/`, as PHP
 * writes `/`, `\"`, `\\`); its UTF-8 bytes percent-encoded once or twice, hex in either case; an HTML character
 * reference, decimal, hex or named (Go's html/template writes `+` as `&#43;`).
 */
function characterPattern(char: string): string {
  const forms = [char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")];
  forms.push([...Array(char.length).keys()].map((i) => `\\\\u${anyCaseHex(char.charCodeAt(i).toString(16).padStart(4, "0"))}`).join(""));
  if (char === "/" || char === '"' || char === "\\") forms.push(`\\\\\\${char}`);
  const bytes = [...Buffer.from(char, "utf8")].map((byte) => anyCaseHex(byte.toString(16).padStart(2, "0")));
  forms.push(bytes.map((byte) => `%${byte}`).join(""), bytes.map((byte) => `%25${byte}`).join(""));
  const code = char.codePointAt(0)!;
  forms.push(`&#0*${code};`, `&#[xX]0*${anyCaseHex(code.toString(16))};`, ...(HTML_NAMES[char] ?? []).map((name) => `&${name};`));
  return `(?:${forms.join("|")})`;
}

/**
 * A secret under any mix of the spellings {@link characterPattern} knows, letters and digits as they are: a page of a
 * proxy or gateway that echoes the request through a JSON or URL encoder writes the token's `+`, `/` and `=` its way.
 */
function flexiblePattern(secret: string): RegExp {
  return new RegExp([...secret].map((char) => (/[A-Za-z0-9]/.test(char) ? char : characterPattern(char))).join(""), "g");
}

/**
 * Replaces every occurrence of the given secrets (AccessKeySecret, security token, signatures) in `text` with `[REDACTED]`.
 * Needed because the service echoes its own string to sign in `SignatureDoesNotMatch` messages, and that string holds the
 * security token (V2 `SecurityToken` parameter, V3 `x-acs-security-token` header); and because an error page of
 * something in between may echo the request, encoded its own way.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const forms = secrets.flatMap((s) => (s ? spellings(s) : [])).sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join(REDACTED);
  for (const secret of secrets) if (secret && secret.length >= MIN_SECRET_LENGTH) out = out.replace(flexiblePattern(secret), REDACTED);
  return out;
}
