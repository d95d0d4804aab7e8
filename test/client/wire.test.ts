/**
 * The V3 request the client builds writes its fixed header set straight into the canonical form (src/client/wire.ts):
 * it must sign exactly what `signV3` (the documented, vector-tested signer) signs for the headers actually sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalQueryString, EMPTY_BODY_SHA256, signV3 } from "../../src/client/signing";
import { buildSignedRequest } from "../../src/client/wire";

/** The sent headers as a map (the client passes undici a flat `[name, value, ...]` array). */
function headerMap(headers: Readonly<Record<string, string>> | readonly string[]): Record<string, string> {
  if (!Array.isArray(headers)) return { ...(headers as Record<string, string>) };
  const out: Record<string, string> = {};
  for (let i = 0; i < headers.length; i += 2) out[headers[i]!] = headers[i + 1]!;
  return out;
}

/** Printable ASCII, spaces at either end included (values are trimmed in the canonical form only). */
const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 20 });

describe("V3 wire request", () => {
  it("signs exactly as signV3 over the headers it sends, with and without an STS token", () => {
    fc.assert(
      fc.property(
        fc.record({
          action: fc.stringMatching(/^[A-Z][A-Za-z]{0,20}$/),
          version: fc.option(fc.constantFrom("2016-04-28", "2014-05-26"), { nil: undefined }),
          host: fc.constantFrom("vpc.cn-hangzhou.aliyuncs.com", "127.0.0.1:8080"),
          nonce: ascii,
          token: fc.option(ascii, { nil: undefined }),
          params: fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z0-9.]{0,10}$/), fc.string({ unit: "grapheme", maxLength: 8 }), { maxKeys: 4 }),
          secret: ascii,
          millis: fc.integer({ min: 0, max: 4_000_000_000_000 }),
        }),
        (v) => {
          const credentials = { accessKeyId: "id-1", accessKeySecret: v.secret, ...(v.token !== undefined ? { securityToken: v.token } : {}) };
          const built = buildSignedRequest({
            action: v.action,
            ...(v.version !== undefined ? { version: v.version } : {}),
            params: v.params,
            endpoint: { origin: `https://${v.host}`, host: v.host },
            credentials,
            date: new Date(v.millis),
            nonce: v.nonce,
            signatureVersion: "v3",
          });
          const sent = headerMap(built.request.headers);
          const signed: Record<string, string> = {};
          for (const [name, value] of Object.entries(sent)) if (name === "host" || name.startsWith("x-acs-")) signed[name] = value;
          const expected = signV3({ method: "POST", query: v.params, headers: signed, hashedPayload: EMPTY_BODY_SHA256, accessKeyId: "id-1", accessKeySecret: v.secret });
          expect(sent.authorization).toBe(expected.authorization);
          expect(built.signature).toBe(expected.signature);
          expect(sent["x-acs-security-token"]).toBe(v.token || undefined);
          expect(sent["x-acs-version"]).toBe(v.version ?? "2016-04-28");
          const query = canonicalQueryString(v.params);
          expect(built.request.path).toBe(query ? `/?${query}` : "/");
          expect(built.request.body).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });
});
