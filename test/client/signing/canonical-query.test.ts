import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalQueryString, percentEncode } from "../../../src/client/signing";

describe("canonicalQueryString", () => {
  it("sorts by name, encodes names and values, and writes empty values as k=", () => {
    expect(canonicalQueryString({ b: "2", a: "x y", Empty: "", "Tag.1.Key": "k*" })).toBe(
      "Empty=&Tag.1.Key=k%2A&a=x%20y&b=2",
    );
    expect(canonicalQueryString({})).toBe("");
  });

  it("sorts upper case before lower case and shorter prefixes first, as JavaScript's default sort does", () => {
    expect(canonicalQueryString({ a: "1", B: "2", Tag: "3", "Tag.1": "4", TagKey: "5" })).toBe(
      "B=2&Tag=3&Tag.1=4&TagKey=5&a=1",
    );
  });

  it("orders names like Object.keys(params).sort(), the official SDKs' normalize()", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), (params) => {
        const expected = Object.keys(params)
          .sort()
          .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? "")}`)
          .join("&");
        expect(canonicalQueryString(params)).toBe(expected);
      }),
    );
  });

  it("does not depend on the order parameters were added in", () => {
    const entries = fc.uniqueArray(fc.tuple(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" })), {
      selector: ([name]) => name,
      maxLength: 20,
    });
    fc.assert(
      fc.property(entries, fc.infiniteStream(fc.nat()), (pairs, randoms) => {
        const shuffled = [...pairs];
        for (let i = shuffled.length - 1; i > 0; i -= 1) {
          const j = randoms.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j] as [string, string], shuffled[i] as [string, string]];
        }
        expect(canonicalQueryString(Object.fromEntries(shuffled))).toBe(canonicalQueryString(Object.fromEntries(pairs)));
      }),
    );
  });
});
