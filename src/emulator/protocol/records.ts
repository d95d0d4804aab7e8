/**
 * Records keyed by names a client chooses (parameters, header names, SignedHeaders entries). Without a prototype, a
 * name such as `constructor` or `__proto__` reads as absent or as the client's own value, never as a member of
 * Object.prototype (which would reach the code as a function or an object where a string is expected).
 */

/** An empty record with no prototype: every key is the client's own. */
export function clientRecord(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}
