/**
 * errors.ts isTransient / isPassingFailure: which failures a wait rides out and a write tries again within the
 * resource's timeouts (Throttling, 5xx, a connection reset, a deadline), and which are reported after the client's own
 * attempts (an endpoint nothing listens on or whose host does not resolve, TLS that can never work, a refusal, a lost
 * answer, which is looked at instead).
 */
import { describe, expect, it } from "vitest";
import { AlicloudApiError, AlicloudRequestError } from "../../src/client";
import { isCutShort, isPassingFailure, isTransient, retryAfterMs } from "../../src/provider/errors";

const api = (code: string, httpStatus: number, retryable: boolean) =>
  new AlicloudApiError({ action: "ModifyFlowLogAttribute", code, apiMessage: "m", httpStatus, retryable, requestId: "r" });
const request = (over: { reason?: "network" | "timeout" | "deadline" | "aborted"; ambiguous?: boolean; retryable?: boolean; code?: string }) =>
  new AlicloudRequestError({
    action: "DescribeFlowLogs",
    reason: over.reason ?? "network",
    ambiguous: over.ambiguous ?? false,
    retryable: over.retryable ?? true,
    detail: "d",
    attempts: 6,
    ...(over.code === undefined ? {} : { cause: { name: "Error", code: over.code, message: over.code } }),
  });

describe("isTransient and isPassingFailure", () => {
  it.each([
    ["Throttling.User", api("Throttling.User", 400, true), true, true],
    ["ServiceUnavailable (503)", api("ServiceUnavailable", 503, true), true, true],
    ["InternalError (500, not marked retryable)", api("InternalError", 500, false), true, true],
    ["a connection reset before sending", request({ code: "ECONNRESET" }), true, true],
    ["DNS that did not answer (EAI_AGAIN)", request({ code: "EAI_AGAIN" }), true, true],
    ["the call's deadline", request({ reason: "deadline", retryable: false }), true, true],
    ["aborted by the caller's signal (shutting down)", request({ reason: "aborted", retryable: false }), true, false],
    ["a lost write answer", request({ ambiguous: true, retryable: false, code: "ECONNRESET" }), true, false],
    ["nothing listens (ECONNREFUSED)", request({ code: "ECONNREFUSED" }), false, false],
    ["the host does not resolve (ENOTFOUND)", request({ code: "ENOTFOUND" }), false, false],
    ["TLS to a plain-HTTP server (permanent)", request({ retryable: false, code: "ERR_SSL_WRONG_VERSION_NUMBER" }), false, false],
    ["a refusal (InvalidParameter)", api("InvalidParameter", 400, false), false, false],
  ])("%s: transient %s, passing %s", (_name, error, transient, passing) => {
    expect(isTransient(error)).toBe(transient);
    expect(isPassingFailure(error)).toBe(passing);
  });
});

describe("isPassingFailure from an endpoint that answered before, isCutShort and retryAfterMs", () => {
  it("a refused connection is an outage once the endpoint has answered (passing), a wrong endpoint before", () => {
    const refused = request({ code: "ECONNREFUSED" });
    expect(isPassingFailure(refused, false)).toBe(false);
    expect(isPassingFailure(refused, true)).toBe(true);
    // Answered or not, a lost answer is looked at, never tried again blindly.
    expect(isPassingFailure(request({ ambiguous: true, retryable: false, code: "ECONNREFUSED" }), true)).toBe(false);
  });

  it("a call stopped by its own deadline or signal is cut short; a timeout of the network is not", () => {
    expect(isCutShort(request({ reason: "deadline", retryable: false }))).toBe(true);
    expect(isCutShort(request({ reason: "aborted", retryable: false }))).toBe(true);
    expect(isCutShort(request({ reason: "timeout" }))).toBe(false);
    expect(isCutShort(api("Throttling.User", 400, true))).toBe(false);
  });

  it("retryAfterMs is the pause the service asked for, else 0", () => {
    const asked = new AlicloudApiError({ action: "DeleteFlowLog", code: "Throttling", apiMessage: "m", httpStatus: 400, retryable: true, retryAfterMs: 3000 });
    expect(retryAfterMs(asked)).toBe(3000);
    expect(retryAfterMs(api("Throttling", 400, true))).toBe(0);
    expect(retryAfterMs(request({}))).toBe(0);
  });
});
