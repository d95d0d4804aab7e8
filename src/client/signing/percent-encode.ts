import { SigningInputError } from "./errors";

/** Strings made only of RFC 3986 unreserved characters encode to themselves: most parameter names and values. */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/** The sub-delimiters `encodeURIComponent` leaves alone but RFC 3986 (and Alibaba Cloud) require encoded. */
const LEFT_BY_ENCODE_URI_COMPONENT = /[!'()*]/g;

function hexEscape(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * Percent-encodes a string the way Alibaba Cloud's V2 and V3 signatures require (RFC 3986, UTF-8).
 *
 * The UTF-8 bytes of `value` are written out one by one: the unreserved characters `A-Z a-z 0-9 - _ . ~` stay as they are,
 * every other byte becomes `%XX` with upper-case hex. So space is `%20` (never `+`), `*` is `%2A`, and `! ' ( )` are
 * `%21 %27 %28 %29`, unlike `encodeURIComponent`.
 *
 * Follows the "Signatures" section of the V2 and V3 request-signing pages, and matches `encode()` in
 * `@alicloud/openapi-core` `src/utils.ts` and `@alicloud/pop-core` `lib/rpc.js` (encodeURIComponent, then `!'()*`).
 *
 * @param value any well-formed string; the empty string gives the empty string.
 * @returns the encoded string (ASCII only).
 * @throws SigningInputError (reason `lone-surrogate`) when `value` holds an unpaired UTF-16 surrogate. It is refused
 *   rather than replaced by U+FFFD as `TextEncoder` would, because the signature would then cover text other than what
 *   the caller gave, and the official SDKs refuse it too (`encodeURIComponent` throws `URIError`).
 */
export function percentEncode(value: string): string {
  if (UNRESERVED_ONLY.test(value)) {
    return value;
  }
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    throw new SigningInputError(
      "lone-surrogate",
      `cannot percent-encode a string with an unpaired UTF-16 surrogate at index ${loneSurrogateIndex(value)}`,
    );
  }
  return encoded.replace(LEFT_BY_ENCODE_URI_COMPONENT, hexEscape);
}

/** Index of the first unpaired surrogate, for the error message (which must not quote the value itself). */
function loneSurrogateIndex(value: string): number {
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i += 1;
        continue;
      }
      return i;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      return i;
    }
  }
  return -1;
}
