/**
 * Plain data shapes the provider works on: the normalized inputs that check returns and the outputs stored
 * in the state. Field meanings, limits and replacement rules are documented on `FlowLogArgs` and
 * `FlowLog` (src/resource/); these mirror them without Pulumi's Input/Output wrappers.
 */

/** Resource types CreateFlowLog accepts (CreateFlowLog page, ResourceType). */
export const RESOURCE_TYPES = ["VPC", "VSwitch", "NetworkInterface"] as const;
/** Kind of cloud resource whose traffic a flow log captures. */
export type FlowLogResourceType = (typeof RESOURCE_TYPES)[number];

/** Traffic types CreateFlowLog accepts (CreateFlowLog page, TrafficType). */
export const TRAFFIC_TYPES = ["All", "Allow", "Drop"] as const;
/** Which traffic is captured: all, only traffic allowed by access control, or only dropped traffic. */
export type FlowLogTrafficType = (typeof TRAFFIC_TYPES)[number];

/** IP versions CreateFlowLog accepts (CreateFlowLog page, IpVersion). */
export const IP_VERSIONS = ["IPv4", "DualStack"] as const;
/** IP address family captured. */
export type FlowLogIpVersion = (typeof IP_VERSIONS)[number];

/**
 * Traffic paths the official SDK's model docs list (@alicloud/vpc20160428 7.3.2, CreateFlowLogRequest.trafficPath); api
 * NOTES.md says the values "include" these, and the list has grown, so check refuses only a near miss in letter case.
 */
export const TRAFFIC_PATHS = [
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
] as const;

/** Aggregation intervals in minutes (CreateFlowLog page, AggregationInterval; the service default is 10). */
export const AGGREGATION_INTERVALS = [1, 5, 10] as const;
/** Aggregation (sampling) interval in minutes. */
export type FlowLogAggregationInterval = (typeof AGGREGATION_INTERVALS)[number];

/** The status a user may ask for; the cloud also reports transitional ones (see `CloudFlowLogStatus`). */
export const DESIRED_STATUSES = ["Active", "Inactive"] as const;
/** Desired status of a flow log. */
export type FlowLogDesiredStatus = (typeof DESIRED_STATUSES)[number];

/** Every status DescribeFlowLogs reports (api NOTES.md). */
export type CloudFlowLogStatus = "Activating" | "Active" | "Modifying" | "Deactivating" | "Inactive" | "Deleting";

/** Statuses during which the service refuses another write on the same flow log. */
export const TRANSITIONAL_STATUSES: readonly string[] = ["Activating", "Modifying", "Deactivating", "Deleting"];

/**
 * The value Pulumi sends for an input that is not known yet (during preview), from
 * `@pulumi/pulumi/runtime/rpc.js` `unknownValue`. check and diff must never reject it.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Per-operation time limits as duration strings ("10m", "90s", "1h30m"). */
export interface FlowLogTimeouts {
  create?: string;
  update?: string;
  delete?: string;
}

/** Every output of a FlowLog; passed as `undefined` at registration so the engine fills them. */
export const OUTPUT_NAMES = [
  "flowLogId",
  "flowLogName",
  "description",
  "regionId",
  "resourceType",
  "resourceId",
  "trafficType",
  "projectName",
  "logStoreName",
  "aggregationInterval",
  "trafficPaths",
  "resourceGroupId",
  "tags",
  "ipVersion",
  "status",
  "businessStatus",
  "creationTime",
  "flowLogDeliverStatus",
  "flowLogDeliverErrorMessage",
  "logFormat",
  "serviceType",
  "timeouts",
] as const;

/** Default for each of create, update and delete. */
export const DEFAULT_TIMEOUT = "10m";

/**
 * Inputs after check: validated, `status` and `timeouts` defaulted, `regionId` defaulted from the
 * configuration when it could be resolved. Optional fields the user left unset stay absent, so diff
 * does not compare them.
 */
export interface FlowLogInputs {
  resourceType: FlowLogResourceType;
  resourceId: string;
  trafficType: FlowLogTrafficType;
  projectName: string;
  logStoreName: string;
  flowLogName?: string;
  description?: string;
  aggregationInterval?: FlowLogAggregationInterval;
  trafficPaths?: string[];
  resourceGroupId?: string;
  tags?: Record<string, string>;
  ipVersion?: FlowLogIpVersion;
  regionId?: string;
  status: FlowLogDesiredStatus;
  timeouts: Required<FlowLogTimeouts>;
  /**
   * FlowLogId of an existing flow log for create to adopt instead of making one: the `import` resource option, which
   * FlowLog's constructor turns into this input (import-existing.ts says why). diff compares it with the flow log's own
   * id only: another id is an import replacement; the values of the flow log are compared by create.
   */
  importId?: string;
  /** The serialized provider shim; kept through check so every later call can find the implementation. */
  __provider?: string;
}

/**
 * One flow log as DescribeFlowLogs reports it (the SDK's 21 fields), in camelCase with numbers parsed,
 * system tags kept (callers filter them), and absent strings as "".
 */
export interface CloudFlowLog {
  flowLogId: string;
  flowLogName: string;
  description: string;
  regionId: string;
  resourceType: string;
  resourceId: string;
  trafficType: string;
  projectName: string;
  logStoreName: string;
  aggregationInterval?: number;
  trafficPaths: string[];
  resourceGroupId: string;
  tags: Record<string, string>;
  ipVersion: string;
  status: string;
  businessStatus: string;
  creationTime: string;
  flowLogDeliverStatus: string;
  flowLogDeliverErrorMessage: string;
  logFormat: string;
  serviceType: string;
}

/**
 * What create, read and update store as the resource's outputs: the described fields (system tags left
 * out of `tags`) over the echoed inputs, plus `timeouts`. Plain JSON: no `undefined`, no `Date`.
 */
export interface FlowLogOutputs extends Omit<CloudFlowLog, "aggregationInterval"> {
  aggregationInterval?: number;
  timeouts: Required<FlowLogTimeouts>;
  __provider?: string;
}
