/**
 * One watcher per region (per client, hence per credentials and endpoint), shared by every wait in the
 * provider process (issue 6). Each tick runs ONE DescribeFlowLogs round that serves every waiter: by
 * FlowLogId when one or two wait, otherwise every page of the region at PageSize 50. Ticks follow the
 * youngest waiter's schedule (see schedule.ts), so a new flow log is looked at soon even while older
 * waits have backed off. A round only answers waiters that were registered before it started, so a
 * look taken before an operation never settles a wait for that operation.
 */
import type { Clock, TimerHandle } from "./clock";
import { DEFAULT_SCHEDULE, nextGapMs, type PollSchedule } from "./schedule";
import type { CloudFlowLog } from "./types";

/** How a waiter judges one sighting of its flow log. */
export type Verdict = "reached" | "pending" | "failed";

/** Explicit end of a wait; `elapsedMs` counts from `wait()`'s call. */
export type WaitOutcome =
  | { readonly kind: "reached"; readonly flowLog?: CloudFlowLog; readonly elapsedMs: number }
  | { readonly kind: "failed"; readonly status: string; readonly flowLog: CloudFlowLog; readonly elapsedMs: number }
  | { readonly kind: "gone"; readonly lastSeen?: CloudFlowLog; readonly elapsedMs: number }
  | { readonly kind: "timeout"; readonly lastSeen?: CloudFlowLog; readonly elapsedMs: number }
  | { readonly kind: "aborted"; readonly lastSeen?: CloudFlowLog; readonly elapsedMs: number }
  | { readonly kind: "error"; readonly error: unknown; readonly lastSeen?: CloudFlowLog; readonly elapsedMs: number };

/** What to wait for. */
export interface WaitRequest {
  readonly flowLogId: string;
  /** Judges each sighting; `elapsedMs` lets a caller accept a stale status for a short while. */
  classify(flowLog: CloudFlowLog, elapsedMs: number): Verdict;
  /** What absence means: "reached" when waiting for a delete, "gone" otherwise (after the grace below). */
  readonly whenAbsent: "reached" | "gone";
  /** Absent within this long after the wait began is "not visible yet" (eventual consistency). @default 0 */
  readonly absentGraceMs?: number;
  /** The wait ends with "timeout" after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called after every round that saw (or missed) the flow log. */
  onProgress?(flowLog: CloudFlowLog | undefined, elapsedMs: number): void;
}

/** Where a watcher reads flow logs from; built over the client for one region. */
export interface FlowLogSource {
  /** The flow log with this id, or undefined when DescribeFlowLogs does not list it. */
  byId(flowLogId: string): Promise<CloudFlowLog | undefined>;
  /** Every flow log of the region (all pages, PageSize 50). */
  all(): Promise<CloudFlowLog[]>;
}

/** Watcher settings; everything injectable for tests. */
export interface WatcherOptions {
  readonly clock: Clock;
  readonly schedule?: PollSchedule;
  /** True for an error that a later round may not see (throttling, 5xx, network): the wait goes on. */
  readonly isTransient?: (error: unknown) => boolean;
  /** Most waiters served by per-id calls; above it a round lists the region. @default 2 */
  readonly maxByIdWaiters?: number;
  readonly log?: (line: string) => void;
}

interface Waiter {
  readonly request: WaitRequest;
  readonly startedAt: number;
  nextDueAt: number;
  lastSeen?: CloudFlowLog;
  deadlineTimer: TimerHandle;
  onAbort?: () => void;
  settle(outcome: WaitOutcome): void;
}

/** Counters for tests and benchmarks. */
export interface WatcherStats {
  rounds: number;
  describeCalls: number;
}

/** Serves every wait on the flow logs of one region with one DescribeFlowLogs round per tick. */
export class RegionWatcher {
  readonly stats: WatcherStats = { rounds: 0, describeCalls: 0 };
  private readonly waiters = new Set<Waiter>();
  private readonly schedule: PollSchedule;
  private timer: TimerHandle | undefined;
  private timerDueAt = Infinity;
  private roundInFlight = false;

  constructor(
    private readonly source: FlowLogSource,
    private readonly options: WatcherOptions,
  ) {
    this.schedule = options.schedule ?? DEFAULT_SCHEDULE;
  }

  /** Number of waits in progress. */
  get size(): number {
    return this.waiters.size;
  }

