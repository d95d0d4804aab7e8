/**
 * Decoding of query strings and `application/x-www-form-urlencoded` bodies into flat parameter maps.
 * Never throws: malformed percent escapes are kept as they are (WHATWG URLSearchParams), as a lenient gateway would.
 */

/** Decodes `a=1&b=%20x` into `{ a: "1", b: " x" }`; `+` is a space; a repeated name keeps its last value. */
export function decodeForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    // defineProperty, not assignment: a parameter named "__proto__" must stay a plain parameter.
    if (name !== "") Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
