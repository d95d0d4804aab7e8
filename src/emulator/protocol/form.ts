import { clientRecord } from "./records";

/**
 * Decoding of query strings and `application/x-www-form-urlencoded` bodies into flat parameter maps.
 * Never throws: malformed percent escapes are kept as they are (WHATWG URLSearchParams), as a lenient gateway would.
 */

/** Decodes `a=1&b=%20x` into `{ a: "1", b: " x" }`; `+` is a space; a repeated name keeps its last value. */
export function decodeForm(text: string): Record<string, string> {
  // No prototype: a parameter named "__proto__" stays a plain parameter, and "constructor" is absent unless sent.
  const out = clientRecord();
  for (const [name, value] of new URLSearchParams(text)) {
    if (name !== "") out[name] = value;
  }
  return out;
}
