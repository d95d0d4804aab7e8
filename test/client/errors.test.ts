import { describe, expect, it } from "vitest";
import {
  AlicloudApiError,
  AlicloudConfigError,
  AlicloudError,
  AlicloudRequestError,
  AlicloudResponseError,
  CredentialsError,
} from "../../src/client/errors";
import { redact, REDACTED } from "../../src/client/redact";
import { percentEncode } from "../../src/client/signing";

const api = new AlicloudApiError({
  action: "CreateFlowLog",
  code: "QuotaExceeded.FlowlogCount",
  apiMessage: "This user has reached the maximum number of flow logs.",
  requestId: "5BE8D5B6-0000",
  hostId: "vpc.aliyuncs.com",
  recommend: "https://error-center.aliyun.com/status/search?Keyword=QuotaExceeded.FlowlogCount",
  httpStatus: 400,
  retryable: false,
});

describe("errors", () => {
  it("AlicloudApiError reads like the issue's example and carries every field", () => {
    expect(api.message).toBe("CreateFlowLog failed: QuotaExceeded.FlowlogCount: This user has reached the maximum number of flow logs. (RequestId 5BE8D5B6-0000)");
    expect(api).toMatchObject({ name: "AlicloudApiError", code: "QuotaExceeded.FlowlogCount", hostId: "vpc.aliyuncs.com", httpStatus: 400, action: "CreateFlowLog", retryable: false });
    expect(api.recommend).toContain("error-center");
  });

  it("isInstance recognises each class by marker, not instanceof, and tells them apart", () => {
    const req = new AlicloudRequestError({ action: "A", reason: "network", ambiguous: true, retryable: false, detail: "d", attempts: 1 });
    expect(AlicloudApiError.isInstance(api)).toBe(true);
    expect(AlicloudRequestError.isInstance(api)).toBe(false);
    expect(AlicloudRequestError.isInstance(req)).toBe(true);
    expect(AlicloudError.isInstance(req)).toBe(true);
    expect(AlicloudError.isInstance(new Error("x"))).toBe(false);
    // A copy from another module instance: same marker, different prototype.
    const foreign = Object.assign(Object.create(null) as object, { name: "AlicloudApiError", [Symbol.for("pulumi-alicloud-flowlog/AlicloudError")]: true });
    expect(AlicloudApiError.isInstance(foreign)).toBe(true);
  });

  it("each error has a stable code", () => {
    expect(new AlicloudRequestError({ action: "A", reason: "timeout", ambiguous: false, retryable: true, detail: "d", attempts: 2 }).code).toBe("ERR_ALICLOUD_REQUEST");
    expect(new AlicloudResponseError({ action: "A", httpStatus: 200, issues: [{ path: "FlowLogId", message: "required" }] }).code).toBe("ERR_ALICLOUD_RESPONSE");
    expect(new CredentialsError("none", []).code).toBe("ERR_ALICLOUD_CREDENTIALS");
    expect(new AlicloudConfigError("region", "no region").code).toBe("ERR_ALICLOUD_CONFIG");
  });

  it("AlicloudRequestError says when the outcome is ambiguous", () => {
    const e = new AlicloudRequestError({ action: "DeleteFlowLog", reason: "network", ambiguous: true, retryable: false, detail: "UND_ERR_SOCKET: other side closed", attempts: 1 });
    expect(e.message).toBe("DeleteFlowLog failed: network: UND_ERR_SOCKET: other side closed; the request may have been applied (ambiguous outcome, not retried) (after 1 attempt(s))");
  });

  it("AlicloudResponseError names the paths that did not fit", () => {
    const e = new AlicloudResponseError({ action: "DescribeFlowLogs", httpStatus: 200, requestId: "r1", issues: [{ path: "FlowLogs.FlowLog.0.FlowLogId", message: "Invalid input" }] });
    expect(e.message).toBe("DescribeFlowLogs returned an unexpected response: FlowLogs.FlowLog.0.FlowLogId: Invalid input (RequestId r1)");
  });
});

describe("redact", () => {
  it("removes a secret raw, percent-encoded once and twice", () => {
    const token = "CAIS+tok/en==";
    const text = `a ${token} b ${percentEncode(token)} c ${percentEncode(percentEncode(token))} d`;
    const out = redact(text, [token]);
    expect(out).not.toContain(token);
    expect(out).not.toContain(percentEncode(token));
    expect(out).not.toContain(percentEncode(percentEncode(token)));
    expect(out.split(REDACTED)).toHaveLength(4);
  });

  it("removes a secret as JSON and URL encoders write it, in any mix: \\u escapes (either case), \\/, %XX (either case)", () => {
    const token = "CAIS+sts/token==";
    const echoes = [
      "CAIS\\u002Bsts/token==", // .NET System.Text.Json
      "CAIS+sts\\/token==", // PHP json_encode
      "CAIS\\u002bsts\\/token\\u003d\\u003D",
      "CAIS%2bsts%2ftoken%3d%3D",
      "CAIS%252Bsts/token==",
    ];
    for (const echo of echoes) expect(redact(`before ${echo} after`, [token]), echo).toBe(`before ${REDACTED} after`);
    // Letters and digits stay as they are: another token is not matched.
    expect(redact("CAIS+sts/tokeN==", [token])).toBe("CAIS+sts/tokeN==");
  });

  it("a secret with a character outside the BMP, escaped as its surrogate pair", () => {
    const secret = "ab\u{1F600}cd";
    expect(redact('x "ab\\ud83d\\ude00cd" y', [secret])).toBe(`x "${REDACTED}" y`);
  });

  it("ignores undefined and very short values", () => {
    expect(redact("abc", [undefined, "a"])).toBe("abc");
  });
});
