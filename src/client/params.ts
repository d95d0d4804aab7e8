import { AlicloudConfigError } from "./errors";

/** A flat wire map: API parameter names (`RegionId`, `Tag.1.Key`, `TrafficPath.2`) to string values. */
export type WireParams = Record<string, string>;

/**
 * Turns a camelCase name into the API's PascalCase one (`regionId` -> `RegionId`, `trafficPath` -> `TrafficPath`).
 * Names already in the API's spelling, including flat ones like `Tag.1.Key`, are unchanged.
 */
export function toApiName(name: string): string {
  return name.length === 0 ? name : name[0]!.toUpperCase() + name.slice(1);
}

function scalar(path: string, value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw paramsError(`parameter ${path} is not a finite number`);
      return String(value);
    case "boolean":
    case "bigint":
      return String(value);
    default:
      throw paramsError(`parameter ${path} has an unsupported type (${typeof value})`);
  }
}

function paramsError(message: string): AlicloudConfigError {
  return new AlicloudConfigError("params", message);
}

function put(out: WireParams, path: string, value: string): void {
  if (Object.prototype.hasOwnProperty.call(out, path)) throw paramsError(`parameter ${path} is given twice`);
  out[path] = value;
}

function flattenInto(out: WireParams, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    // The RPC convention is 1-based: TrafficPath.1, Tag.1.Key (VPC API reference, "repeat list" parameters).
    value.forEach((item, index) => flattenInto(out, `${path}.${index + 1}`, item));
    return;
  }
  if (value instanceof Date) {
    put(out, path, value.toISOString().replace(/\.\d{3}Z$/, "Z"));
    return;
  }
  if (typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) flattenInto(out, `${path}.${toApiName(key)}`, inner);
    return;
  }
  put(out, path, scalar(path, value));
}

/**
 * Flattens call parameters into the wire map the RPC API expects.
 *
 * Names may be camelCase (`regionId`, `trafficPath`, `tag`) or the API's own (`RegionId`, `TrafficPath`, `Tag.1.Key`);
 * the first letter of each name and nested key is upper-cased. Arrays become 1-based indexes (`TrafficPath.1`), objects
 * become dotted names (`Tag.1.Key`, `Tag.1.Value`). `undefined` and `null` are left out; numbers, booleans and bigints
 * become their `String()` form; a Date becomes `yyyy-MM-ddTHH:mm:ssZ`.
 *
 * @example flattenParams({ regionId: "cn-hangzhou", trafficPath: ["all"], tag: [{ key: "k", value: "v" }] })
 *   // { RegionId: "cn-hangzhou", "TrafficPath.1": "all", "Tag.1.Key": "k", "Tag.1.Value": "v" }
 * @throws AlicloudConfigError (reason `params`) when a name is given twice (e.g. `regionId` and `RegionId`), a number is
 *   not finite, or a value is a function or symbol.
 */
export function flattenParams(params: Readonly<Record<string, unknown>>): WireParams {
  // Prototype-free: a name such as `__proto__` becomes a parameter, not the object's prototype.
  const out = Object.create(null) as WireParams;
  for (const [name, value] of Object.entries(params)) flattenInto(out, toApiName(name), value);
  return out;
}
