/**
 * Pure mapping between the API's shapes (PascalCase, numbers often as strings, nested lists such as
 * `Tags.Tag[]` and `TrafficPath.TrafficPathList[]`) and the provider's camelCase inputs and outputs.
 * Field list: the 21 fields of a DescribeFlowLogs FlowLog in `@alicloud/vpc20160428` 7.3.2 (api NOTES.md).
 */
import type { CreateFlowLogRequest } from "../client";
import { userTags } from "./tags";
import {
  AGGREGATION_INTERVALS,
  DEFAULT_TIMEOUT,
  IP_VERSIONS,
  RESOURCE_TYPES,
  TRAFFIC_TYPES,
  type CloudFlowLog,
  type FlowLogAggregationInterval,
  type FlowLogDesiredStatus,
  type FlowLogInputs,
  type FlowLogOutputs,
  type FlowLogTimeouts,
} from "./types";

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(record: Json, key: string): string {
  const value = record[key];
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

function numberOrUndefined(value: unknown): number | undefined {
  const parsed = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  // `+ 0` turns a -0 (JSON "-0") into 0: state goes through JSON and gRPC's Struct, which do not keep the sign.
  return Number.isFinite(parsed) ? parsed + 0 : undefined;
}

/** A list given either bare or wrapped once (`{ TrafficPathList: [...] }`, `{ Tag: [...] }`), as the API nests them. */
function listOf(value: unknown, wrapper: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value[wrapper])) return value[wrapper] as unknown[];
  return [];
}

/** The answer's tags as a map; built with Object.fromEntries so that any key, `__proto__` included, is an own property. */
function tagMap(value: unknown): Record<string, string> {
  const entries: [string, string][] = [];
  for (const tag of listOf(value, "Tag")) {
    if (isRecord(tag)) {
      const key = text(tag, "Key") || text(tag, "TagKey");
      if (key !== "") entries.push([key, text(tag, "Value") || text(tag, "TagValue")]);
    }
  }
  return Object.fromEntries(entries);
}

/** One DescribeFlowLogs `FlowLog` record in camelCase; undefined when it has no FlowLogId. */
export function parseCloudFlowLog(raw: unknown): CloudFlowLog | undefined {
  if (!isRecord(raw) || text(raw, "FlowLogId") === "") return undefined;
  const interval = numberOrUndefined(raw.AggregationInterval);
  return {
    flowLogId: text(raw, "FlowLogId"),
    flowLogName: text(raw, "FlowLogName"),
    description: text(raw, "Description"),
    regionId: text(raw, "RegionId"),
    resourceType: text(raw, "ResourceType"),
    resourceId: text(raw, "ResourceId"),
    trafficType: text(raw, "TrafficType"),
    projectName: text(raw, "ProjectName"),
    logStoreName: text(raw, "LogStoreName"),
    ...(interval === undefined ? {} : { aggregationInterval: interval }),
    trafficPaths: listOf(raw.TrafficPath, "TrafficPathList").filter((p): p is string => typeof p === "string"),
    resourceGroupId: text(raw, "ResourceGroupId"),
    tags: tagMap(raw.Tags),
    ipVersion: text(raw, "IpVersion"),
    status: text(raw, "Status"),
    businessStatus: text(raw, "BusinessStatus"),
    creationTime: text(raw, "CreationTime"),
    flowLogDeliverStatus: text(raw, "FlowLogDeliverStatus"),
    flowLogDeliverErrorMessage: text(raw, "FlowLogDeliverErrorMessage"),
    logFormat: text(raw, "LogFormat"),
    serviceType: text(raw, "ServiceType"),
  };
}

/**
 * The flow logs of a DescribeFlowLogs answer (`FlowLogs.FlowLog[]`), or of an already flattened list
 * (what `describeAllFlowLogs` returns).
 */
export function parseFlowLogList(response: unknown): CloudFlowLog[] {
  const list = Array.isArray(response) ? response : isRecord(response) ? listOf(response.FlowLogs, "FlowLog") : [];
  return list.map(parseCloudFlowLog).filter((flowLog): flowLog is CloudFlowLog => flowLog !== undefined);
}

/** Parameters for the client's `createFlowLog` (camelCase; the client flattens `trafficPath` and `tag`). */
export function createFlowLogParams(inputs: FlowLogInputs, regionId: string): CreateFlowLogRequest {
  const params: { -readonly [K in keyof CreateFlowLogRequest]: CreateFlowLogRequest[K] } = {
    regionId,
    resourceType: inputs.resourceType,
    resourceId: inputs.resourceId,
    trafficType: inputs.trafficType,
    projectName: inputs.projectName,
    logStoreName: inputs.logStoreName,
  };
  if (inputs.flowLogName !== undefined) params.flowLogName = inputs.flowLogName;
  if (inputs.description !== undefined) params.description = inputs.description;
  if (inputs.aggregationInterval !== undefined) params.aggregationInterval = inputs.aggregationInterval;
  if (inputs.trafficPaths !== undefined && inputs.trafficPaths.length > 0) params.trafficPath = [...inputs.trafficPaths];
  if (inputs.resourceGroupId !== undefined) params.resourceGroupId = inputs.resourceGroupId;
  const tags = Object.entries(userTags(inputs.tags)).map(([key, value]) => ({ key, value }));
  if (tags.length > 0) params.tag = tags;
  if (inputs.ipVersion !== undefined) params.ipVersion = inputs.ipVersion;
  return params;
}

