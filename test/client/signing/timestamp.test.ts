import { describe, expect, it } from "vitest";
import { formatAcsTimestamp } from "../../../src/client/signing";

describe("formatAcsTimestamp", () => {
  it("writes UTC to the second without milliseconds, as Timestamp and x-acs-date need", () => {
    expect(formatAcsTimestamp(new Date(Date.UTC(2023, 2, 13, 8, 34, 30, 999)))).toBe("2023-03-13T08:34:30Z");
    expect(formatAcsTimestamp(new Date("2016-02-23T20:46:24+08:00"))).toBe("2016-02-23T12:46:24Z");
  });

  it("throws RangeError for an invalid Date", () => {
    expect(() => formatAcsTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});
