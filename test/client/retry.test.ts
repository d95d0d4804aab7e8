import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelayMs, classifyRequestFailure, decideRetry, DEFAULT_RETRY, isRetryableApiError, isThrottling, parseRetryAfter } from "../../src/client/retry";

describe("retry classifier", () => {
  it("retries the codes the issue names", () => {
    for (const code of ["Throttling", "Throttling.User", "Throttling.Api", "ServiceUnavailable", "SystemBusy", "InternalError", "OperationConflict", "TaskConflict", "IncorrectStatus", "IncorrectStatus.flowlog", "LastTokenProcessing", "OperationFailed.LastTokenProcessing"]) {
      expect(isRetryableApiError(code, 400), code).toBe(true);
    }
  });

  it("retries any 5xx and 429, and nothing else by default", () => {
    expect(isRetryableApiError("Whatever", 502)).toBe(true);
    expect(isRetryableApiError("Http429", 429)).toBe(true);
    for (const code of ["InvalidParameter", "MissingParameter", "SignatureDoesNotMatch", "QuotaExceeded.FlowlogCount", "Forbidden.RAM", "OperationUnsupported.action"]) {
      expect(isRetryableApiError(code, 400), code).toBe(false);
    }
  });

  it("sees throttling in any code containing Throttling, and in HTTP 429", () => {
    expect(isThrottling("Throttling.User", 400)).toBe(true);
    expect(isThrottling("Http429", 429)).toBe(true);
    expect(isThrottling("ServiceUnavailable", 503)).toBe(false);
  });

  it("never retries a write that may have reached the server; reads retry freely", () => {
    expect(classifyRequestFailure({ sent: true, permanent: false, write: true })).toEqual({ ambiguous: true, retryable: false });
    expect(classifyRequestFailure({ sent: false, permanent: false, write: true })).toEqual({ ambiguous: false, retryable: true });
    expect(classifyRequestFailure({ sent: true, permanent: false, write: false })).toEqual({ ambiguous: false, retryable: true });
    expect(classifyRequestFailure({ sent: false, permanent: true, write: false })).toEqual({ ambiguous: false, retryable: false });
  });
});

describe("retry strategy", () => {
  it("full jitter stays within [0, min(max, base * 2^(n-1)))", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const d = backoffDelayMs(attempt, DEFAULT_RETRY, r);
        const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (attempt - 1));
        return d >= 0 && d < Math.max(1, ceiling);
      }),
    );
    expect(backoffDelayMs(3, DEFAULT_RETRY, 0.5)).toBe(400);
  });

  it("never waits less than x-acs-retry-after", () => {
    expect(decideRetry({ attempt: 1, retryable: true, retryAfterMs: 2000, remainingMs: 60_000, policy: DEFAULT_RETRY, random: 0 })).toEqual({ retry: true, delayMs: 2000 });
  });

  it("stops on non-retryable errors, after maxAttempts, and when the wait would outlive the deadline", () => {
    const base = { attempt: 1, retryable: true, remainingMs: 60_000, policy: DEFAULT_RETRY, random: 0.5 };
    expect(decideRetry({ ...base, retryable: false })).toEqual({ retry: false, why: "not-retryable" });
    expect(decideRetry({ ...base, attempt: DEFAULT_RETRY.maxAttempts })).toEqual({ retry: false, why: "attempts" });
    expect(decideRetry({ ...base, remainingMs: 50 })).toEqual({ retry: false, why: "deadline" });
    expect(decideRetry({ ...base, retryAfterMs: 61_000 })).toEqual({ retry: false, why: "deadline" });
  });

  it("parses x-acs-retry-after seconds", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.25")).toBe(250);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
