// Cross-checks against the official signing functions shipped in node_modules (devDependencies):
// `OpenApiUtil.getRPCSignature` / `getAuthorization` of @alicloud/openapi-core 1.0.8 (src/utils.ts, what
// @alicloud/vpc20160428 7.3.2 calls) and the same pair in @alicloud/openapi-util 0.3.3 (src/client.ts).
// @alicloud/pop-core does not export its signer; it is checked through a loopback server in official-clients.test.ts.
import { OpenApiUtil } from "@alicloud/openapi-core";
import OldOpenApiUtil from "@alicloud/openapi-util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EMPTY_BODY_SHA256, sha256Hex, signV2, signV3 } from "../../../src/client/signing";

const TRICKY_VALUES = [
  "a b",
  "*",
  "~",
  "\"double\" 'single'",
  "!()",
  "+&=%/?#",
  "流日志 描述",
  "😀🇨🇳",
  "",
  "tab\tnewline\n",
];

const common = {
  AccessKeyId: "testid",
  Action: "CreateFlowLog",
  Format: "JSON",
  SignatureMethod: "HMAC-SHA1",
  SignatureNonce: "0b7c5a2e-0d6f-4d7b-9a57-0d1c2b3a4f5e",
  SignatureVersion: "1.0",
  Timestamp: "2024-05-01T12:00:00Z",
  Version: "2016-04-28",
  RegionId: "cn-hangzhou",
};

function officialAuthorization(
  util: typeof OpenApiUtil | typeof OldOpenApiUtil,
  method: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  payload: string,
): string {
  // getAuthorization reads only method, pathname, query and headers of its tea Request.
  const request = { method, pathname: "/", query, headers } as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0];
  return util.getAuthorization(request, "ACS3-HMAC-SHA256", payload, "testid", "testsecret");
}

function v3Headers(nonce: string): Record<string, string> {
  return {
    host: "vpc.cn-hangzhou.aliyuncs.com",
    "x-acs-action": "CreateFlowLog",
    "x-acs-version": "2016-04-28",
    "x-acs-date": "2024-05-01T12:00:00Z",
    "x-acs-signature-nonce": nonce,
    "x-acs-content-sha256": EMPTY_BODY_SHA256,
  };
}

describe("V2 equals OpenApiUtil.getRPCSignature", () => {
  it.each(TRICKY_VALUES)("with Description %j", (value) => {
    const params = { ...common, Description: value, FlowLogName: value, "Tag.1.Key": "k", "Tag.1.Value": value };
    for (const method of ["GET", "POST"]) {
      const ours = signV2({ method, params, accessKeySecret: "testsecret" });
      expect(ours).toBe(OpenApiUtil.getRPCSignature(params, method, "testsecret"));
      expect(ours).toBe(OldOpenApiUtil.getRPCSignature(params, method, "testsecret"));
    }
  });

  it("for arbitrary Unicode names and values", () => {
    // No "__proto__" name: the official signer builds its map with `obj[key] = value`, which for that key sets a prototype
    // instead of a parameter (no API parameter has that name; fast-check generates it now and then).
    const name = fc.string({ unit: "binary", minLength: 1 }).filter((key) => key !== "__proto__");
    const params = fc.dictionary(name, fc.string({ unit: "grapheme" }), { maxKeys: 8 });
    fc.assert(
      fc.property(params, fc.string({ unit: "binary" }), (extra, secret) => {
        const all = { ...common, ...extra };
        expect(signV2({ method: "POST", params: all, accessKeySecret: secret })).toBe(
          OpenApiUtil.getRPCSignature(all, "POST", secret),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe("V3 equals OpenApiUtil.getAuthorization", () => {
  it.each(TRICKY_VALUES)("with Description %j", (value) => {
    const query = { RegionId: "cn-hangzhou", Description: value, FlowLogName: value, "Tag.1.Value": value };
    const headers = v3Headers("3156853299f313e23d1673dc12e1703d");
    const ours = signV3({ method: "POST", query, headers, hashedPayload: EMPTY_BODY_SHA256, accessKeyId: "testid", accessKeySecret: "testsecret" });
    expect(ours.authorization).toBe(officialAuthorization(OpenApiUtil, "POST", query, headers, EMPTY_BODY_SHA256));
    expect(ours.authorization).toBe(officialAuthorization(OldOpenApiUtil, "POST", query, headers, EMPTY_BODY_SHA256));
  });

  it("with a form body and content-type signed", () => {
    const body = "Description=%E6%B5%81%20%2A&RegionId=cn-hangzhou";
    const headers = { ...v3Headers("n1"), "content-type": "application/x-www-form-urlencoded", "x-acs-content-sha256": sha256Hex(body) };
    const ours = signV3({ method: "POST", query: {}, headers, hashedPayload: sha256Hex(body), accessKeyId: "testid", accessKeySecret: "testsecret" });
    expect(ours.authorization).toBe(officialAuthorization(OpenApiUtil, "POST", {}, headers, sha256Hex(body)));
  });

  it("for arbitrary values under unreserved names (openapi-core leaves V3 names unencoded; see canonical-query.ts)", () => {
    const name = fc.string({ unit: fc.constantFrom(..."AZaz09-_.~".split("")), minLength: 1, maxLength: 12 });
    const query = fc.dictionary(name, fc.string({ unit: "grapheme" }), { maxKeys: 8 });
    fc.assert(
      fc.property(query, fc.string({ unit: "grapheme-ascii" }), (q, nonce) => {
        const headers = v3Headers(nonce);
        const ours = signV3({ method: "GET", query: q, headers, hashedPayload: EMPTY_BODY_SHA256, accessKeyId: "testid", accessKeySecret: "testsecret" });
        expect(ours.authorization).toBe(officialAuthorization(OpenApiUtil, "GET", q, headers, EMPTY_BODY_SHA256));
      }),
      { numRuns: 200 },
    );
  });

  it("hashes payloads as OpenApiUtil.hash does", () => {
    for (const body of ["", "RegionId=cn-hangzhou", "流日志😀"]) {
      expect(sha256Hex(body)).toBe(OpenApiUtil.hash(Buffer.from(body, "utf8"), "ACS3-HMAC-SHA256").toString("hex"));
    }
  });
});
