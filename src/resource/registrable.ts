/**
 * FlowLog's arguments made fit for Pulumi's registration (@pulumi/pulumi runtime/rpc.js), which loses or chokes on some
 * values the argument rules allow: a map key named `__proto__`, and a map with an own `toString` key.
 */
import * as pulumi from "@pulumi/pulumi";

/** The arguments that are maps of the program's own keys (tags) or may be given as one (timeouts). */
const MAP_ARGS: ReadonlySet<string> = new Set(["tags", "timeouts"]);

/**
 * Refuses an own `__proto__` key in a map argument (JSON.parse, and so config.requireObject, keeps it as one): Pulumi's
 * serializer assigns each key (rpc.js serializeAllKeys), which sets the prototype instead, so the key would vanish
 * before check could name it.
 * @throws pulumi.RunError naming the resource and the argument
 */
function refuseProtoKey(name: string, arg: string, value: unknown): void {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, "__proto__")) return;
  throw new pulumi.RunError(`FlowLog ${JSON.stringify(name)}: ${arg} cannot have a key named "__proto__": Pulumi cannot carry it (it would be dropped)`);
}

/**
 * `value`, or for an object Pulumi serializes by its keys (a map such as tags) or by index (an array) a shallow copy that
 * converts to a string safely. Pulumi labels each input with a template string while registering (rpc.js
 * transferProperties, safeToString); tags keyed "toString" (a key the tag rules allow) make that throw "Cannot convert
 * object to primitive value" as an unhandled rejection, whatever the map's prototype (a class instance, another realm's
 * object). The label is a non-enumerable symbol. A map's copy has the same own enumerable string keys, all that Pulumi
 * serializes of it; an array's copy has the elements Pulumi reads by index, and is this realm's array, so an array from
 * another realm or with a null prototype goes as an array where Pulumi (`instanceof Array`) would send an object of
 * indexes that check refuses. Promises, Outputs, resources, assets and archives are left as they are.
 */
function labelSafe(value: unknown): unknown {
  if (typeof value !== "object" || value === null || value instanceof Promise) return value;
  if (pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value)) return value;
  if (pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) return value;
  if (Array.isArray(value)) {
    const elements: readonly unknown[] = value;
    const copy = Array.from({ length: elements.length }, (_, i) => elements[i]);
    return Object.defineProperty(copy, Symbol.toPrimitive, { value: () => "[array]" });
  }
  return Object.defineProperty({ ...(value as object) }, Symbol.toPrimitive, { value: () => "[object]" });
}

/** A map argument that resolves later, checked when it does (module comment); anything else as {@link labelSafe} makes it. */
function registrable(name: string, key: string, value: unknown): unknown {
  if (!MAP_ARGS.has(key)) return labelSafe(value);
  const check = (resolved: unknown): unknown => (refuseProtoKey(name, key, resolved), resolved);
  if (value instanceof Promise) return value.then(check);
  if (pulumi.Output.isInstance(value)) return (value as pulumi.Output<unknown>).apply(check);
  return labelSafe(value);
}

/**
 * `props` with every argument made registrable (module comment). A map argument given as an Output or a Promise (a
 * secret from config.requireSecretObject) is checked when it resolves, and the registration fails with the error;
 * secrecy, unknowns at preview and dependencies are kept. A map that went through pulumi.output() or pulumi.secret()
 * itself, or a resource's outputs (google-protobuf's Struct), lost such a key before FlowLog sees it: their copies
 * assign keys.
 * @throws pulumi.RunError for a map argument with an own `__proto__` key
 */
export function registrableInputs(name: string, props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    refuseProtoKey(name, key, value);
    result[key] = registrable(name, key, value);
  }
  return result;
}
