/**
 * A read-only view of configuration. Pulumi's `configure()` request (`req.config`) fits it: `get("alicloud:region")` reads
 * the fully qualified stack config key. Return `undefined` for a key that is not set.
 */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** Environment variables, e.g. `process.env` (the default) or a plain object in tests. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** A trimmed, non-empty value, or undefined: empty strings in env or config count as unset. */
export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
