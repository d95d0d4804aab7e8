/**
 * One watcher per region (per client, hence per credentials and endpoint), shared by every wait, pre-create note
 * and lookup in the provider process (issue 6). Each round is ONE DescribeFlowLogs plan that serves all of
 * them: one call per item (FlowLogId, or ResourceId for a note) when that is cheaper, otherwise every page of the
 * region at PageSize 50 (round-plan.ts). One or two waits look on their own schedule (schedule.ts); many share rounds
 * that go once half of them are due, a wait not being due before its kind usually settles (settle-history.ts), and looked
 * at again right after that time when a round came just before it (nextLookAt). Notes and
 * lookups start one after a short coalescing window, and every shared round is paced by the region's DescribeFlowLogs
 * budget (pacer.ts), so the calls per second stay bounded however many flow logs wait.
 *
 * A round only answers what was registered before it started: a look taken before an operation never settles a wait
 * for that operation. A create's note (issue 5: never adopt a flow log that existed before our CreateFlowLog) comes
 * from a round that starts after the create asked, or from the last region listing if that started at most 1 s before
 * and it is the process's first note on that resource (see `note`): then the next wave of a stack's creates sends its
 * CreateFlowLogs without a round for their notes. What the listings know together is in known-region.ts.
 */
import type { Clock, TimerHandle } from "./clock";
import { FlowLogOperationError } from "./errors";
import { CallPacer, DEFAULT_DESCRIBE_BUDGET, type DescribeBudget } from "./pacer";
import { knownAfter, listedLate, onResourceOf, withSightings, type KnownRegion } from "./known-region";
import type { ListingStop, RegionListing } from "./region-listing";
import { planRound, type RoundPlan } from "./round-plan";
import { DEFAULT_SCHEDULE, loneSchedule, nextGapMs, type PollSchedule } from "./schedule";
import { SettleHistory, type SettleHistoryOptions } from "./settle-history";
import type { CloudFlowLog } from "./types";

/** How a waiter judges one sighting of its flow log. */
export type Verdict = "reached" | "pending" | "failed";

/** Explicit end of a wait; `elapsedMs` counts from `wait()`'s call. */
export type WaitOutcome =
  | { readonly kind: "reached"; readonly flowLog?: CloudFlowLog; readonly elapsedMs: number }
  | { readonly kind: "failed"; readonly status: string; readonly flowLog: CloudFlowLog; readonly elapsedMs: number }
  | { readonly kind: "gone"; readonly lastSeen?: CloudFlowLog; readonly elapsedMs: number }
  /**
   * `lastError`: the last DescribeFlowLogs error about this wait's flow log since a round last saw it (its own call's, or the
   * whole round's, or a retried attempt's in the round in flight: throttling, say); never another flow log's call's.
   */
  | { readonly kind: "timeout"; readonly lastSeen?: CloudFlowLog; readonly elapsedMs: number; readonly lastError?: unknown }
  | { readonly kind: "aborted"; readonly lastSeen?: CloudFlowLog; readonly elapsedMs: number }
  | { readonly kind: "error"; readonly error: unknown; readonly lastSeen?: CloudFlowLog; readonly elapsedMs: number };

/** What to wait for. */
export interface WaitRequest {
  readonly flowLogId: string;
  /**
   * What the wait is for ("Active", "gone", ...): waits of one kind learn from each other how long they take, and once a
   * few have settled a younger one does not drive listing rounds before then (settle-history.ts). Omitted: never held.
   */
  readonly kind?: string;
  /** Judges each sighting; `elapsedMs` lets a caller accept a stale status for a short while. */
  classify(flowLog: CloudFlowLog, elapsedMs: number): Verdict;
  /** What absence means: "reached" when waiting for a delete, "gone" otherwise (after the grace below). */
  readonly whenAbsent: "reached" | "gone";
  /** Absent within this long after the wait began is "not visible yet" (eventual consistency), unless a round saw it in this wait. @default 0 */
  readonly absentGraceMs?: number;
  /**
   * The flow log as the caller saw it just before this wait (an update's own sighting): the wait starts as if a round had
   * seen it, so its absence is "gone" at once (confirmed by FlowLogId, as any seen flow log's is), never "not visible yet".
   */
  readonly lastSeen?: CloudFlowLog;
  /**
   * Confirm absence from a region listing by FlowLogId in the same round before acting on it (a paged listing is not a
   * snapshot: see `round`). For a wait whose absence ends an operation as done although nothing we sent removes the flow
   * log (delete's wait after a refused or unanswered DeleteFlowLog). @default false
   */
  readonly confirmAbsence?: boolean;
  /** The wait ends with "timeout" after this long. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called after every round that saw (or missed) the flow log. */
  onProgress?(flowLog: CloudFlowLog | undefined, elapsedMs: number): void;
}

