/**
 * The FlowLog provider implementation, loaded at call time by the serialized shim
 * (`require("pulumi-alicloud-flowlog/provider").flowLogProvider`). One instance per process serves every
 * flow log of a stack, so the region watchers and the client are shared.
 */

// First: on an older Node, a clear error instead of a crash inside undici.
import "../node-version";
import { FlowLogProvider } from "./provider";

/** The provider every FlowLog's shim calls into. */
export const flowLogProvider = new FlowLogProvider();

export { FlowLogProvider, type FlowLogConfigureRequest } from "./provider";
export { flowLogProviderShim } from "./shim";
export { checkFlowLogInputs, containsUnknown, FIELD_SCHEMAS, RESOURCE_ID_PREFIXES, type CheckFailure, type CheckResult, type CheckDefaults } from "./check";
export { diffFlowLog, propertyChanged, REPLACE_PROPERTIES, UPDATE_PROPERTIES, type FlowLogDiff } from "./diff";
export {
  parseCloudFlowLog,
  parseFlowLogList,
  createFlowLogParams,
  toOutputs,
  inputsFromCloud,
  cloudFromInputs,
  fullTimeouts,
  desiredStatusOf,
} from "./mapping";
export { planUpdate, stepStillNeeded, describeStep, type UpdateStep, type ModifyParams } from "./update-plan";
export { isSystemTagKey, userTags, sameUserTags, tagChanges, type TagChanges } from "./tags";
export { parseDurationMs, isDuration } from "./duration";
export { nextGapMs, DEFAULT_SCHEDULE, type PollSchedule } from "./schedule";
export { systemClock, sleep, type Clock, type TimerHandle } from "./clock";
export {
  RegionWatcher,
  type WaitOutcome,
  type WaitRequest,
  type Verdict,
  type FlowLogSource,
  type WatcherOptions,
  type WatcherStats,
  type LookOptions,
  type RetryItem,
} from "./watcher";
export { CallPacer, DEFAULT_DESCRIBE_BUDGET, type DescribeBudget } from "./pacer";
export { planRound, listingCalls, LISTING_PAGE_SIZE, type RoundPlan } from "./round-plan";
export { listRegion, type ListingPage, type ListingStop, type RegionListing } from "./region-listing";
export { ProviderContext, defaultSettings, type ProviderSettings } from "./context";
export { pulumiLogger, type Logger } from "./logger";
export { REQUEST_TIMEOUT_KEY, ADOPT_WINDOW_KEY, DESCRIBE_RATE_KEY, configDurationMs, describeBudgetFrom, requestTimeoutsFrom, settingsFromConfig } from "./tuning";
export type { FlowLogApi } from "./api";
export {
  FlowLogProviderError,
  FlowLogInitError,
  FlowLogConflictError,
  FlowLogServiceNotOpenError,
  FlowLogOperationError,
} from "./errors";
export * from "./types";
