export { ServiceError, serviceErrors } from "./errors";
export { ManualClock, systemClock, type Clock } from "./clock";
export { defaultWorld, parseWorld, worldSchema, type WorldDefinition, type WorldRegion } from "./world";
export { FLOW_LOG_RESOURCE_TYPES, WorldIndex, type FlowLogResourceType, type LocatedResource } from "./world-index";
export {
  checkSettings,
  checkServiceOpenRegions,
  defaultSettings,
  EmulatorSettingsError,
  mergeSettings,
  settingsFileSchema,
  settingsPatchSchema,
  type EmulatorSettings,
} from "./settings";
export { parseSnapshot, SNAPSHOT_VERSION, type ServiceSnapshot } from "./snapshot";
export { VpcService, type VpcServiceOptions } from "./vpc-service";
export { AGGREGATION_INTERVALS, IP_VERSIONS, TRAFFIC_PATHS, TRAFFIC_TYPES } from "./flow-log-rules";
export { isSystemTagKey, MAX_TAGS, MAX_TAG_RESOURCE_IDS } from "./tag-rules";
export { FLOW_LOG_TAG_RESOURCE_TYPE } from "./tag-operations";
export { formatCreationTime, newFlowLogId } from "./ids";
export type * from "./types";
export { TRANSITIONAL_STATUSES } from "./types";