/** Limits of a one-shot look ({@link RegionWatcher.lookup}, {@link RegionWatcher.note}). */
export interface LookOptions {
  /** Rejects with FlowLogOperationError after this long without an answer (transient failures are retried until then). */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /**
   * Reject with the error of a failed round even when a later round might succeed (the client has already retried it
   * within its own policy): for a read, whose caller wants an answer or an error, not a wait. @default false
   */
  readonly failOnError?: boolean;
}

/** Where a watcher reads flow logs from; built over the client for one region. */
export interface FlowLogSource {
  /** The flow log with this id, or undefined when DescribeFlowLogs does not list it (one call). */
  byId(flowLogId: string): Promise<CloudFlowLog | undefined>;
  /** Every flow log on one cloud resource (DescribeFlowLogs by ResourceId, all pages; one call in practice). */
  byResource(resourceId: string): Promise<CloudFlowLog[]>;
  /**
   * Every flow log of the region (all pages, PageSize 50, read as region-listing.ts says), and whether a flow log it
   * lacks was surely absent at some moment of the listing; or only its newest pages, when `stop` allows. `estimatedCount`:
   * flow logs at the last listing, if any. `maxPages`: a region found to take more pages is not listed (see listRegion).
   */
  all(estimatedCount?: number, stop?: ListingStop, maxPages?: number): Promise<RegionListing>;
}

/** Watcher settings; everything injectable for tests. */
export interface WatcherOptions {
  readonly clock: Clock;
  readonly schedule?: PollSchedule;
  /** True for an error that a later round may not see (throttling, 5xx, network): waits and looks go on. */
  readonly isTransient?: (error: unknown) => boolean;
  /**
   * True for an error that is not transient from an endpoint never reached (nothing listens there) but is an outage to
   * ride out once the endpoint has answered this watcher ({@link RegionWatcher.answered}).
   */
  readonly isOutage?: (error: unknown) => boolean;
  /** Up to this many items are always served by per-item calls (a region of unknown size is never listed for them). @default 2 */
  readonly maxByIdWaiters?: number;
  /**
   * DescribeFlowLogs calls per second the rounds may make; rounds for at most `maxByIdWaiters` flow logs are not held back
   * (their own schedule bounds them) but count. @default DEFAULT_DESCRIBE_BUDGET (2.5/s, burst 5)
   */
  readonly budget?: DescribeBudget;
  /** How long a note or lookup waits for others to join its round. @default 30 */
  readonly coalesceMs?: number;
  /**
   * A note may be answered at once from the last region listing if that listing started at most this long before the
   * note was asked (see {@link RegionWatcher.note}). 0 = every note waits for a round of its own. @default DEFAULT_NOTE_MAX_AGE_MS
   */
  readonly noteMaxAgeMs?: number;
  /** How waits of one kind learn their settle time (see settle-history.ts). */
  readonly settleHistory?: SettleHistoryOptions;
  readonly log?: (line: string) => void;
}

interface Waiter {
  readonly request: WaitRequest;
  readonly startedAt: number;
  /** When a shared round should look next (the schedule). */
  nextDueAt: number;
  /** When a round last looked (at first, the start): a lone round's next look follows the lone schedule from there. */
  lookedAt: number;
  /** Before this time the waiter does not drive a round that is not its own (a listing, or per-item calls for many). */
  readonly heldUntil: number;
  /** Half its timeout, until a round has looked at it: a wait looks at least once before it gives up (Infinity after). */
  firstLookBy: number;
  lastSeen?: CloudFlowLog;
  /** The last failure of a call that asked about this flow log, until a round sees it (named if the wait times out). */
  lastError?: unknown;
  deadlineTimer: TimerHandle;
  onAbort?: () => void;
  settle(outcome: WaitOutcome): void;
}

/** What one DescribeFlowLogs call asked about: a flow log by id, or the flow logs on a resource. */
export interface RetryItem {
  readonly kind: "id" | "resource";
  readonly key: string;
}

/** A one-shot look: a flow log by id, or the flow logs on a resource. */
interface Query {
  readonly kind: "id" | "resource";
  readonly key: string;
  readonly askedAt: number;
  readonly failOnError: boolean;
  /** When the next round for it is due: soon after it is asked, later after each failed round (as a wait's schedule). */
  dueAt: number;
  /** The last transient failure of a call that asked for it (named if the look times out). */
  lastError?: unknown;
  answer(view: RoundView): void;
  fail(error: unknown): void;
}

/** What one round saw. */
interface RoundView {
  byId(flowLogId: string): CloudFlowLog | undefined;
  onResource(resourceId: string): CloudFlowLog[];
}

/**
 * The items whose own call failed in a round that went on (a confirmation by FlowLogId, a note by ResourceId, a per-item
 * call): their waits and looks get that error, or the next round when it is transient; the round still serves the others.
 */
interface ItemFailures {
  readonly ids: Map<string, unknown>;
  readonly resources: Map<string, unknown>;
}

