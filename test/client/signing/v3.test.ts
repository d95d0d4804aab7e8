import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  EMPTY_BODY_SHA256,
  canonicalQueryString,
  SigningInputError,
  parseAuthorizationV3,
  sha256Hex,
  signV3,
  type SignV3Input,
} from "../../../src/client/signing";

// The documented V3 example quoted in /work/shared/api/NOTES.md (RunInstances on ecs.cn-shanghai, empty body).
const documented: SignV3Input = {
  method: "POST",
  query: { ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", RegionId: "cn-shanghai" },
  headers: {
    host: "ecs.cn-shanghai.aliyuncs.com",
    "x-acs-action": "RunInstances",
    "x-acs-version": "2014-05-26",
    "x-acs-date": "2023-10-26T10:22:32Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-content-sha256": EMPTY_BODY_SHA256,
  },
  hashedPayload: EMPTY_BODY_SHA256,
  accessKeyId: "YourAccessKeyId",
  accessKeySecret: "YourAccessKeySecret",
};

describe("signV3: documented example", () => {
  const result = signV3(documented);

  it("hashes the canonical request to 7ea06492...", () => {
    expect(result.stringToSign).toBe(
      "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
    );
  });

  it("gives the documented signature and Authorization header", () => {
    const signature = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
    expect(result.signature).toBe(signature);
    expect(result.authorization).toBe(
      "ACS3-HMAC-SHA256 Credential=YourAccessKeyId," +
        "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version," +
        `Signature=${signature}`,
    );
  });

  it("lays out the canonical request line by line", () => {
    expect(result.canonicalRequest).toBe(
      [
        "POST",
        "/",
        "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        "host:ecs.cn-shanghai.aliyuncs.com",
        "x-acs-action:RunInstances",
        `x-acs-content-sha256:${EMPTY_BODY_SHA256}`,
        "x-acs-date:2023-10-26T10:22:32Z",
        "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d",
        "x-acs-version:2014-05-26",
        "",
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
        EMPTY_BODY_SHA256,
      ].join("\n"),
    );
  });
});

describe("signV3: headers", () => {
  it("lower-cases names and trims values, so case and padding do not change the signature", () => {
    const shouting = Object.fromEntries(
      Object.entries(documented.headers).map(([name, value]) => [name.toUpperCase(), `  ${value}\t`]),
    );
    expect(signV3({ ...documented, headers: shouting }).signature).toBe(signV3(documented).signature);
  });

  it("signs every header given, and a changed header value changes the signature", () => {
    const withType = { ...documented.headers, "content-type": "application/x-www-form-urlencoded" };
    const signed = signV3({ ...documented, headers: withType });
    expect(signed.signedHeaders.split(";")).toContain("content-type");
    const changed = signV3({ ...documented, headers: { ...documented.headers, "x-acs-date": "2023-10-26T10:22:33Z" } });
    expect(changed.signature).not.toBe(signV3(documented).signature);
  });

  it("refuses two names that differ only by case, and a name that is not a token", () => {
    const twice = { ...documented.headers, Host: "other" };
    expect(() => signV3({ ...documented, headers: twice })).toThrowError(SigningInputError);
    let caught: unknown;
    try {
      signV3({ ...documented, headers: { "bad name": "x" } });
    } catch (error) {
      caught = error;
    }
    expect(SigningInputError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ name: "SigningInputError", code: "ERR_ALICLOUD_SIGNING_INPUT", reason: "invalid-header-name" });
  });

  it("uses the given pathname and query", () => {
    const other = signV3({ ...documented, pathname: "/x" });
    expect(other.canonicalRequest.split("\n")[1]).toBe("/x");
    expect(signV3({ ...documented, query: {} }).canonicalRequest.split("\n")[2]).toBe("");
  });

  it("gives the same signature from a precomputed canonicalQuery as from the query map (the client's fast path)", () => {
    const query = { Description: "a *~'\"中文🙂", "Tag.1.Key": "k v", RegionId: "cn-hangzhou" };
    const fromMap = signV3({ ...documented, query });
    const precomputed = signV3({ ...documented, query: {}, canonicalQuery: canonicalQueryString(query) });
    expect(precomputed.signature).toBe(fromMap.signature);
    expect(precomputed.canonicalRequest).toBe(fromMap.canonicalRequest);
  });

  it("never puts the secret in any output", () => {
    const result = signV3(documented);
    for (const value of Object.values(result)) expect(value).not.toContain(documented.accessKeySecret);
  });
});

describe("sha256Hex", () => {
  it("hashes the empty body to e3b0c442... and strings as UTF-8", () => {
    expect(sha256Hex("")).toBe(EMPTY_BODY_SHA256);
    expect(sha256Hex(new Uint8Array())).toBe(EMPTY_BODY_SHA256);
    expect(sha256Hex("流日志")).toBe(createHash("sha256").update(Buffer.from("流日志", "utf8")).digest("hex"));
  });
});

describe("parseAuthorizationV3", () => {
  it("reads back what signV3 formats", () => {
    const result = signV3(documented);
    expect(parseAuthorizationV3(result.authorization)).toEqual({
      algorithm: "ACS3-HMAC-SHA256",
      accessKeyId: "YourAccessKeyId",
      signedHeaders: result.signedHeaders.split(";"),
      signature: result.signature,
    });
  });

  it("tolerates spaces after commas and rejects other shapes", () => {
    expect(parseAuthorizationV3("ACS3-HMAC-SHA256 Credential=a, SignedHeaders=host, Signature=ff")?.signedHeaders).toEqual([
      "host",
    ]);
    expect(parseAuthorizationV3("Bearer abc")).toBeUndefined();
    expect(parseAuthorizationV3("ACS3-HMAC-SHA256 Credential=a,Signature=ff")).toBeUndefined();
  });
});
