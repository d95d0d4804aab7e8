/**
 * Constants the emulator falls back to when nothing else is configured.
 * Everything here is plain data so the model, the HTTP layer and the CLI can share it without importing each other.
 */

/** AccessKeyId the emulator accepts out of the box (documented in the README for the demo; not a secret). */
export const DEFAULT_ACCESS_KEY_ID = "emulator-access-key-id";
/** AccessKeySecret paired with {@link DEFAULT_ACCESS_KEY_ID}. A public, documented demo value: never a real credential. */
export const DEFAULT_ACCESS_KEY_SECRET = "emulator-access-key-secret";

/** The default world's default region (docs/ARCHITECTURE.md). */
export const DEFAULT_REGION_ID = "cn-hangzhou";
/** Regions of the default world, default region first. */
export const DEFAULT_REGION_IDS: readonly string[] = ["cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-qingdao", "ap-southeast-1"];
/** How many VPCs, vSwitches and ENIs the default world holds per region (`vpc-demo0001` ... `vpc-demo1000`). */
export const DEFAULT_WORLD_RESOURCES_PER_REGION = 1000;
/** The account's default resource group in the default world; flow logs created without ResourceGroupId land here. */
export const DEFAULT_RESOURCE_GROUP_ID = "rg-acfmdefault0001";
/** Second resource group of the default world (a target for MoveResourceGroup). */
export const DEMO_RESOURCE_GROUP_ID = "rg-acfmdemo0002";
/** SLS projects and their logstores in the default world. */
export const DEFAULT_SLS_PROJECTS: Readonly<Record<string, readonly string[]>> = {
  "flowlog-project": ["flowlog-store"],
  "demo-project": ["demo-logstore"],
};

/** Activating -> Active, in milliseconds (EmulatorSettings.activationDelayMs). */
export const DEFAULT_ACTIVATION_DELAY_MS = 3000;
/** Modifying, Deactivating and Deleting last this long, in milliseconds (EmulatorSettings.transitionDelayMs). */
export const DEFAULT_TRANSITION_DELAY_MS = 1000;
/** Flow logs per region before QuotaExceeded.FlowlogCount (the published pages state no quota: an emulator choice). */
export const DEFAULT_QUOTA_PER_REGION = 1000;
/** Flow logs one resource may carry ("This resourceId already has flowlog instance existed" suggests one). */
export const DEFAULT_MAX_FLOW_LOGS_PER_RESOURCE = 1;

/** AggregationInterval when CreateFlowLog omits it, in minutes (CreateFlowLog page: 1, 5, 10; default 10). */
export const DEFAULT_AGGREGATION_INTERVAL = 10;
/** IpVersion when CreateFlowLog omits it. */
export const DEFAULT_IP_VERSION = "IPv4";
/** TrafficPath reported when CreateFlowLog sends none: every path is captured. */
export const DEFAULT_TRAFFIC_PATH: readonly string[] = ["all"];
/**
 * LogFormat reported when CreateFlowLog sends none. The published pages do not print the service's default string; this is an
 * emulator placeholder built from the documented flow-log record fields. Clients must treat LogFormat as computed.
 */
export const DEFAULT_LOG_FORMAT =
  "${version} ${account-id} ${eni-id} ${srcaddr} ${srcport} ${dstaddr} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}";

/** DescribeFlowLogs paging: default and maximum PageSize (DescribeFlowLogs page). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;
/** ListTagResources paging: default and maximum MaxResults. */
export const DEFAULT_MAX_RESULTS = 50;
export const MAX_MAX_RESULTS = 50;
