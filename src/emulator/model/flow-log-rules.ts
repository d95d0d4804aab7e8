import { serviceErrors } from "./errors";
import { FLOW_LOG_RESOURCE_TYPES, type FlowLogResourceType } from "./world-index";

/** TrafficType values (CreateFlowLog page). */
export const TRAFFIC_TYPES: readonly string[] = ["All", "Allow", "Drop"];
/** AggregationInterval values in minutes (CreateFlowLog page). */
export const AGGREGATION_INTERVALS: readonly number[] = [1, 5, 10];
/** IpVersion values (CreateFlowLog page). */
export const IP_VERSIONS: readonly string[] = ["IPv4", "DualStack"];
/** TrafficPath values (NOTES.md). `all` alone is the default and needs no feature; any other value is "user defined". */
export const TRAFFIC_PATHS: readonly string[] = [
  "all",
  "internetGateway",
  "natGateway",
  "vpnGateway",
  "transitRouter",
  "gatewayEndpoint",
  "vbr",
  "ecr",
  "ipv4Gateway",
];

const URL_PREFIXES = ["http://", "https://"];

function checkText(value: string | undefined, max: number): void {
  if (value === undefined) return;
  if (value.length < 1 || value.length > max || URL_PREFIXES.some((p) => value.toLowerCase().startsWith(p))) {
    throw serviceErrors.parameterInvalid();
  }
}

/** FlowLogName: 1-128 characters, not starting with http:// or https://. @throws ParameterInvalid */
export function checkFlowLogName(name: string | undefined): void {
  checkText(name, 128);
}

/** Description: 1-256 characters, not starting with http:// or https://. @throws ParameterInvalid */
export function checkDescription(description: string | undefined): void {
  checkText(description, 256);
}

/**
 * ResourceType must be one the API lists, spelled as it lists them.
 * Chosen code: OperationUnsupported.ResourceType ("This resource type is not supported.") for an unknown type; the page's other
 * code, InvalidResourceType.NotFound ("Resource type no the same."), is kept for a resource that exists under another type.
 */
export function checkResourceType(type: string): FlowLogResourceType {
  const found = FLOW_LOG_RESOURCE_TYPES.find((t) => t === type);
  if (found === undefined) throw serviceErrors.unsupportedResourceType();
  return found;
}

/** @throws ParameterInvalid for a TrafficType other than All, Allow, Drop. */
export function checkTrafficType(type: string): void {
  if (!TRAFFIC_TYPES.includes(type)) throw serviceErrors.parameterInvalid();
}

/** @throws IllegalParam.AggregationInterval unless 1, 5 or 10 (NaN from a non-numeric wire value included). */
export function checkAggregationInterval(minutes: number | undefined): void {
  if (minutes !== undefined && !AGGREGATION_INTERVALS.includes(minutes)) throw serviceErrors.illegalAggregationInterval();
}

/** @throws IllegalParam.IpVersion unless IPv4 or DualStack. */
export function checkIpVersion(version: string | undefined): void {
  if (version !== undefined && !IP_VERSIONS.includes(version)) throw serviceErrors.illegalIpVersion();
}

/** True when the paths are anything but the default "capture all". */
export function isUserDefinedTrafficPath(paths: readonly string[]): boolean {
  return !(paths.length === 1 && paths[0] === "all");
}

/**
 * Validates TrafficPath.N, in this order: unknown value or `all` mixed with others -> IllegalParam.TrafficPath; a repeated value ->
 * DuplicatedParam.TrafficPath; custom paths while the feature is off -> UnsupportedFeature.UserDefinedTrafficPath; custom paths
 * on a DualStack flow log -> UnsupportedFeature.UserDefinedTrafficPathIpv6.
 */
export function checkTrafficPath(paths: readonly string[], options: { featureEnabled: boolean; ipVersion: string }): void {
  if (paths.some((p) => !TRAFFIC_PATHS.includes(p))) throw serviceErrors.illegalTrafficPath();
  if (new Set(paths).size !== paths.length) throw serviceErrors.duplicatedTrafficPath();
  if (paths.length > 1 && paths.includes("all")) throw serviceErrors.illegalTrafficPath();
  if (!isUserDefinedTrafficPath(paths)) return;
  if (!options.featureEnabled) throw serviceErrors.userDefinedTrafficPathUnsupported();
  if (options.ipVersion === "DualStack") throw serviceErrors.userDefinedTrafficPathIpv6();
}