/** A listing round's answer: what it saw, the calls it made, what the watcher keeps for later notes (`lastListing`), and its items' failures. */
interface RoundResult {
  readonly view: RoundView;
  readonly made: number;
  readonly known: KnownRegion | undefined;
  readonly failed: ItemFailures;
}

/**
 * How old (ms, from the listing's start to the note's call) a region listing may be and still serve a create's note. A
 * create that starts after a shared round released others (a stack's next wave) then sends its CreateFlowLog at once,
 * without a round of its own: bench/scale.ts, N = 200, one of the two rounds per wave of creates.
 */
export const DEFAULT_NOTE_MAX_AGE_MS = 1_000;

/**
 * Margin added to the quickest recent settle time of a kind (settle-history.ts) before a held wait is due or a follow-up
 * look goes (RegionWatcher.nextLookAt). That sample runs from the wait's start to the start of the round that saw it, so
 * it can fall a few milliseconds short of the transition (bench/scale.ts: 998 ms for flow logs that took 1000 ms from
 * their CreateFlowLog): a round right at that time missed part of a wave and left it for a whole grown gap.
 */
export const FOLLOW_UP_MS = 30;

/** Counters for tests and benchmarks. */
export interface WatcherStats {
  rounds: number;
  /** DescribeFlowLogs calls made by rounds (a listing counts its pages). */
  describeCalls: number;
}

/** Serves every wait and look on the flow logs of one region with shared, paced DescribeFlowLogs rounds. */
export class RegionWatcher {
  readonly stats: WatcherStats = { rounds: 0, describeCalls: 0 };
  private readonly waiters = new Set<Waiter>();
  private readonly queries = new Set<Query>();
  private readonly schedule: PollSchedule;
  /** The schedule of one or two waits served by their own calls (schedule.ts loneSchedule). */
  private readonly lone: PollSchedule;
  private readonly pacer: CallPacer;
  private readonly history: SettleHistory;
  private timer: TimerHandle | undefined;
  private timerDueAt = Infinity;
  private roundInFlight = false;
  /** Flow logs in the region at the last listing: the estimate of the next listing's pages. */
  private regionSize: number | undefined;
  /** Notes asked so far, and how many had been asked when the last listing started (creates since then add flow logs). */
  private notesAsked = 0;
  private notesAtListing = 0;
  /**
   * The last failure that was not one item's: a whole round's, or a retried attempt's in the round in flight (the client
   * does not say for which item). Cleared when a round goes on; each wait and look also keeps its own item's.
   */
  private lastError: unknown;
  private everAnswered = false;
  /**
   * What the last region listing knew, by the time its round started: notes may be answered from it while it is fresh.
   * Kept from a listing whose absences are sure, and carried on by partial listings (which add what is newer than
   * `newest`); other listings add what they saw. It may hold flow logs deleted since: a note that names one too many only
   * excludes it from adoption.
   */
  private lastListing: KnownRegion | undefined;
  /**
   * Every resource a note was asked for. Never pruned: the watcher does not learn when a create that noted a resource sends
   * its CreateFlowLog or gets the answer (a note answered by a listing, or from one, is followed by a CreateFlowLog that a
   * later listing may have missed), so only a resource's first note may come from a listing. One entry per resource this
   * process creates a flow log on.
   */
  private readonly noted = new Set<string>();
  /** The newest CreationTime any round has seen; see {@link newestCreationTime}. */
  private newestSeen: string | undefined;

  constructor(
    private readonly source: FlowLogSource,
    private readonly options: WatcherOptions,
  ) {
    this.schedule = options.schedule ?? DEFAULT_SCHEDULE;
    this.lone = loneSchedule(this.schedule);
    this.pacer = new CallPacer(options.budget ?? DEFAULT_DESCRIBE_BUDGET);
    this.history = new SettleHistory(options.settleHistory);
  }

  /** Number of waits in progress. */
  get size(): number {
    return this.waiters.size;
  }

  /**
   * The newest CreationTime (service time, ISO 8601) of any flow log a round of this watcher has seen, if any. A flow log
   * created after this is read was created at or after it (create.ts: a flow log created well before it is never taken
   * for the one a lost CreateFlowLog made).
   */
  get newestCreationTime(): string | undefined {
    return this.newestSeen;
  }

  /** Keeps the newest CreationTime among `flowLogs`. */
  private sawCreated(flowLogs: Iterable<CloudFlowLog | undefined>): void {
    for (const flowLog of flowLogs) {
      const time = flowLog?.creationTime;
      if (time && (this.newestSeen === undefined || time > this.newestSeen)) this.newestSeen = time;
    }
  }

