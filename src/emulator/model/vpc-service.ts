import { systemClock, type Clock } from "./clock";
import { buildFlowLog } from "./create-flow-log";
import { describeFlowLogs as runDescribe } from "./describe-query";
import { serviceErrors } from "./errors";
import { checkAggregationInterval, checkDescription, checkFlowLogName, checkIpVersion } from "./flow-log-rules";
import { newFlowLogId } from "./ids";
import { checkServiceOpenRegions, defaultSettings, mergeSettings, type EmulatorSettings } from "./settings";
import { parseSnapshot, SNAPSHOT_VERSION, type ServiceSnapshot } from "./snapshot";
import { checkTagResourceType, listTagResources, tagResources, unTagResources } from "./tag-operations";
import { TransitionScheduler } from "./transitions";
import {
  TRANSITIONAL_STATUSES,
  type CreateFlowLogInput,
  type CreateFlowLogResult,
  type DescribeFlowLogsInput,
  type DescribeFlowLogsResult,
  type EmulatedFlowLog,
  type FlowLogRef,
  type FlowLogStatus,
  type ListTagResourcesInput,
  type ListTagResourcesResult,
  type ModifyFlowLogInput,
  type MoveResourceGroupInput,
  type TagResourcesInput,
  type TransitionResult,
  type UnTagResourcesInput,
} from "./types";
import { defaultWorld, type WorldDefinition } from "./world";
import { WorldIndex } from "./world-index";

/** How a VpcService is built; everything is optional. */
export interface VpcServiceOptions {
  /** The account's resources. @default defaultWorld() */
  world?: WorldDefinition;
  /** Overrides of defaultSettings(). */
  settings?: Partial<EmulatorSettings>;
  /** Time source for CreationTime and transition timers. @default systemClock */
  clock?: Clock;
  /** Randomness for flow-log IDs, values in [0, 1). @default Math.random */
  random?: () => number;
  /**
   * Called after a transition's timer changed a flow log (Activating -> Active, Deleting -> gone, ...): changes no API
   * call reports, which persistence must still see.
   */
  onTransition?: () => void;
}

const copy = (f: EmulatedFlowLog): EmulatedFlowLog => structuredClone(f);

/**
 * The emulated flow-log part of the VPC API (2016-04-28), without HTTP: one method per action, typed inputs, every rule of the
 * service. Methods throw {@link ServiceError} carrying the API's code. Write actions start the asynchronous transitions of
 * NOTES.md on the injected clock: Create/Active -> Activating -> Active, Modify -> Modifying -> back, Deactive -> Deactivating ->
 * Inactive, Delete -> Deleting -> gone. A write action on a flow log mid-transition answers IncorrectStatus.flowlog.
 */
export class VpcService {
  private currentSettings: EmulatorSettings;
  private readonly world: WorldIndex;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly flowLogs = new Map<string, EmulatedFlowLog>();
  private readonly timers: TransitionScheduler;
  private readonly onTransition: () => void;

  constructor(options: VpcServiceOptions = {}) {
    this.world = new WorldIndex(options.world ?? defaultWorld());
    this.currentSettings = mergeSettings(defaultSettings(), options.settings);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.onTransition = options.onTransition ?? (() => undefined);
    this.timers = new TransitionScheduler(this.clock, (id) => this.finishTransition(id));
  }

  /** The settings in force (a copy; change them with {@link VpcService.updateSettings}). */
  get settings(): EmulatorSettings {
    return mergeSettings(this.currentSettings, undefined);
  }

  /**
   * Applies a partial settings patch (serviceOpen merged per region). New delays apply to transitions started afterwards; turning
   * `stuckActivating` off lets every stuck flow log finish activating `activationDelayMs` from now.
   * @throws EmulatorSettingsError when `serviceOpen` names a region the world does not have (nothing is changed)
   */
  updateSettings(patch: Partial<EmulatorSettings>): void {
    checkServiceOpenRegions(patch, (regionId) => this.world.hasRegion(regionId));
    this.currentSettings = mergeSettings(this.currentSettings, patch);
    if (!this.currentSettings.stuckActivating) this.releaseStuck();
  }

  /** CreateFlowLog. @throws ServiceError (InvalidRegionId.NotFound, OperationUnsupported.action and the page's codes). */
  createFlowLog(input: CreateFlowLogInput): CreateFlowLogResult {
    this.checkRegion(input.regionId);
    if (this.currentSettings.serviceOpen[input.regionId] === false) throw serviceErrors.serviceNotOpen();
    const flowLog = buildFlowLog(input, {
      world: this.world,
      settings: this.currentSettings,
      regionFlowLogs: [...this.flowLogs.values()].filter((f) => f.regionId === input.regionId),
      flowLogId: this.uniqueId(),
      nowMs: this.clock.now(),
    });
    this.flowLogs.set(flowLog.flowLogId, flowLog);
    this.startActivation(flowLog);
    return { flowLogId: flowLog.flowLogId, resourceGroupId: flowLog.resourceGroupId };
  }

