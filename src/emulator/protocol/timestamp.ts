/**
 * Request timestamps: V2 `Timestamp` and V3 `x-acs-date`, ISO 8601 in UTC (`2023-10-26T10:22:32Z`). The service refuses
 * a timestamp more than 15 minutes away from its own clock (InvalidTimeStamp.Expired, /work/shared/api/NOTES.md).
 */
import { protocolErrors } from "./errors";

/** The accepted clock skew, both ways, in ms. */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;

// yyyy-MM-ddTHH:mm:ssZ, optionally with fractions of a second (some SDKs send milliseconds).
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;

/**
 * Parses and checks a request timestamp against `nowMs`.
 * @returns the timestamp in ms since the epoch
 * @throws ProtocolError InvalidTimeStamp.Format (unparseable or no calendar time) or InvalidTimeStamp.Expired (outside the window)
 */
export function checkTimestamp(value: string, nowMs: number, windowMs: number = TIMESTAMP_WINDOW_MS): number {
  const ms = parseUtc(value);
  if (ms === undefined) throw protocolErrors.timestampFormat();
  if (Math.abs(nowMs - ms) > windowMs) throw protocolErrors.timestampExpired(value);
  return ms;
}

/**
 * The time `value` names, or undefined. Date.parse alone is not enough: it rolls 2024-02-30 over to March 1 and 24:00 to
 * the next day, so the fields must read back unchanged (which also refuses the leap second 23:59:60).
 */
function parseUtc(value: string): number | undefined {
  const fields = ISO_UTC.exec(value);
  if (fields === null) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const date = new Date(ms);
  const readBack = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  return readBack.every((field, i) => field === Number(fields[i + 1])) ? ms : undefined;
}