/** Timeouts with every operation filled in (default "10m"). */
export function fullTimeouts(timeouts: FlowLogTimeouts | undefined): Required<FlowLogTimeouts> {
  return {
    create: timeouts?.create ?? DEFAULT_TIMEOUT,
    update: timeouts?.update ?? DEFAULT_TIMEOUT,
    delete: timeouts?.delete ?? DEFAULT_TIMEOUT,
  };
}

/**
 * The outputs stored for a flow log: every described field (user tags only) plus the timeouts in force.
 * Plain JSON, so the gRPC Struct conversion cannot fail after the cloud object exists.
 */
export function toOutputs(cloud: CloudFlowLog, timeouts: Required<FlowLogTimeouts>, fallbackRegionId: string): FlowLogOutputs {
  return {
    ...cloud,
    regionId: cloud.regionId || fallbackRegionId,
    tags: userTags(cloud.tags),
    trafficPaths: [...cloud.trafficPaths],
    timeouts: { ...timeouts },
  };
}

function oneOf<T extends string | number>(values: readonly T[], value: unknown): T | undefined {
  return values.find((candidate) => candidate === value);
}

/**
 * Active or Inactive as the user would have asked, from any cloud status: transitions map to where they go (Activating
 * to Active, Deactivating to Inactive); Modifying, which returns to a state it does not name, maps to Active (read waits
 * for a transition to end first, so this is seen only when one outlasts that wait).
 */
export function desiredStatusOf(status: string): FlowLogDesiredStatus {
  return status === "Inactive" || status === "Deactivating" ? "Inactive" : "Active";
}

/**
 * Inputs that describe the flow log as it is in the cloud: what read returns so that refresh (and a get) leave the
 * state with inputs the program can be compared with.
 */
export function inputsFromCloud(cloud: CloudFlowLog, timeouts: FlowLogTimeouts | undefined, fallbackRegionId: string): FlowLogInputs {
  const inputs: FlowLogInputs = {
    resourceType: oneOf(RESOURCE_TYPES, cloud.resourceType) ?? "VPC",
    resourceId: cloud.resourceId,
    trafficType: oneOf(TRAFFIC_TYPES, cloud.trafficType) ?? "All",
    projectName: cloud.projectName,
    logStoreName: cloud.logStoreName,
    regionId: cloud.regionId || fallbackRegionId,
    status: desiredStatusOf(cloud.status),
    timeouts: fullTimeouts(timeouts),
  };
  const tags = userTags(cloud.tags);
  if (Object.keys(tags).length > 0) inputs.tags = tags;
  if (cloud.flowLogName !== "") inputs.flowLogName = cloud.flowLogName;
  if (cloud.description !== "") inputs.description = cloud.description;
  const interval = oneOf<FlowLogAggregationInterval>(AGGREGATION_INTERVALS, cloud.aggregationInterval);
  if (interval !== undefined) inputs.aggregationInterval = interval;
  if (cloud.trafficPaths.length > 0) inputs.trafficPaths = [...cloud.trafficPaths];
  if (cloud.resourceGroupId !== "") inputs.resourceGroupId = cloud.resourceGroupId;
  const ipVersion = oneOf(IP_VERSIONS, cloud.ipVersion);
  if (ipVersion !== undefined) inputs.ipVersion = ipVersion;
  return inputs;
}

/**
 * What the provider knows of a flow log it made but has not seen yet: the inputs, the id and a status.
 * Used for the properties of an initialization failure, so the state holds the id and a later diff
 * compares sensible values.
 */
export function cloudFromInputs(inputs: FlowLogInputs, flowLogId: string, regionId: string, status: string): CloudFlowLog {
  return {
    flowLogId,
    flowLogName: inputs.flowLogName ?? "",
    description: inputs.description ?? "",
    regionId,
    resourceType: inputs.resourceType,
    resourceId: inputs.resourceId,
    trafficType: inputs.trafficType,
    projectName: inputs.projectName,
    logStoreName: inputs.logStoreName,
    ...(inputs.aggregationInterval === undefined ? {} : { aggregationInterval: inputs.aggregationInterval }),
    trafficPaths: [...(inputs.trafficPaths ?? [])],
    resourceGroupId: inputs.resourceGroupId ?? "",
    tags: userTags(inputs.tags),
    ipVersion: inputs.ipVersion ?? "",
    status,
    businessStatus: "",
    creationTime: "",
    flowLogDeliverStatus: "",
    flowLogDeliverErrorMessage: "",
    logFormat: "",
    serviceType: "",
  };
}
