import {
  DEFAULT_AGGREGATION_INTERVAL,
  DEFAULT_IP_VERSION,
  DEFAULT_LOG_FORMAT,
  DEFAULT_TRAFFIC_PATH,
} from "../defaults";
import { serviceErrors } from "./errors";
import {
  checkAggregationInterval,
  checkDescription,
  checkFlowLogName,
  checkIpVersion,
  checkResourceType,
  checkTrafficPath,
  checkTrafficType,
} from "./flow-log-rules";
import { formatCreationTime } from "./ids";
import type { EmulatorSettings } from "./settings";
import { checkNewTags } from "./tag-rules";
import type { CreateFlowLogInput, EmulatedFlowLog } from "./types";
import type { FlowLogResourceType, LocatedResource, WorldIndex } from "./world-index";

/** What CreateFlowLog needs besides its input. `regionFlowLogs` are the region's flow logs, hidden and transitional included. */
export interface CreateContext {
  readonly world: WorldIndex;
  readonly settings: EmulatorSettings;
  readonly regionFlowLogs: readonly EmulatedFlowLog[];
  readonly flowLogId: string;
  readonly nowMs: number;
}

const RESOURCE_KIND: Record<FlowLogResourceType, string> = { VPC: "vpc", VSwitch: "vswitch", NetworkInterface: "networkInterface" };

/** Validates the parameters themselves, before any lookup (the order a caller sees errors in). */
function checkParameters(input: CreateFlowLogInput, settings: EmulatorSettings): void {
  checkFlowLogName(input.flowLogName);
  checkDescription(input.description);
  checkResourceType(input.resourceType);
  checkTrafficType(input.trafficType);
  checkAggregationInterval(input.aggregationInterval);
  checkIpVersion(input.ipVersion);
  const ipVersion = input.ipVersion ?? DEFAULT_IP_VERSION;
  if (input.trafficPath !== undefined && input.trafficPath.length > 0) {
    checkTrafficPath(input.trafficPath, { featureEnabled: settings.userDefinedTrafficPath, ipVersion });
  }
  checkNewTags(input.tags ?? []);
  if (input.projectName === undefined || input.logStoreName === undefined) throw serviceErrors.logTargetMissing();
}

/** The captured resource, or InvalidResourceType.NotFound (exists as another type) / InvalidInstanceId (absent). */
function locateResource(input: CreateFlowLogInput, world: WorldIndex): LocatedResource {
  const type = checkResourceType(input.resourceType);
  const found = world.findResource(input.regionId, input.resourceId);
  if (found === undefined) throw serviceErrors.instanceMissing(RESOURCE_KIND[type]);
  if (found.type !== type) throw serviceErrors.resourceTypeMismatch();
  return found;
}

/** Checks against the world and the account's limits. */
function checkWorld(input: CreateFlowLogInput, ctx: CreateContext): LocatedResource {
  const resource = locateResource(input, ctx.world);
  if (!ctx.world.hasLogstore(input.regionId, input.projectName ?? "", input.logStoreName ?? "")) {
    throw serviceErrors.projectOrLogstoreMissing();
  }
  if (input.resourceGroupId !== undefined && !ctx.world.hasResourceGroup(input.resourceGroupId)) {
    throw serviceErrors.illegalResourceGroup();
  }
  if (ctx.regionFlowLogs.length >= ctx.settings.quotaPerRegion) throw serviceErrors.quotaExceeded();
  const onResource = ctx.regionFlowLogs.filter((f) => f.resourceId === input.resourceId);
  if (onResource.length >= ctx.settings.maxFlowLogsPerResource) throw serviceErrors.resourceHasFlowLog();
  // Only where several flow logs per resource are allowed: one of every path leaves no room for one of some paths.
  const someOnly = input.trafficPath !== undefined && input.trafficPath.length > 0 && !input.trafficPath.includes("all");
  if (someOnly && onResource.some((f) => f.trafficPath.includes("all"))) throw serviceErrors.allTrafficPathExists();
  return resource;
}

/**
 * CreateFlowLog's rules (CreateFlowLog page): validates `input` and returns the new flow log in Activating, with every
 * DescribeFlowLogs field filled. Region and service-open checks are the caller's. Throws ServiceError with the page's codes.
 */
export function buildFlowLog(input: CreateFlowLogInput, ctx: CreateContext): EmulatedFlowLog {
  checkParameters(input, ctx.settings);
  const resource = checkWorld(input, ctx);
  return {
    flowLogId: ctx.flowLogId,
    regionId: input.regionId,
    flowLogName: input.flowLogName ?? "",
    description: input.description ?? "",
    resourceType: resource.type,
    resourceId: input.resourceId,
    vpcId: resource.vpcId,
    trafficType: input.trafficType,
    projectName: input.projectName ?? "",
    logStoreName: input.logStoreName ?? "",
    aggregationInterval: input.aggregationInterval ?? DEFAULT_AGGREGATION_INTERVAL,
    trafficPath: input.trafficPath !== undefined && input.trafficPath.length > 0 ? [...input.trafficPath] : [...DEFAULT_TRAFFIC_PATH],
    ipVersion: input.ipVersion ?? DEFAULT_IP_VERSION,
    logFormat: input.logFormat ?? DEFAULT_LOG_FORMAT,
    resourceGroupId: input.resourceGroupId ?? ctx.world.defaultResourceGroupId,
    tags: (input.tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    status: "Activating",
    businessStatus: "Normal",
    flowLogDeliverStatus: "SUCCESS",
    flowLogDeliverErrorMessage: "",
    serviceType: "",
    creationTime: formatCreationTime(ctx.nowMs),
    createdAtMs: ctx.nowMs,
    visibleAfterMs: ctx.nowMs + ctx.settings.hideNewForMs,
    pending: null,
  };
}