  /** Waits until the request's flow log reaches, fails, goes, times out or is aborted. Never rejects. */
  wait(request: WaitRequest): Promise<WaitOutcome> {
    const clock = this.options.clock;
    const startedAt = clock.now();
    return new Promise<WaitOutcome>((resolve) => {
      const waiter: Waiter = {
        request,
        startedAt,
        ...(request.lastSeen === undefined ? {} : { lastSeen: request.lastSeen }),
        nextDueAt: startedAt + nextGapMs(0, this.schedule),
        lookedAt: startedAt,
        // Never held past half its timeout: a wait looks at least once before it gives up.
        heldUntil: Math.min(this.expectedSettleAt(request.kind, startedAt, startedAt) ?? startedAt, startedAt + request.timeoutMs / 2),
        firstLookBy: startedAt + request.timeoutMs / 2,
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
        () =>
          waiter.settle({
            kind: "timeout",
            lastSeen: waiter.lastSeen,
            elapsedMs: elapsed(),
            ...withLastError(waiter.lastError ?? this.lastError),
          }),
        request.timeoutMs,
      );
      if (request.signal) {
        waiter.onAbort = () => waiter.settle({ kind: "aborted", lastSeen: waiter.lastSeen, elapsedMs: elapsed() });
        request.signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.reschedule();
    });
  }

  /**
   * The flow log as a round that started after this call sees it (undefined when DescribeFlowLogs does not list it).
   * Shared with every other wait and look of the region (update's first look, delete's after a refusal).
   * @throws FlowLogOperationError after `timeoutMs` without an answer; the round's error when it is not transient; the signal's reason.
   */
  lookup(flowLogId: string, options: LookOptions): Promise<CloudFlowLog | undefined> {
    return this.look("id", flowLogId, options, (view) => view.byId(flowLogId));
  }

  /**
   * Every flow log on `resourceId` before this call: create's note of what existed before its CreateFlowLog (issue 5).
   * Answered at once from the last region listing when that started at most `noteMaxAgeMs` (default 1 s) before this
   * call and no other note on the same resource was ever asked in this process (a create of this process on the resource
   * may be missing from it: its note, even one asked before the listing started, says nothing about when its CreateFlowLog
   * lands); otherwise from a round that starts after this call, shared by every create that starts
   * within the coalescing window. Either way the note is older than the CreateFlowLog that follows it: a flow log that
   * another client creates on the same resource in between is not in it (with a fresh round the gap is that round's
   * duration; with a reused listing, at most `noteMaxAgeMs` more).
   * @throws as {@link lookup}.
   */
  note(resourceId: string, options: LookOptions): Promise<CloudFlowLog[]> {
    const now = this.options.clock.now();
    const listing = this.lastListing;
    const maxAgeMs = this.options.noteMaxAgeMs ?? DEFAULT_NOTE_MAX_AGE_MS;
    const fresh =
      listing !== undefined &&
      maxAgeMs > 0 &&
      now - listing.startedAt <= maxAgeMs &&
      !this.noted.has(resourceId);
    this.noted.add(resourceId);
    this.notesAsked += 1;
    if (fresh && !options.signal?.aborted) return Promise.resolve(onResourceOf(listing.flowLogs, resourceId));
    return this.look("resource", resourceId, options, (view) => view.onResource(resourceId));
  }

  /** Keeps what a region listing knew for {@link note}. */
  private rememberListing(known: KnownRegion): void {
    if (this.lastListing !== undefined && this.lastListing.startedAt > known.startedAt) return;
    this.lastListing = known;
  }

  private look<T>(kind: Query["kind"], key: string, options: LookOptions, pick: (view: RoundView) => T): Promise<T> {
    const clock = this.options.clock;
    return new Promise<T>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(options.signal.reason);
        return;
      }
      const done = (): boolean => {
        if (!this.queries.delete(query)) return false;
        clock.clearTimer(timer);
        options.signal?.removeEventListener("abort", onAbort);
        this.reschedule();
        return true;
      };
      const query: Query = {
        kind,
        key,
        askedAt: clock.now(),
        failOnError: options.failOnError ?? false,
        dueAt: clock.now() + (this.options.coalesceMs ?? 30),
        answer: (view) => {
          if (done()) resolve(pick(view));
        },
        fail: (error) => {
          if (done()) reject(error);
        },
      };
      const onAbort = (): void => query.fail(options.signal?.reason);
      const timer = clock.setTimer(() => query.fail(this.lookTimeout(kind, key, options.timeoutMs, query.lastError ?? this.lastError)), options.timeoutMs);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.queries.add(query);
      this.reschedule();
    });
  }

  private lookTimeout(kind: Query["kind"], key: string, timeoutMs: number, lastError: unknown): FlowLogOperationError {
    // Not the resource's ID: an input may be pulumi.secret(), which a dynamic provider cannot tell (check.ts outline).
    const what = kind === "id" ? `flow log ${key}` : "the flow logs on the resource (resourceId)";
    const last = lastError === undefined ? "" : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
    return new FlowLogOperationError(`DescribeFlowLogs could not look up ${what} within ${Math.round(timeoutMs / 1000)} s${last}`);
  }

  /** True once DescribeFlowLogs has answered this watcher (its endpoint is reachable): a refused connection is an outage. */
  get answered(): boolean {
    return this.everAnswered;
  }

  /**
   * A failed DescribeFlowLogs attempt the client is retrying inside the round in flight, so a wait or look that times
   * out before the round ends names the cause (Throttling, a refused connection). A call about one item (`item`: by
   * FlowLogId or ResourceId) is that item's waits' and looks' last error only; a listing page's is the region's, kept
   * until a round goes on.
   */
  noteRetry(error: unknown, item?: RetryItem): void {
    if (item === undefined) {
      this.lastError = error;
      return;
    }
    if (item.kind === "id") for (const waiter of this.waiters) if (waiter.request.flowLogId === item.key) waiter.lastError = error;
    for (const query of this.queries) if (query.kind === item.kind && query.key === item.key) query.lastError = error;
  }

  /** The plan for everything registered now. */
  private plan(): RoundPlan {
    const ids = new Set<string>();
    const resourceIds = new Set<string>();
    for (const waiter of this.waiters) ids.add(waiter.request.flowLogId);
    for (const query of this.queries) (query.kind === "id" ? ids : resourceIds).add(query.key);
    return planRound([...ids], [...resourceIds], this.regionSize, this.minPerItem());
  }

  private minPerItem(): number {
    return this.options.maxByIdWaiters ?? 2;
  }

  /** When the next round is due: the earliest waiter or look, but not before the budget allows its calls. */
  private dueAt(now: number = this.options.clock.now()): number {
    const plan = this.plan();
    // A round for one or two flow logs goes at their own schedule: that keeps a lone wait prompt (bench:active) and is
    // bounded anyway (at most two calls per 0.15 s, then fewer: schedule.ts loneBaseGapMs). Its calls still count, so a listing that follows waits for them.
    if (plan.kind === "per-item" && plan.calls <= this.minPerItem()) {
      let due = Infinity;
      for (const waiter of this.waiters) due = Math.min(due, waiter.firstLookBy, waiter.lookedAt + nextGapMs(waiter.lookedAt - waiter.startedAt, this.lone));
      for (const query of this.queries) due = Math.min(due, query.dueAt);
      return due;
    }
    let due = this.sharedWaitersDueAt(plan.calls);
    for (const query of this.queries) due = Math.min(due, query.dueAt);
    if (due === Infinity) return due;
    return Math.max(due, this.pacer.earliest(now, plan.calls));
  }

  /**
   * When the waits call for a shared round of `calls` calls: once as many of them are due as the round costs calls and
   * at least half of them, or once the first due one has been late by one more of its gaps, whichever is sooner. A young
   * waiter whose kind usually takes longer is not due before it is held until (settle-history.ts). Without this,
   * staggered waits each call a round of several pages for themselves alone, every few hundred milliseconds
   * (bench/scale.ts, N = 200: 238 DescribeFlowLogs calls before, 114 with this and the hold). Notes and lookups are not
   * held: an operation waits on them.
   */
  private sharedWaitersDueAt(calls: number): number {
    const dues = [...this.waiters].map((waiter) => Math.max(waiter.nextDueAt, waiter.heldUntil)).sort((a, b) => a - b);
    const first = dues[0];
    if (first === undefined) return Infinity;
    const enough = dues[Math.min(Math.max(calls, Math.ceil(dues.length / 2)), dues.length) - 1]!;
    const firstWaiter = [...this.waiters].find((waiter) => Math.max(waiter.nextDueAt, waiter.heldUntil) === first)!;
    const lateBy = nextGapMs(first - firstWaiter.startedAt, this.schedule);
    // A wait not looked at yet is looked at by half its timeout (a short one: the operation's remaining time).
    let firstLookBy = Infinity;
    for (const waiter of this.waiters) firstLookBy = Math.min(firstLookBy, waiter.firstLookBy);
    return Math.min(enough, first + lateBy, firstLookBy);
  }

  /** Sets the round timer for the time {@link dueAt} gives (the youngest waiter drives it, the budget holds it back). */
  private reschedule(): void {
    if (this.roundInFlight) return;
    const clock = this.options.clock;
    const due = this.dueAt();
    if (due === this.timerDueAt) return;
    if (this.timer !== undefined) clock.clearTimer(this.timer);
    this.timer = undefined;
    this.timerDueAt = due;
    if (due !== Infinity) this.timer = clock.setTimer(() => void this.tick(), Math.max(0, due - clock.now()));
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.timerDueAt = Infinity;
    const clock = this.options.clock;
    const startedAt = clock.now();
    // Judged at the same reading: a later one (the clock has sub-millisecond steps) would make a round paced to "now"
    // always due a moment later, and the timer would spin.
    if (this.dueAt(startedAt) > startedAt) {
      this.reschedule();
      return;
    }
    const served = [...this.waiters];
    const asked = [...this.queries];
    const plan = this.plan();
    this.roundInFlight = true;
    this.stats.rounds += 1;
    let calls = plan.calls;
    try {
      if (plan.kind === "listing") {
        const { view, made, known, failed } = await this.listingRound(served, asked, startedAt);
        calls = made;
        if (known) this.rememberListing(known);
        this.serve(served, asked, view, startedAt, failed);
        this.itemsFailed(failed, served, asked);
      } else {
        await this.perItemRound(plan, served, asked, startedAt);
      }
    } catch (error) {
      // The round failed as a whole: every wait and look it served gets the failure, and so do those asked meanwhile.
      this.lastError = error;
      this.failItem(error, served, asked);
    } finally {
      this.stats.describeCalls += calls;
      this.pacer.spend(startedAt, calls, plan.calls);
      this.roundInFlight = false;
      const now = clock.now();
      for (const waiter of served) {
        waiter.lookedAt = now;
        waiter.firstLookBy = Infinity;
        waiter.nextDueAt = this.nextLookAt(waiter, startedAt, now);
      }
      // Only looks still pending after a (transient) failure are left: they back off like a wait instead of spinning.
      for (const query of asked) query.dueAt = now + nextGapMs(now - query.askedAt, this.schedule);
      this.reschedule();
    }
  }

  /**
   * When a wait a round has just looked at (still unsettled) should be looked at again: after its schedule's gap, or
   * sooner, at its expected settle time ({@link expectedSettleAt}) when the round started well before that (by at least
   * {@link FOLLOW_UP_MS}) and it comes within the gap. Flow logs created together settle together, and a round that sees
   * only the first of a wave settled came just before the rest: without this they waited a whole grown gap (0.3 s + 8 %)
   * more, the wave's last one holding the `pulumi up` (bench/scale.ts, N = 50: seen 0.4 s after it settled at the end of
   * each phase). Where settle times vary, a follow-up can see only the quick part of a wave: two reviews measured more
   * calls in some models and fewer waits over the overshoot goal in others (README, Scale).
   */
  private nextLookAt(waiter: Waiter, roundStart: number, now: number): number {
    const regular = now + nextGapMs(now - waiter.startedAt, this.schedule);
    const expected = this.expectedSettleAt(waiter.request.kind, waiter.startedAt, now);
    if (expected === undefined || expected - roundStart < FOLLOW_UP_MS || expected <= now) return regular;
    return Math.min(regular, expected);
  }

  /**
   * When a wait of `kind` that began at `startedAt` should have settled: the quickest recent settle time of its kind plus
   * {@link FOLLOW_UP_MS}; undefined for a wait of no kind or before enough of its kind have settled.
   */
  private expectedSettleAt(kind: string | undefined, startedAt: number, now: number): number | undefined {
    const holdMs = kind === undefined ? 0 : this.history.holdMs(kind, now);
    return holdMs > 0 ? startedAt + holdMs + FOLLOW_UP_MS : undefined;
  }

  /**
   * Applies what a round saw to its waits and looks (`seenAt`: the round's start, see {@link reached}), but for the items
   * whose own call failed (`failed`): those are not known absent.
   */
  private serve(waiters: readonly Waiter[], queries: readonly Query[], view: RoundView, seenAt: number, failed?: ItemFailures): void {
    this.everAnswered = true;
    for (const waiter of waiters) if (!failed?.ids.has(waiter.request.flowLogId)) this.apply(waiter, view.byId(waiter.request.flowLogId), seenAt);
    for (const query of queries) if (!failed?.[query.kind === "id" ? "ids" : "resources"].has(query.key)) query.answer(view);
  }

  /** Each failed item's waits and looks get its error ({@link failItem}); the round went on, so the region's last error is cleared. */
  private itemsFailed(failed: ItemFailures, served: readonly Waiter[], asked: readonly Query[]): void {
    this.lastError = undefined;
    for (const [id, error] of failed.ids) {
      const waiters = served.filter((waiter) => waiter.request.flowLogId === id);
      this.failItem(error, waiters, asked.filter((query) => query.kind === "id" && query.key === id));
    }
    for (const [resourceId, error] of failed.resources) this.failItem(error, [], asked.filter((query) => query.kind === "resource" && query.key === resourceId));
  }

  /**
   * A region listing. A paged listing is not a snapshot (others change the list between its pages); region-listing.ts
   * reads it so that its misses can usually be trusted, and says when they cannot (`absenceIsSure` false). A miss that
   * would end something is confirmed by FlowLogId in the same round: always a lookup's (a read's `id: ""` drops the flow
   * log from the state) and a `confirmAbsence` wait's; any wait's when the listing's absence is not sure (a delete's wait
   * would otherwise end while its flow log is still Deleting). Notes are answered from what the listing knows (see
   * {@link knownAfter}), or by ResourceId when it knows too little (one call each).
   *
   * The listing may stop at the newest pages once it has seen every flow log waited on or looked up and reached back past
   * the newest flow log the last listing knew of (region-listing.ts, ListingStop): a wave of creates waits on flow logs
   * at the end of an oldest-first list.
   */
  private async listingRound(served: readonly Waiter[], asked: readonly Query[], startedAt: number): Promise<RoundResult> {
    const estimate = this.estimatedRegionSize();
    this.notesAtListing = this.notesAsked;
    const base = this.lastListing;
    const stop = base?.newest === undefined ? undefined : { ids: this.stopIds(served, asked), newerThan: base.newest, orderShown: base.orderShown };
    // A region of unknown size was priced as one page (round-plan.ts): once its first page shows more pages than the
    // items asked about, the rest is not read and the items are asked by id and resource below (1 + items calls at most).
    const maxPages = this.regionSize === undefined ? new Set([...served.map((w) => w.request.flowLogId), ...asked.map((q) => `${q.kind}:${q.key}`)]).size : undefined;
    const listing = await this.source.all(estimate, stop, maxPages);
    const all = listing.flowLogs;
    this.regionSize = listing.size;
    const known = knownAfter(listing, startedAt, base);
    const listed = viewOf(all);
    // A partial listing's misses among the ids of its stop (every waiter's) are sure, unless a flow log appeared during it
    // (`grew`) or was listed late against the last listing (`listedLate`): one listed late lands mid-list and may move
    // another onto a page already read.
    const sure = (listing.absenceIsSure || listing.partial) && !listing.grew && !listedLate(listing, base);
    const mustConfirm = [
      ...asked.filter((query) => query.kind === "id").map((query) => query.key),
      // A wait that saw its flow log ends as "gone" on a miss (apply): asked by id first, so one listing's slip never
      // fails a create or an update.
      ...served
        .filter((waiter) => waiter.request.confirmAbsence || !sure || (waiter.request.whenAbsent === "gone" && waiter.lastSeen !== undefined))
        .map((waiter) => waiter.request.flowLogId),
    ];
    const missing = [...new Set(mustConfirm.filter((id) => listed.byId(id) === undefined))];
    // A note must not miss a flow log on its resource: when the listing knows too little, ask by ResourceId.
    const notes = known ? [] : [...new Set(asked.filter((query) => query.kind === "resource").map((query) => query.key))];
    const failed: ItemFailures = { ids: new Map(), resources: new Map() };
    const [confirmed, noted] = await Promise.all([
      Promise.all(missing.map((id) => this.source.byId(id).catch((error: unknown) => void failed.ids.set(id, error)))),
      Promise.all(
        notes.map(async (resourceId) => [resourceId, await this.source.byResource(resourceId).catch((error: unknown) => (failed.resources.set(resourceId, error), []))] as const),
      ),
    ]);
    const extra = confirmed.filter((flowLog): flowLog is CloudFlowLog => flowLog !== undefined);
    const view = extra.length === 0 ? listed : viewOf([...all, ...extra]);
    const onResources = new Map(noted);
    this.sawCreated([...all, ...extra, ...noted.flatMap(([, flowLogs]) => flowLogs)]);
    const onResource = (resourceId: string): CloudFlowLog[] =>
      onResources.get(resourceId) ?? (known ? onResourceOf(known.flowLogs, resourceId) : view.onResource(resourceId));
    // A listing that cannot serve notes still adds what it saw to the last one that can (a note naming more is only safer).
    const kept = known ?? (base && withSightings(base, all));
    return { view: { byId: view.byId, onResource }, made: listing.calls + missing.length + notes.length, known: kept, failed };
  }

  /**
   * The flow logs a partial listing must learn about: every waiter's, with the CreationTime a round last saw it with (from
   * the service: a flow log gone since is known absent once the listing reads back past it), and every lookup's.
   */
  private stopIds(served: readonly Waiter[], asked: readonly Query[]): Map<string, string | undefined> {
    const ids = new Map<string, string | undefined>();
    for (const query of asked) if (query.kind === "id") ids.set(query.key, undefined);
    for (const waiter of served) ids.set(waiter.request.flowLogId, waiter.lastSeen?.creationTime || ids.get(waiter.request.flowLogId));
    return ids;
  }

  /**
   * Per-item calls: FlowLogId for waits and lookups, ResourceId for notes. Each answer serves its own waits and looks as it
   * comes (a slow or failing call holds back, or fails, only its own item).
   */
  private async perItemRound(plan: Extract<RoundPlan, { kind: "per-item" }>, served: readonly Waiter[], asked: readonly Query[], seenAt: number): Promise<void> {
    const failed: ItemFailures = { ids: new Map(), resources: new Map() };
    const byId = async (id: string): Promise<void> => {
      const waiters = served.filter((waiter) => waiter.request.flowLogId === id);
      const queries = asked.filter((query) => query.kind === "id" && query.key === id);
      try {
        const flowLog = await this.source.byId(id);
        this.sawCreated([flowLog]);
        this.serve(waiters, queries, { byId: (other) => (other === id ? flowLog : undefined), onResource: () => [] }, seenAt);
      } catch (error) {
        failed.ids.set(id, error);
      }
    };
    const byResource = async (resourceId: string): Promise<void> => {
      const queries = asked.filter((query) => query.kind === "resource" && query.key === resourceId);
      try {
        const flowLogs = await this.source.byResource(resourceId);
        this.sawCreated(flowLogs);
        this.serve([], queries, { byId: () => undefined, onResource: (other) => (other === resourceId ? flowLogs : []) }, seenAt);
      } catch (error) {
        failed.resources.set(resourceId, error);
      }
    };
    await Promise.all([...plan.ids.map(byId), ...plan.resourceIds.map(byResource)]);
    this.itemsFailed(failed, served, asked);
  }

  /**
   * Flow logs the region probably holds now, for the page a listing starts from (region-listing.ts: a wrong guess costs
   * one more call): the last listing's count, plus a flow log per create noted since, minus one per delete wait that has
   * waited as long as deletes usually take.
   */
  private estimatedRegionSize(): number {
    const now = this.options.clock.now();
    let size = (this.regionSize ?? 0) + (this.notesAsked - this.notesAtListing);
    for (const waiter of this.waiters) {
      if (waiter.request.whenAbsent === "reached" && waiter.heldUntil > waiter.startedAt && now >= waiter.heldUntil) size -= 1;
    }
    return Math.max(0, size);
  }

  /** What one round saw of a waiter's flow log (`seenAt`: the round's start). */
  private apply(waiter: Waiter, flowLog: CloudFlowLog | undefined, seenAt: number): void {
    if (!this.waiters.has(waiter)) return;
    const { request } = waiter;
    const elapsedMs = this.options.clock.now() - waiter.startedAt;
    request.onProgress?.(flowLog, elapsedMs);
    waiter.lastError = undefined;
    if (flowLog === undefined) {
      if (request.whenAbsent === "reached") this.reached(waiter, undefined, elapsedMs, seenAt);
      // The grace is for a flow log not listed yet; one already seen in this wait and now missing is gone.
      else if (waiter.lastSeen !== undefined || elapsedMs >= (request.absentGraceMs ?? 0)) waiter.settle({ kind: "gone", lastSeen: waiter.lastSeen, elapsedMs });
      return;
    }
    waiter.lastSeen = flowLog;
    const verdict = request.classify(flowLog, elapsedMs);
    if (verdict === "reached") this.reached(waiter, flowLog, elapsedMs, seenAt);
    else if (verdict === "failed") waiter.settle({ kind: "failed", status: flowLog.status, flowLog, elapsedMs });
  }

  /**
   * Ends a wait that reached its state, and remembers how long its kind took: until the round that saw it started, not
   * until its answer came (a round slowed by a hanging call would teach the next waits to hold back that long).
   */
  private reached(waiter: Waiter, flowLog: CloudFlowLog | undefined, elapsedMs: number, seenAt: number): void {
    if (waiter.request.kind !== undefined) this.history.record(waiter.request.kind, Math.max(0, seenAt - waiter.startedAt), this.options.clock.now());
    waiter.settle(flowLog === undefined ? { kind: "reached", elapsedMs } : { kind: "reached", flowLog, elapsedMs });
  }

  /** A transient failure leaves the waits and looks (but a `failOnError` look) for the next round; any other ends them with the error. */
  private failItem(error: unknown, waiters: readonly Waiter[], queries: readonly Query[]): void {
    const transient = (this.options.isTransient?.(error) ?? true) || (this.everAnswered && (this.options.isOutage?.(error) ?? false));
    const message = error instanceof Error ? error.message : String(error);
    this.options.log?.(`DescribeFlowLogs failed while waiting (${transient ? "will look again" : "giving up"}): ${message}`);
    for (const query of queries) {
      query.lastError = error;
      if (!transient || query.failOnError) query.fail(error);
    }
    if (transient) {
      for (const waiter of waiters) waiter.lastError = error;
      return;
    }
    for (const waiter of waiters) {
      waiter.settle({ kind: "error", error, lastSeen: waiter.lastSeen, elapsedMs: this.options.clock.now() - waiter.startedAt });
    }
  }
}

/** A round's view over a whole-region listing. */
function viewOf(all: readonly CloudFlowLog[]): RoundView {
  const byId = new Map(all.map((flowLog) => [flowLog.flowLogId, flowLog]));
  return {
    byId: (id) => byId.get(id),
    onResource: (resourceId) => onResourceOf(all, resourceId),
  };
}

/** `{ lastError }` when there is one: a timeout outcome names it only then. */
function withLastError(lastError: unknown): { readonly lastError?: unknown } {
  return lastError === undefined ? {} : { lastError };
}
