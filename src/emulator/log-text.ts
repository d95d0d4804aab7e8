/**
 * Makes client-supplied text safe for a log line: a client must not be able to forge a line (a decoded `%0A` in
 * `Action`), colour or reorder a terminal (ESC, bidi controls), or make the log binary (a NUL in a form body).
 */

/** Longest client value written to a log line, in UTF-16 code units, unless a caller asks for another cap. */
export const LOG_VALUE_MAX_CHARS = 64;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * `value` escaped JSON.stringify-style, without quotes: `\` -> `\\`, newline / CR / tab -> `\n` `\r` `\t`, every other
 * UTF-16 code unit outside printable ASCII (0x20-0x7e) -> `\uXXXX` (lower-case hex; lone surrogates included). Longer than
 * `maxChars` code units, it is cut there and `...(+N)` says how many units were dropped. The result is printable ASCII.
 */
export function logSafe(value: string, maxChars: number = LOG_VALUE_MAX_CHARS): string {
  const cut = value.length > maxChars ? value.slice(0, maxChars) : value;
  const escaped = cut.replace(/[^\x20-\x7e]|\\/g, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return value.length > maxChars ? `${escaped}...(+${value.length - maxChars})` : escaped;
}

/** An error's name and message for the log (errors met here never carry secrets), escaped: it may quote input. */
export function describeError(error: unknown): string {
  return logSafe(error instanceof Error ? `${error.name}: ${error.message}` : String(error), 1000);
}
