import { serviceErrors } from "./errors";
import { lengthRule, serviceLength } from "./text-length";
import { FLOW_LOG_RESOURCE_TYPES, type FlowLogResourceType } from "./world-index";

/** TrafficType values (CreateFlowLog page). */
export const TRAFFIC_TYPES: readonly string[] = ["All", "Allow", "Drop"];
/** AggregationInterval values in minutes (CreateFlowLog page). */
export const AGGREGATION_INTERVALS: readonly number[] = [1, 5, 10];
/** IpVersion values (CreateFlowLog page). */
export const IP_VERSIONS: readonly string[] = ["IPv4", "DualStack"];
/**
 * TrafficPath values: NOTES.md's list ("values include ...") and gatewayLoadBalancerEndpoint, which the official SDK's
 * model docs add (@alicloud/vpc20160428 7.3.2, CreateFlowLogRequest.trafficPath). `all` alone is the default and needs no
 * feature; any other value is "user defined".
 */
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
  "gatewayLoadBalancerEndpoint",
];

const URL_PREFIXES = ["http://", "https://"];

/** Lengths in UTF-16 code units, as the Java service most likely counts them (text-length.ts). */
function checkText(field: string, value: string | undefined, max: number): void {
  if (value === undefined) return;
  const length = serviceLength(value);
  if (length < 1 || length > max) throw serviceErrors.parameterInvalid(lengthRule(field, 1, max, value));
  if (URL_PREFIXES.some((p) => value.toLowerCase().startsWith(p))) {
    throw serviceErrors.parameterInvalid(`${field} must not start with http:// or https://.`);
  }
}

/**
 * FlowLogName: 1-128 UTF-16 code units (64 emoji fit, 65 do not), not starting with http:// or https://.
 * @throws ParameterInvalid whose message names FlowLogName and the rule broken
 */
export function checkFlowLogName(name: string | undefined): void {
  checkText("FlowLogName", name, 128);
}

/**
 * Description: 1-256 UTF-16 code units, not starting with http:// or https://.
 * @throws ParameterInvalid whose message names Description and the rule broken
 */
export function checkDescription(description: string | undefined): void {
  checkText("Description", description, 256);
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

/** @throws ParameterInvalid for a TrafficType other than All, Allow, Drop (the message lists them). */
export function checkTrafficType(type: string): void {
  if (!TRAFFIC_TYPES.includes(type)) throw serviceErrors.parameterInvalid(`TrafficType must be one of ${TRAFFIC_TYPES.join(", ")}.`);
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
 * Validates TrafficPath.N, in this order: an unknown value -> IllegalParam.TrafficPath; a repeated value ->
 * DuplicatedParam.TrafficPath; custom paths while the feature is off -> UnsupportedFeature.UserDefinedTrafficPath; custom paths
 * on a DualStack flow log -> UnsupportedFeature.UserDefinedTrafficPathIpv6. `all` beside other values is accepted (as a
 * user-defined list): no published page says whether the service refuses it, and the provider's check accepts it.
 */
export function checkTrafficPath(paths: readonly string[], options: { featureEnabled: boolean; ipVersion: string }): void {
  if (paths.some((p) => !TRAFFIC_PATHS.includes(p))) throw serviceErrors.illegalTrafficPath();
  if (new Set(paths).size !== paths.length) throw serviceErrors.duplicatedTrafficPath();
  if (!isUserDefinedTrafficPath(paths)) return;
  if (!options.featureEnabled) throw serviceErrors.userDefinedTrafficPathUnsupported();
  if (options.ipVersion === "DualStack") throw serviceErrors.userDefinedTrafficPathIpv6();
}