  /** DescribeFlowLogs: filters and paging; hidden (hideNewForMs) flow logs are left out; copies. @throws InvalidParameter */
  describeFlowLogs(input: DescribeFlowLogsInput): DescribeFlowLogsResult {
    this.checkRegion(input.regionId);
    const page = runDescribe(this.flowLogs.values(), input, this.clock.now());
    return { ...page, flowLogs: page.flowLogs.map(copy) };
  }

  /** ModifyFlowLogAttribute: Active/Inactive -> Modifying -> the same status after transitionDelayMs. */
  modifyFlowLogAttribute(input: ModifyFlowLogInput): void {
    const flowLog = this.settled(input);
    checkFlowLogName(input.flowLogName);
    checkDescription(input.description);
    checkAggregationInterval(input.aggregationInterval);
    checkIpVersion(input.ipVersion);
    if (input.ipVersion === "DualStack" && flowLog.trafficPath.some((p) => p !== "all")) {
      throw serviceErrors.userDefinedTrafficPathIpv6();
    }
    if (input.flowLogName !== undefined) flowLog.flowLogName = input.flowLogName;
    if (input.description !== undefined) flowLog.description = input.description;
    if (input.aggregationInterval !== undefined) flowLog.aggregationInterval = input.aggregationInterval;
    if (input.ipVersion !== undefined) flowLog.ipVersion = input.ipVersion;
    if (input.logFormat !== undefined) flowLog.logFormat = input.logFormat;
    const back: TransitionResult = flowLog.status === "Inactive" ? "Inactive" : "Active";
    this.begin(flowLog, "Modifying", back, this.currentSettings.transitionDelayMs);
  }

  /**
   * ActiveFlowLog: Active or Inactive -> Activating -> Active after activationDelayMs (never while stuckActivating).
   * @throws IncorrectBusinessStatus.FlowLog when its BusinessStatus is not Normal (FinancialLocked).
   */
  activeFlowLog(ref: FlowLogRef): void {
    const flowLog = this.settled(ref);
    if (flowLog.businessStatus !== "Normal") throw serviceErrors.incorrectBusinessStatus();
    this.startActivation(flowLog);
  }

  /** DeactiveFlowLog: Active or Inactive -> Deactivating -> Inactive after transitionDelayMs. */
  deactiveFlowLog(ref: FlowLogRef): void {
    this.begin(this.settled(ref), "Deactivating", "Inactive", this.currentSettings.transitionDelayMs);
  }

  /**
   * DeleteFlowLog: Active or Inactive -> Deleting -> gone after transitionDelayMs. A second DeleteFlowLog while Deleting answers
   * IncorrectStatus.flowlog like any write mid-transition: Terraform's provider retries on that code and treats the later
   * InvalidInstanceId.NotFound as done (resource_alicloud_vpc_flow_log.go, delete).
   */
  deleteFlowLog(ref: FlowLogRef): void {
    this.begin(this.settled(ref), "Deleting", "gone", this.currentSettings.transitionDelayMs);
  }

  /** TagResources (ResourceType FLOWLOG). See tag-operations.ts for the codes. */
  tagResources(input: TagResourcesInput): void {
    this.checkRegion(input.regionId);
    tagResources(this.flowLogs, input);
  }

  /** UnTagResources (TagKey.N or All; system tags stay). */
  unTagResources(input: UnTagResourcesInput): void {
    this.checkRegion(input.regionId);
    unTagResources(this.flowLogs, input);
  }

  /** ListTagResources (ResourceId.N and/or Tag.N filters, MaxResults / NextToken paging). */
  listTagResources(input: ListTagResourcesInput): ListTagResourcesResult {
    this.checkRegion(input.regionId);
    return listTagResources(this.flowLogs.values(), input);
  }

  /**
   * MoveResourceGroup (ResourceType FLOWLOG): allowed in any status.
   * @throws InvalidResourceType.NotFound, InvalidInstanceId.NotFound, IllegalParam.ResourceGroupId (unknown NewResourceGroupId).
   */
  moveResourceGroup(input: MoveResourceGroupInput): void {
    this.checkRegion(input.regionId);
    checkTagResourceType(input.resourceType);
    const flowLog = this.find({ regionId: input.regionId, flowLogId: input.resourceId });
    if (!this.world.hasResourceGroup(input.newResourceGroupId)) throw serviceErrors.illegalResourceGroup();
    flowLog.resourceGroupId = input.newResourceGroupId;
  }

  /** GetFlowLogServiceStatus: `enabled` is false only after the region was closed through settings.serviceOpen. */
  getFlowLogServiceStatus(input: { regionId: string }): { enabled: boolean } {
    this.checkRegion(input.regionId);
    return { enabled: this.currentSettings.serviceOpen[input.regionId] !== false };
  }

  /** OpenFlowLogService: opens the region's flow-log service (idempotent). */
  openFlowLogService(input: { regionId: string }): void {
    this.checkRegion(input.regionId);
    this.currentSettings = mergeSettings(this.currentSettings, { serviceOpen: { [input.regionId]: true } });
  }

