/**
 * The DescribeFlowLogs budget of one region watcher (issue 6: "API load stays bounded as a stack grows"). Every
 * round spends one unit per DescribeFlowLogs call it makes (a paged listing of P pages costs P), so a region with
 * four pages of flow logs is listed a quarter as often as one with a single page, and the calls per second stay
 * within `callsPerSecond` whatever the number of waiters. A burst lets a lone wait look at the pace of its own
 * schedule (0.15 s, 0.31 s, ...: bench:active's goal) without being slowed by the budget.
 *
 * The algorithm is GCRA (the "virtual scheduling" form of a token bucket): `tat` is the time at which the calls
 * spent so far would have been paid off at `callsPerSecond`.
 */

/** How many DescribeFlowLogs calls per second one region's rounds may make. */
export interface DescribeBudget {
  /**
   * Sustained calls per second. @default 2.5 (an eighth of the client's default limit of 20/s per action, so other tools
   * of the account keep most of it). bench/scale.ts at N = 200 (32 in flight, 200 flow logs = 4 pages) makes about as
   * many calls at 2.5/s as at 1.5/s in a fifth less time, and a fifth fewer than at 10/s in about the same time (README,
   * Performance); 2/s with burst 4 (one four-page round takes the whole burst) was slower than 2.5/s.
   */
  readonly callsPerSecond: number;
  /** Calls that may be made at once after a quiet period. @default 5 */
  readonly burst: number;
}

/** The default budget (see {@link DescribeBudget}). */
export const DEFAULT_DESCRIBE_BUDGET: DescribeBudget = { callsPerSecond: 2.5, burst: 5 };

/** Paces rounds so their calls stay within a {@link DescribeBudget}; pure bookkeeping over times the caller passes. */
export class CallPacer {
  private tat = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;

  constructor(private readonly budget: DescribeBudget) {
    if (!(budget.callsPerSecond > 0) || !(budget.burst >= 1)) throw new RangeError("describe budget: callsPerSecond > 0 and burst >= 1 required");
    this.intervalMs = 1000 / budget.callsPerSecond;
  }

  /** Earliest time (clock ms, never before `now`) at which a round of `cost` calls fits the budget. */
  earliest(now: number, cost: number): number {
    // A round costlier than the burst waits until the whole burst is free (it could never fit otherwise).
    const fits = Math.min(Math.max(1, cost), this.budget.burst);
    return Math.max(now, this.tat + (fits - this.budget.burst) * this.intervalMs);
  }

  /**
   * Records `calls` made by a round that started at `startedAt`, of which `paced` were planned (the listing's pages, the
   * per-item calls: what the round was held for). The debt never exceeds one empty bucket or the planned calls: rounds
   * that were not held back (a lone wait's) drain the burst but do not borrow from the future, and neither do the calls a
   * round adds once it sees its listing (confirming by FlowLogId each miss of a refresh of flow logs deleted elsewhere:
   * one each, once, and left unpaced), which would otherwise hold every later round of the region K / callsPerSecond
   * seconds, past the timeouts of the waits started meanwhile.
   */
  spend(startedAt: number, calls: number, paced = calls): void {
    const limit = startedAt + Math.max(this.budget.burst, Math.min(calls, paced)) * this.intervalMs;
    this.tat = Math.min(limit, Math.max(this.tat, startedAt) + calls * this.intervalMs);
  }
}
