import { SigningInputError } from "./errors";

/** RFC 9110 token characters (lower case only, since names are lower-cased first). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/** Canonical headers of a V3 request and the `SignedHeaders` list that names them. */
export interface CanonicalHeaders {
  /** `name:value\n` for each header, names lower case and sorted, values trimmed; ends with `\n` unless empty. */
  readonly canonicalHeaders: string;
  /** The sorted lower-case names joined with `;`, e.g. `host;x-acs-action;x-acs-content-sha256`. */
  readonly signedHeaders: string;
}

/**
 * Canonicalizes the headers to sign for V3: every header given is signed (the caller chooses which: the VPC client passes
 * `host`, `content-type` when sent, and every `x-acs-*` header; a verifier passes those named in `SignedHeaders`).
 * Names are lower-cased and sorted by code unit, values trimmed (JavaScript `trim()`), as `getAuthorizationHeaders()` in
 * `@alicloud/openapi-core` `src/utils.ts` does.
 * @throws SigningInputError `invalid-header-name` for a name that is not an HTTP token, `duplicate-header` when two names
 *   are equal once lower-cased (the official SDK would join such values; here it is a caller bug).
 */
export function canonicalizeHeaders(headers: Readonly<Record<string, string>>): CanonicalHeaders {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const names: string[] = [];
  for (const rawName in headers) {
    if (!Object.prototype.hasOwnProperty.call(headers, rawName)) continue;
    const name = checkedName(rawName);
    if (values[name] !== undefined) {
      throw new SigningInputError("duplicate-header", `header ${JSON.stringify(name)} is given twice with different case`);
    }
    values[name] = headers[rawName]!.trim();
    names.push(name);
  }
  names.sort();
  let canonicalHeaders = "";
  for (const name of names) canonicalHeaders += `${name}:${values[name]}\n`;
  return { canonicalHeaders, signedHeaders: names.join(";") };
}

/**
 * Header names already found valid, lower-cased: the client signs the same few names on every request, so each is
 * checked once (bounded, for a verifier fed arbitrary names).
 */
const validNames = new Map<string, string>();
const MAX_VALID_NAMES = 256;

/** The lower-case form of a header name. @throws SigningInputError `invalid-header-name`. */
function checkedName(rawName: string): string {
  const known = validNames.get(rawName);
  if (known !== undefined) return known;
  const name = rawName.toLowerCase();
  if (!HEADER_NAME.test(name)) {
    throw new SigningInputError("invalid-header-name", `header name ${JSON.stringify(rawName)} is not an HTTP token`);
  }
  if (validNames.size >= MAX_VALID_NAMES) validNames.clear();
  validNames.set(rawName, name);
  return name;
}