  /** Every flow log in creation order, hidden and transitional ones included, as plain JSON copies. */
  allFlowLogs(): EmulatedFlowLog[] {
    return [...this.flowLogs.values()].map(copy);
  }

  /** Plain-JSON state for `--state-file`: settings and every flow log, pending transitions with their due times. */
  snapshot(): ServiceSnapshot {
    return { version: SNAPSHOT_VERSION, savedAtMs: this.clock.now(), settings: this.settings, flowLogs: this.allFlowLogs() };
  }

  /**
   * Rebuilds a service from {@link VpcService.snapshot} output (object or JSON text). Settings: defaults, then the snapshot's,
   * then `options.settings`. Transitions resume: one whose due time has passed finishes at once (on the clock's next tick).
   * @throws Error for a malformed snapshot, or one holding flow logs in regions this world does not have (saved with
   *   another world: serving them would answer for regions the world refuses, and dropping them would lose them).
   */
  static restore(snapshot: ServiceSnapshot | string, options: VpcServiceOptions = {}): VpcService {
    const parsed = parseSnapshot(snapshot);
    const settings = mergeSettings(mergeSettings(defaultSettings(), parsed.settings), options.settings);
    const service = new VpcService({ ...options, settings });
    // A state file saved with another world may name regions this one lacks: dropped, as the control API would refuse them.
    const serviceOpen = Object.entries(service.currentSettings.serviceOpen).filter(([regionId]) => service.world.hasRegion(regionId));
    service.currentSettings = { ...service.currentSettings, serviceOpen: Object.fromEntries(serviceOpen) };
    const strays = [...new Set(parsed.flowLogs.map((f) => f.regionId).filter((regionId) => !service.world.hasRegion(regionId)))];
    if (strays.length > 0) {
      throw new Error(`it holds flow logs in regions this world does not have (${strays.join(", ")}): start with the world it was saved with, or another state file`);
    }
    for (const flowLog of parsed.flowLogs) service.flowLogs.set(flowLog.flowLogId, copy(flowLog));
    service.resumeTimers();
    return service;
  }

  /** Clears every pending timer and arms no more; flow logs stay where they are. */
  dispose(): void {
    this.timers.close();
  }

  private checkRegion(regionId: string): void {
    if (!this.world.hasRegion(regionId)) throw serviceErrors.invalidRegion();
  }

  private find(ref: FlowLogRef): EmulatedFlowLog {
    this.checkRegion(ref.regionId);
    const flowLog = this.flowLogs.get(ref.flowLogId);
    if (flowLog === undefined || flowLog.regionId !== ref.regionId) throw serviceErrors.flowLogNotFound();
    return flowLog;
  }

  /** The flow log, provided no transition is under way (IncorrectStatus.flowlog otherwise). */
  /** The flow log a write action (Modify, Active, Deactive, Delete) may change: out of any transition, not made by SLS. */
  private settled(ref: FlowLogRef): EmulatedFlowLog {
    const flowLog = this.find(ref);
    if (flowLog.serviceType === "sls") throw serviceErrors.slsManaged();
    if (TRANSITIONAL_STATUSES.includes(flowLog.status)) throw serviceErrors.incorrectStatus();
    return flowLog;
  }

  private uniqueId(): string {
    for (;;) {
      const id = newFlowLogId(this.random);
      if (!this.flowLogs.has(id)) return id;
    }
  }

  private startActivation(flowLog: EmulatedFlowLog): void {
    const delay = this.currentSettings.stuckActivating ? null : this.currentSettings.activationDelayMs;
    this.begin(flowLog, "Activating", "Active", delay);
  }

  /** Enters a transitional status; `delayMs` null leaves it there until settings change (stuckActivating). */
  private begin(flowLog: EmulatedFlowLog, status: FlowLogStatus, result: TransitionResult, delayMs: number | null): void {
    flowLog.status = status;
    const dueAtMs = delayMs === null ? null : this.clock.now() + delayMs;
    flowLog.pending = { result, dueAtMs };
    if (dueAtMs === null) this.timers.cancel(flowLog.flowLogId);
    else this.timers.schedule(flowLog.flowLogId, dueAtMs);
  }

  private finishTransition(flowLogId: string): void {
    const flowLog = this.flowLogs.get(flowLogId);
    if (flowLog?.pending == null) return;
    const result = flowLog.pending.result;
    if (result === "gone") {
      this.flowLogs.delete(flowLogId);
    } else {
      flowLog.status = result;
      flowLog.pending = null;
    }
    this.onTransition();
  }

  private releaseStuck(): void {
    for (const flowLog of this.flowLogs.values()) {
      if (flowLog.pending !== null && flowLog.pending.dueAtMs === null) {
        this.begin(flowLog, flowLog.status, flowLog.pending.result, this.currentSettings.activationDelayMs);
      }
    }
  }

  private resumeTimers(): void {
    for (const flowLog of this.flowLogs.values()) {
      const due = flowLog.pending?.dueAtMs;
      if (due !== undefined && due !== null) this.timers.schedule(flowLog.flowLogId, due);
    }
    if (!this.currentSettings.stuckActivating) this.releaseStuck();
  }
}
