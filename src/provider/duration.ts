/**
 * Duration strings for the `timeouts` argument, in the form Pulumi's and Terraform's `customTimeouts` use (Go's
 * time.ParseDuration, which the engine parses customTimeouts with: units ns, us or µs, ms, s, m, h; "90s", "10m",
 * "1h30m", "500ms"). Fractions are allowed ("1.5m", ".5s", "1.s"), and a leading "+" ("+10m"); "-" and bare numbers are
 * not (a negative or unitless value is no timeout). Values are rounded to
 * milliseconds, so a timeout is at least 1ms.
 */

/**
 * The longest timeout a FlowLog accepts: 24 h. Node's timers hold at most 2^31-1 ms (about 24.8 days) and fire at once
 * beyond that, which would end a wait the moment it began; a flow log not settled within a day is stuck anyway.
 */
export const MAX_TIMEOUT_MS = 24 * 3_600_000;

/** The same limit as a duration string, for messages. */
export const MAX_TIMEOUT_TEXT = "24h";

// µs is the micro sign (U+00B5), μs the Greek mu (U+03BC): Go accepts both.
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)`;
const UNIT = "(?:ns|us|µs|μs|ms|s|m|h)";
const PART = new RegExp(`(${NUMBER})(${UNIT})`, "g");
// Go takes a leading sign; "+" changes nothing, and "-" makes a negative duration, never a valid timeout.
const WHOLE = new RegExp(`^\\+?(?:${NUMBER}${UNIT})+$`);

/**
 * The rule `text` breaks as a timeout, as a phrase for "must be ...", or undefined when it is a valid one: a duration,
 * at least 1ms once rounded, at most {@link MAX_TIMEOUT_TEXT}.
 */
export function timeoutRule(text: string): string | undefined {
  if (!WHOLE.test(text)) return 'a positive duration such as "10m", "90s" or "1h30m" (units ns, us, ms, s, m, h)';
  const ms = parseDurationMs(text);
  if (ms <= 0) return "at least 1ms (shorter durations round to 0)";
  if (ms > MAX_TIMEOUT_MS) return `at most ${MAX_TIMEOUT_TEXT}`;
  return undefined;
}

/** True when `text` is a positive duration this module can parse. */
export function isDuration(text: string): boolean {
  return WHOLE.test(text) && parseDurationMs(text) > 0;
}

/**
 * Milliseconds in `text`.
 * @throws RangeError when `text` is not a duration such as "10m" or "90s".
 */
export function parseDurationMs(text: string): number {
  if (!WHOLE.test(text)) {
    throw new RangeError(`"${text}" is not a duration; use a number with a unit: ns, us, ms, s, m or h (e.g. "10m", "90s", "1h30m")`);
  }
  let total = 0;
  for (const match of text.matchAll(PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? "s"] ?? 1_000);
  }
  return Math.round(total);
}

/**
 * Milliseconds of a stored timeout, at most {@link MAX_TIMEOUT_MS}: check refuses longer ones, but state written before
 * it did may hold one, and a delete or update runs with the stored value.
 * @throws RangeError when `text` is not a duration
 */
export function timeoutMsOf(text: string): number {
  return Math.min(parseDurationMs(text), MAX_TIMEOUT_MS);
}
