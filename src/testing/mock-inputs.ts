/**
 * Turns the inputs the SDK's mock monitor hands to `newResource` into what the engine sends a provider.
 *
 * The mock monitor deserializes the registration with `rpc.deserializeProperties`, which pushes secretness up to the
 * top-level property and, during a preview, turns unknowns into the `pulumi.unknown` object. The engine instead sends
 * the provider the unknown sentinel string and, to a provider that accepts no secrets (a dynamic provider), plain
 * values; it remembers which properties were secret to encrypt them in state.
 */
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN, isWireSecret, toPlain, wireSecret, type PropertyMap, type PropertyValue } from "./values";

/** Inputs ready for the provider, and the names of the properties that were secret. */
export interface ProviderInputs {
  readonly inputs: PropertyMap;
  readonly secretKeys: string[];
}

/** Unwraps secrets and replaces unknowns with {@link UNKNOWN}. */
export function providerInputs(mockInputs: Readonly<Record<string, unknown>>): ProviderInputs {
  const inputs: PropertyMap = {};
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries(mockInputs)) {
    const value = isWireSecret(raw) ? raw.value : raw;
    if (isWireSecret(raw)) secretKeys.push(key);
    const plain = withSentinels(value);
    if (plain !== undefined) inputs[key] = plain;
  }
  return { inputs, secretKeys };
}

function withSentinels(v: unknown): PropertyValue | undefined {
  if (pulumi.isUnknown(v)) return UNKNOWN;
  if (Array.isArray(v)) return v.map((e) => withSentinels(e) ?? null);
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    const out: PropertyMap = {};
    for (const [k, e] of Object.entries(v)) {
      const p = withSentinels(e);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  return toPlain(v);
}

/** Outputs for the SDK: the properties named in `secretKeys` wrapped as secrets, as the engine marks them. */
export function sdkState(outputs: PropertyMap, secretKeys: readonly string[]): Record<string, PropertyValue> {
  const state: Record<string, PropertyValue> = { ...outputs };
  for (const key of secretKeys) {
    if (key in state) state[key] = wireSecret(state[key]!);
  }
  return state;
}
