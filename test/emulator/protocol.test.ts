/**
 * Unit tests of the protocol layer: request parsing for each client's wire shape, the nonce cache's expiry and bound,
 * the timestamp window, the Authorization header parser, the key ring and the wire format.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  checkTimestamp,
  decodeForm,
  errorAnswer,
  KeyRing,
  NonceCache,
  parseAcsAuthorization,
  parseRequest,
  ProtocolError,
  protocolErrors,
  successAnswer,
} from "../../src/emulator/protocol";

const empty = Buffer.alloc(0);
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return ProtocolError.isInstance(error) ? error.code : `not a ProtocolError: ${String(error)}`;
  }
  return undefined;
};

describe("parseRequest", () => {
  it("reads a V3 SDK request: action and version from headers, params from the query with * left raw", () => {
    const parsed = parseRequest({
      method: "post",
      url: "/?RegionId=cn-hangzhou&Description=a%20*b~",
      headers: { authorization: "ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host,Signature=00", "x-acs-action": "CreateFlowLog", "x-acs-version": "2016-04-28" },
      body: empty,
    });
    expect(parsed).toMatchObject({ method: "POST", scheme: "v3", action: "CreateFlowLog", version: "2016-04-28", pathname: "/" });
    expect(parsed.params).toEqual({ RegionId: "cn-hangzhou", Description: "a *b~" });
  });

  it("reads a V2 request from query and form body together; pop-core's x-acs-action header does not make it V3", () => {
    const parsed = parseRequest({
      method: "POST",
      url: "/?Action=DescribeFlowLogs&Version=2016-04-28&Signature=abc",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", "x-acs-action": "Other" },
      body: Buffer.from("RegionId=cn-hangzhou&Name=a+b%2B"),
    });
    expect(parsed).toMatchObject({ scheme: "v2", action: "DescribeFlowLogs" });
    expect(parsed.form).toEqual({ RegionId: "cn-hangzhou", Name: "a b+" });
    expect(parsed.params.Signature).toBe("abc");
  });

  it("ignores a JSON body for parameters and treats a body without content-type as a form", () => {
    expect(parseRequest({ method: "POST", url: "/", headers: { "content-type": "application/json" }, body: Buffer.from('{"A":1}') }).params).toEqual({});
    expect(parseRequest({ method: "POST", url: "/", headers: {}, body: Buffer.from("A=1") }).params).toEqual({ A: "1" });
  });

  it("answers no action for an unsigned empty request", () => {
    expect(parseRequest({ method: "GET", url: "", headers: {}, body: empty })).toMatchObject({ scheme: "none", action: undefined, pathname: "/" });
  });
});

describe("decodeForm", () => {
  // The map has no prototype: "__proto__" and "constructor" are plain parameters when sent and absent when not.
  it("keeps a parameter named __proto__ as a plain parameter, without touching prototypes", () => {
    const decoded = decodeForm("__proto__=x&constructor=y");
    expect(Object.getPrototypeOf(decoded)).toBeNull();
    expect(Object.keys(decoded)).toEqual(["__proto__", "constructor"]);
    expect(decoded.__proto__).toBe("x");
    expect({ ...decoded }).toEqual(Object.fromEntries([["__proto__", "x"], ["constructor", "y"]]));
  });

  it("reads a name that was not sent as absent, even one of Object.prototype", () => {
    const decoded = decodeForm("a=1");
    expect(decoded.constructor).toBeUndefined();
    expect(decoded.toString).toBeUndefined();
  });
});

describe("NonceCache", () => {
  it("refuses a nonce seen for the same key while its window lasts, accepts it for another key", () => {
    const cache = new NonceCache({ windowMs: 1000 });
    expect(cache.remember("k", "n", 0, 0)).toBe(true);
    expect(cache.remember("k", "n", 999, 0)).toBe(false);
    expect(cache.remember("other", "n", 999, 0)).toBe(true);
    expect(cache.remember("k", "n", 1001, 0)).toBe(true);
  });

  it("keeps a nonce until the request's own timestamp leaves the window", () => {
    const cache = new NonceCache({ windowMs: 1000 });
    expect(cache.remember("k", "n", 0, 900)).toBe(true);
    expect(cache.remember("k", "n", 1500, 900)).toBe(false);
  });

  it("still refuses a replay at the window's last millisecond, which checkTimestamp accepts", () => {
    const cache = new NonceCache({ windowMs: 1000 });
    expect(cache.remember("k", "n", 0, 0)).toBe(true);
    expect(checkTimestamp(new Date(0).toISOString(), 1000, 1000)).toBe(0);
    expect(cache.remember("k", "n", 1000, 0)).toBe(false);
    expect(cache.remember("k", "n", 1001, 0)).toBe(true);
  });

  it("keeps a fixed-size key per nonce: a 512 KiB nonce costs no more memory than a short one", () => {
    // A collection on demand, without starting Node with --expose-gc.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const cache = new NonceCache();
    const long = "x".repeat(512 * 1024);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100; i++) expect(cache.remember("k", `${i}${long}`, 0, 0)).toBe(true);
    gc();
    // Keeping the nonces themselves would hold over 50 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024 * 1024);
    expect(cache.remember("k", `7${long}`, 1, 0)).toBe(false);
  });

  it("stays bounded, forgetting the oldest first, and drops expired entries", () => {
    const cache = new NonceCache({ windowMs: 1000, maxEntries: 3 });
    for (const n of ["a", "b", "c", "d"]) cache.remember("k", n, 0, 0);
    expect(cache.size).toBe(3);
    expect(cache.remember("k", "a", 1, 0)).toBe(true);
    expect(cache.remember("k", "d", 1, 0)).toBe(false);
    cache.remember("k", "z", 5000, 5000);
    expect(cache.size).toBe(1);
  });
});

describe("checkTimestamp", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");
  it("accepts 15 minutes either way and refuses more", () => {
    expect(checkTimestamp("2024-05-01T11:45:00Z", now)).toBe(Date.parse("2024-05-01T11:45:00Z"));
    expect(checkTimestamp("2024-05-01T12:15:00.000Z", now)).toBe(Date.parse("2024-05-01T12:15:00Z"));
    expect(code(() => checkTimestamp("2024-05-01T11:44:59Z", now))).toBe("InvalidTimeStamp.Expired");
    expect(code(() => checkTimestamp("2024-05-01T12:15:01Z", now))).toBe("InvalidTimeStamp.Expired");
  });

  it("refuses anything but UTC ISO 8601", () => {
    for (const value of ["2024-05-01 12:00:00", "2024-05-01T12:00:00+08:00", "1714564800", ""]) {
      expect(code(() => checkTimestamp(value, now))).toBe("InvalidTimeStamp.Format");
    }
  });
});

describe("parseAcsAuthorization", () => {
  it("reads algorithm, credential, signed headers and signature", () => {
    expect(parseAcsAuthorization("ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host;X-Acs-Date,Signature=abc")).toEqual({
      algorithm: "ACS3-HMAC-SHA256",
      accessKeyId: "id",
      signedHeaders: ["host", "x-acs-date"],
      signature: "abc",
    });
  });

  it.each(["", "ACS3-HMAC-SHA256", "ACS3-HMAC-SHA256 Credential=id,Signature=abc", "ACS3-HMAC-SHA256 Credential=,SignedHeaders=h,Signature=s"])(
    "refuses %j with IncompleteSignature",
    (header) => {
      expect(code(() => parseAcsAuthorization(header))).toBe("IncompleteSignature");
    },
  );
});

describe("KeyRing", () => {
  const ring = new KeyRing([{ accessKeyId: "ak", accessKeySecret: "s" }], [
    { accessKeyId: "STS.a", accessKeySecret: "sa", securityToken: "ta" },
    { accessKeyId: "STS.b", accessKeySecret: "sb", securityToken: "tb" },
  ]);
  it("resolves long-term and STS keys", () => {
    expect(ring.resolve("ak", undefined)).toBe("s");
    expect(ring.resolve("STS.a", "ta")).toBe("sa");
  });
  it("refuses unknown keys and bad tokens with the service's codes", () => {
    expect(code(() => ring.resolve("nobody", undefined))).toBe("InvalidAccessKeyId.NotFound");
    expect(code(() => ring.resolve("STS.a", undefined))).toBe("MissingSecurityToken");
    expect(code(() => ring.resolve("STS.a", "tb"))).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    expect(code(() => ring.resolve("STS.a", "tx"))).toBe("InvalidSecurityToken.Malformed");
  });
});

describe("wire", () => {
  it("shapes errors and successes like the service", () => {
    const error = errorAnswer(protocolErrors.throttled(2), "RID", "vpc.aliyuncs.com");
    expect(error.status).toBe(400);
    expect(error.headers).toEqual({ "x-acs-retry-after": "2", "content-type": "application/json;charset=utf-8" });
    expect(JSON.parse(error.body)).toEqual({
      RequestId: "RID",
      HostId: "vpc.aliyuncs.com",
      Code: "Throttling.User",
      Message: "Request was denied due to user flow control.",
      Recommend: "https://error-center.aliyun.com/status/search?Keyword=Throttling.User&source=PopGw",
    });
    const ok = successAnswer({ RequestId: "old", Success: "true" }, "NEW");
    expect(JSON.parse(ok.body)).toEqual({ RequestId: "NEW", Success: "true" });
  });
});
