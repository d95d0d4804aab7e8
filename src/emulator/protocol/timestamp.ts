/**
 * Request timestamps: V2 `Timestamp` and V3 `x-acs-date`, ISO 8601 in UTC (`2023-10-26T10:22:32Z`). The service refuses
 * a timestamp more than 15 minutes away from its own clock (InvalidTimeStamp.Expired, /work/shared/api/NOTES.md).
 */
import { protocolErrors } from "./errors";

/** The accepted clock skew, both ways, in ms. */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

// yyyy-MM-ddTHH:mm:ssZ, optionally with fractions of a second (some SDKs send milliseconds).
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * Parses and checks a request timestamp against `nowMs`.
 * @returns the timestamp in ms since the epoch
 * @throws ProtocolError InvalidTimeStamp.Format (unparseable) or InvalidTimeStamp.Expired (outside the window)
 */
export function checkTimestamp(value: string, nowMs: number, windowMs: number = TIMESTAMP_WINDOW_MS): number {
  const ms = ISO_UTC.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw protocolErrors.timestampFormat();
  if (Math.abs(nowMs - ms) > windowMs) throw protocolErrors.timestampExpired(value);
  return ms;
}
