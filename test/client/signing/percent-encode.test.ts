import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SigningInputError, percentEncode } from "../../../src/client/signing";

/** Independent definition from the V2/V3 signing pages: UTF-8 bytes, unreserved bytes kept, the rest %XX upper case. */
function referenceEncode(value: string): string {
  const unreserved = /[A-Za-z0-9\-_.~]/;
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && unreserved.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

describe("percentEncode", () => {
  it.each([
    ["", ""],
    ["AZaz09-_.~", "AZaz09-_.~"],
    [" ", "%20"],
    ["*", "%2A"],
    ["!'()", "%21%27%28%29"],
    ['"', "%22"],
    ["+", "%2B"],
    ["/", "%2F"],
    [":", "%3A"],
    ["=&", "%3D%26"],
    ["%", "%25"],
    ["流日志", "%E6%B5%81%E6%97%A5%E5%BF%97"],
    ["😀", "%F0%9F%98%80"],
    ["\u0000\n", "%00%0A"],
  ])("encodes %j as %j", (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it("equals the byte-by-byte UTF-8 definition for arbitrary Unicode strings", () => {
    const unicode = fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.string({ unit: "binary-ascii" }));
    fc.assert(
      fc.property(unicode, (value) => {
        expect(percentEncode(value)).toBe(referenceEncode(value));
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips through decodeURIComponent for well-formed strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), fc.string({ unit: "binary" }), (a, b) => {
        expect(decodeURIComponent(percentEncode(a))).toBe(a);
        expect(decodeURIComponent(percentEncode(b))).toBe(b);
      }),
      { numRuns: 300 },
    );
  });

  it("emits only unreserved characters and %XX escapes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (value) => {
        expect(percentEncode(value)).toMatch(/^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/);
      }),
    );
  });

  it.each([["\uD800"], ["a\uDC00b"], ["\uDBFF\uDBFF\uDC00"]])("refuses the lone surrogate in %j without quoting it", (value) => {
    let caught: unknown;
    try {
      percentEncode(value);
    } catch (error) {
      caught = error;
    }
    expect(SigningInputError.isInstance(caught)).toBe(true);
    expect(caught).toBeInstanceOf(TypeError);
    expect(caught).toMatchObject({ reason: "lone-surrogate", code: "ERR_ALICLOUD_SIGNING_INPUT" });
    expect((caught as Error).message).toMatch(/index \d+/);
  });

  it("isInstance is false for ordinary errors and non-errors", () => {
    expect(SigningInputError.isInstance(new TypeError("x"))).toBe(false);
    expect(SigningInputError.isInstance(undefined)).toBe(false);
    expect(SigningInputError.isInstance({ code: "ERR_ALICLOUD_SIGNING_INPUT" })).toBe(false);
  });
});
