/**
 * What one configured provider holds in memory: the stack's configuration (never written anywhere), one
 * VpcClient built on first use, one RegionWatcher per region over that client, and the tunables that
 * tests shorten. Module-level state is intended: one provider process serves every flow log of a stack.
 */
import { resolveRegion, VpcClient, type ConfigSource } from "../client";
import { flowLogSource, type FlowLogApi } from "./api";
import { systemClock, type Clock } from "./clock";
import { FlowLogOperationError, isTransient, isUnreachable } from "./errors";
import { KeyedSerializer } from "./keyed-serializer";
import { pulumiLogger, type Logger } from "./logger";
import { DEFAULT_DESCRIBE_BUDGET, type DescribeBudget } from "./pacer";
import { DEFAULT_SCHEDULE, type PollSchedule } from "./schedule";
import { requestTimeoutsFrom } from "./tuning";
import { RegionWatcher, type RetryItem } from "./watcher";

/** Where a FlowLog's region may come from, in the order they are looked at (for errors). */
export const NO_REGION =
  "set the FlowLog's regionId, the stack config alicloud:region, or ALIBABA_CLOUD_REGION or ALICLOUD_REGION in the environment";

/** Tunables of the provider; every one has a production default. */
export interface ProviderSettings {
  readonly clock: Clock;
  readonly schedule: PollSchedule;
  readonly log: Logger;
  /** A flow log missing from DescribeFlowLogs this soon after create is "not visible yet", not gone. @default 30000 */
  readonly absentGraceMs: number;
  /**
   * After a CreateFlowLog whose answer was lost, how long to look for the flow log it may have made.
   * @default 20000, or config `alicloud-flowlog:adoptWindow` (tuning.ts)
   */
  readonly adoptWindowMs: number;
  /** How long a status from before an operation may still be reported after it (stale reads). @default 5000 */
  readonly staleGraceMs: number;
  /** Smallest gap between two progress lines with the same status. @default 5000 */
  readonly progressEveryMs: number;
  /** DescribeFlowLogs calls per second each region's watcher may make (pacer.ts). @default DEFAULT_DESCRIBE_BUDGET (2.5/s, burst 5) */
  readonly describeBudget: DescribeBudget;
  /** How long a pre-create note or a lookup (update's, or delete's after a refusal) waits for others to share its round. @default 30 */
  readonly coalesceMs: number;
  /** Environment for region resolution. @default process.env */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Builds the API client from the stack configuration.
   * @default a VpcClient with `config` set, request timeouts from `alicloud-flowlog:requestTimeout` (tuning.ts), retry lines to `log`
   */
  readonly createApi: (config: ConfigSource | undefined, log: Logger) => FlowLogApi;
}

/** Production settings. */
export function defaultSettings(): ProviderSettings {
  return {
    clock: systemClock,
    schedule: DEFAULT_SCHEDULE,
    log: pulumiLogger,
    absentGraceMs: 30_000,
    adoptWindowMs: 20_000,
    staleGraceMs: 5_000,
    progressEveryMs: 5_000,
    describeBudget: DEFAULT_DESCRIBE_BUDGET,
    coalesceMs: 30,
    env: process.env,
    createApi: (config, log) => {
      const timeouts = requestTimeoutsFrom(config);
      return new VpcClient({ ...(config === undefined ? {} : { config }), ...(timeouts === undefined ? {} : { timeouts }), logger: log });
    },
  };
}

/** A configured provider's state. */
export class ProviderContext {
  private client: FlowLogApi | undefined;
  private readonly watchers = new Map<string, RegionWatcher>();
  /** Creates' note-then-CreateFlowLog steps, one at a time per region and resource (create.ts). */
  readonly createsByResource = new KeyedSerializer();
  /** Ids of the flow logs this provider's creates made, per `region/resource`: a later create never adopts them (create.ts). */
  readonly createdOnResource = new Map<string, Set<string>>();

  constructor(
    private readonly config: ConfigSource | undefined,
    readonly settings: ProviderSettings,
  ) {}

  /** The client, built on first use (credentials are resolved by the client at call time). */
  get api(): FlowLogApi {
    this.client ??= this.settings.createApi(this.config, this.settings.log);
    return this.client;
  }

  /** The region from config `alicloud:region` or the environment (ALIBABA_CLOUD_REGION, ALICLOUD_REGION), if any. */
  defaultRegion(): string | undefined {
    return resolveRegion({ config: this.config, env: this.settings.env });
  }

  /**
   * The region to use: the resource's own, else the default.
   * @throws FlowLogOperationError when neither is set.
   */
  regionOf(explicit: unknown): string {
    const region = (typeof explicit === "string" && explicit !== "" ? explicit : undefined) ?? this.defaultRegion();
    if (region === undefined) {
      throw new FlowLogOperationError(`No region: ${NO_REGION}`);
    }
    return region;
  }

  /** The one watcher for this region (this client, hence these credentials and endpoint). */
  watcher(regionId: string): RegionWatcher {
    let watcher = this.watchers.get(regionId);
    if (watcher === undefined) {
      // Retries inside a round are reported to the watcher, so a wait that times out meanwhile names their cause.
      const retried = (error: unknown, item?: RetryItem): void => created.noteRetry(error, item);
      const created = new RegionWatcher(flowLogSource(this.api, regionId, retried), {
        clock: this.settings.clock,
        schedule: this.settings.schedule,
        isTransient,
        isOutage: isUnreachable,
        budget: this.settings.describeBudget,
        coalesceMs: this.settings.coalesceMs,
        log: this.settings.log,
      });
      watcher = created;
      this.watchers.set(regionId, watcher);
    }
    return watcher;
  }

  /** Closes the client's connections; the next call builds a new client. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.watchers.clear();
    await client?.close();
  }

  /** Milliseconds left until `deadline` (never negative). */
  remaining(deadline: number): number {
    return Math.max(0, deadline - this.settings.clock.now());
  }
}
