/** The last second formatted: every attempt formats the current time, and many attempts fall in the same second. */
let lastSecond = Number.NaN;
let lastText = "";

/**
 * Formats an instant as Alibaba Cloud wants it in the V2 `Timestamp` parameter and the V3 `x-acs-date` header:
 * ISO 8601 UTC to the second, `yyyy-MM-ddTHH:mm:ssZ` (milliseconds dropped, as `@alicloud/pop-core` `lib/rpc.js` does).
 * The server refuses a time more than 15 minutes off (InvalidTimeStamp.Expired). Pure: the caller passes the clock's value
 * (the text of the last second is remembered, which changes nothing but the cost).
 * @throws RangeError for an invalid Date.
 */
export function formatAcsTimestamp(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second === lastSecond) return lastText;
  const text = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  lastSecond = second;
  lastText = text;
  return text;
}
