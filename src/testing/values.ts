/**
 * Plain-JS property values as they travel between the engine and a provider, and their protobuf `Struct` form.
 *
 * Two wire conventions of the Pulumi SDK matter here (read from `@pulumi/pulumi/runtime/rpc.js` 3.270):
 * - an unknown value (a preview's not-yet-known output) is the sentinel string {@link UNKNOWN};
 * - a secret is an object `{ [SIG_KEY]: SECRET_SIG, value }`. The dynamic provider accepts no secrets
 *   (`acceptSecrets: false`), so the engine unwraps them before calling it, and only its configure unwraps them itself.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";

/** A JSON value: what a Pulumi property can hold once assets and resource references are left aside. */
export type PropertyValue = null | boolean | number | string | PropertyValue[] | { [key: string]: PropertyValue };
/** A property map (inputs or outputs of one resource). */
export type PropertyMap = Record<string, PropertyValue>;

/** The sentinel the SDK uses for unknown values (`rpc.unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** Key marking special values (`rpc.specialSigKey`). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of a secret value (`rpc.specialSecretSig`). */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A secret as it travels over the wire (and as the engine's state stores it, with `ciphertext` instead of `value`). */
export interface WireSecret {
  readonly [SIG_KEY]: typeof SECRET_SIG;
  readonly value: PropertyValue;
}

/** Wraps a value as a wire secret. */
export function wireSecret(value: PropertyValue): PropertyMap {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** True when `v` is a wire secret. */
export function isWireSecret(v: unknown): v is WireSecret {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** True when the value or anything inside it is {@link UNKNOWN}. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}

/**
 * Drops `undefined` entries (the engine never sends them; `Struct.fromJavaScript` throws on them) and turns
 * non-JSON leaves into JSON (`toJSON`), so any plain object can be sent.
 */
export function toPlain(v: unknown): PropertyValue | undefined {
  if (v === undefined || typeof v === "function" || typeof v === "symbol") return undefined;
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return v.map((e) => toPlain(e) ?? null);
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === "function") return toPlain(json.call(v));
  const out: PropertyMap = {};
  for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
    const p = toPlain(e);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** Property map -> protobuf Struct. */
export function toStruct(map: Readonly<Record<string, unknown>>): Struct {
  return Struct.fromJavaScript((toPlain(map) ?? {}) as Record<string, JavaScriptValue>);
}

/** protobuf Struct (or nothing) -> property map. */
export function fromStruct(s: Struct | undefined): PropertyMap {
  return s ? (s.toJavaScript() as PropertyMap) : {};
}

/** Deep copy of a JSON value. */
export function clone<T extends PropertyValue | PropertyMap>(v: T): T {
  return structuredClone(v);
}