  /** Waits until the request's flow log reaches, fails, goes, times out or is aborted. Never rejects. */
  wait(request: WaitRequest): Promise<WaitOutcome> {
    const clock = this.options.clock;
    const startedAt = clock.now();
    return new Promise<WaitOutcome>((resolve) => {
      const waiter: Waiter = {
        request,
        startedAt,
        nextDueAt: startedAt + nextGapMs(0, this.schedule),
        deadlineTimer: undefined,
        settle: (outcome) => {
          if (!this.waiters.delete(waiter)) return;
          clock.clearTimer(waiter.deadlineTimer);
          if (waiter.onAbort) request.signal?.removeEventListener("abort", waiter.onAbort);
          resolve(outcome);
          this.reschedule();
        },
      };
      const elapsed = (): number => clock.now() - startedAt;
      if (request.signal?.aborted) {
        resolve({ kind: "aborted", elapsedMs: 0 });
        return;
      }
      this.waiters.add(waiter);
      waiter.deadlineTimer = clock.setTimer(
        () => waiter.settle({ kind: "timeout", lastSeen: waiter.lastSeen, elapsedMs: elapsed() }),
        request.timeoutMs,
      );
      if (request.signal) {
        waiter.onAbort = () => waiter.settle({ kind: "aborted", lastSeen: waiter.lastSeen, elapsedMs: elapsed() });
        request.signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.reschedule();
    });
  }

  /** Sets the tick timer for the earliest look any waiter is due (the youngest waiter drives it). */
  private reschedule(): void {
    if (this.roundInFlight) return;
    const clock = this.options.clock;
    if (this.waiters.size === 0) {
      if (this.timer !== undefined) clock.clearTimer(this.timer);
      this.timer = undefined;
      this.timerDueAt = Infinity;
      return;
    }
    const due = Math.min(...[...this.waiters].map((waiter) => waiter.nextDueAt));
    if (this.timer !== undefined && due >= this.timerDueAt) return;
    if (this.timer !== undefined) clock.clearTimer(this.timer);
    this.timerDueAt = due;
    this.timer = clock.setTimer(() => void this.tick(), Math.max(0, due - clock.now()));
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.timerDueAt = Infinity;
    const served = [...this.waiters];
    if (served.length === 0) return;
    this.roundInFlight = true;
    this.stats.rounds += 1;
    try {
      const seen = await this.round(served);
      for (const waiter of served) this.apply(waiter, seen.get(waiter.request.flowLogId));
    } catch (error) {
      this.roundFailed(served, error);
    } finally {
      this.roundInFlight = false;
      const now = this.options.clock.now();
      for (const waiter of served) waiter.nextDueAt = now + nextGapMs(now - waiter.startedAt, this.schedule);
      this.reschedule();
    }
  }

  /** One DescribeFlowLogs round: by id for a few waiters, the whole region otherwise. */
  private async round(served: Waiter[]): Promise<Map<string, CloudFlowLog>> {
    const ids = [...new Set(served.map((waiter) => waiter.request.flowLogId))];
    const seen = new Map<string, CloudFlowLog>();
    if (ids.length <= (this.options.maxByIdWaiters ?? 2)) {
      this.stats.describeCalls += ids.length;
      const found = await Promise.all(ids.map((id) => this.source.byId(id)));
      for (const flowLog of found) if (flowLog) seen.set(flowLog.flowLogId, flowLog);
    } else {
      this.stats.describeCalls += 1;
      for (const flowLog of await this.source.all()) seen.set(flowLog.flowLogId, flowLog);
    }
    return seen;
  }

  private apply(waiter: Waiter, flowLog: CloudFlowLog | undefined): void {
    if (!this.waiters.has(waiter)) return;
    const { request } = waiter;
    const elapsedMs = this.options.clock.now() - waiter.startedAt;
    request.onProgress?.(flowLog, elapsedMs);
    if (flowLog === undefined) {
      if (request.whenAbsent === "reached") waiter.settle({ kind: "reached", elapsedMs });
      else if (elapsedMs >= (request.absentGraceMs ?? 0)) waiter.settle({ kind: "gone", lastSeen: waiter.lastSeen, elapsedMs });
      return;
    }
    waiter.lastSeen = flowLog;
    const verdict = request.classify(flowLog, elapsedMs);
    if (verdict === "reached") waiter.settle({ kind: "reached", flowLog, elapsedMs });
    else if (verdict === "failed") waiter.settle({ kind: "failed", status: flowLog.status, flowLog, elapsedMs });
  }

  private roundFailed(served: Waiter[], error: unknown): void {
    const transient = this.options.isTransient?.(error) ?? true;
    const message = error instanceof Error ? error.message : String(error);
    this.options.log?.(`DescribeFlowLogs failed while waiting (${transient ? "will look again" : "giving up"}): ${message}`);
    if (transient) return;
    for (const waiter of served) {
      waiter.settle({ kind: "error", error, lastSeen: waiter.lastSeen, elapsedMs: this.options.clock.now() - waiter.startedAt });
    }
  }
}
