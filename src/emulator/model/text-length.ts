/**
 * How the emulated service measures text parameters (FlowLogName, Description, tag keys and values).
 *
 * Lengths are UTF-16 code units, i.e. JavaScript's `String#length`, the same as Java's `String.length()`. The real VPC
 * service is a Java backend and its pages say only "1 to 128 characters", so it most likely counts this way: a character
 * outside the Basic Multilingual Plane (an emoji, a surrogate pair) counts as 2, and 64 emoji fill a 128-character
 * FlowLogName while 65 do not. Not checked against the live service; change serviceLength() if it counts code points.
 */

/** `text`'s length in UTF-16 code units (Java's String.length()). */
export function serviceLength(text: string): number {
  return text.length;
}

/**
 * The rule a too-short or too-long value broke, for the error message:
 * `FlowLogName must be 1 to 128 characters long (UTF-16 code units: an emoji counts as 2); got 130.`
 * @param field the parameter as the message names it; `min`, `max` and the count are in UTF-16 code units
 */
export function lengthRule(field: string, min: number, max: number, text: string): string {
  return `${field} must be ${min} to ${max} characters long (UTF-16 code units: an emoji counts as 2); got ${serviceLength(text)}.`;
}
