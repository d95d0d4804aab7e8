/**
 * When to look again while waiting for a flow log to settle (issue 6).
 *
 * The gap grows with the time already waited: `base + growth * elapsed`, capped. With the defaults
 * (0.3 s + 8 %, at most 10 s; 0.15 s + 8 % for one or two waits, looked up by FlowLogId) the last look before a
 * transition that takes D seconds is at most 0.3 + 0.08 D seconds before it ends (0.15 + 0.08 D alone), so the overshoot
 * stays under 0.5 s + 10 % of D plus one request's latency, while a 10-minute wait costs about 95 looks (about 100 alone;
 * shared DescribeFlowLogs rounds when waits overlap).
 * Terraform's schedule for comparison (api NOTES.md): first poll after 5 s, then 3 s doubling to 10 s.
 */

/** Parameters of the polling schedule, all in milliseconds except `growth` (a fraction of the elapsed wait). */
export interface PollSchedule {
  /** Gap before the first look and the constant part of every gap. @default 300 */
  readonly baseGapMs: number;
  /**
   * `baseGapMs` for a wait served by calls of its own (one or two waits in a region, each looked up by FlowLogId): a look
   * costs one call there, not a listing, so it may come sooner. With 150 and the other defaults a lone wait makes at
   * most 5 + 2.5 t calls in its first t seconds (the watcher's budget) and about 100 in 10 minutes.
   * @default 150; when a schedule omits it, `baseGapMs`
   */
  readonly loneBaseGapMs?: number;
  /** Fraction of the elapsed wait added to the gap. @default 0.08 */
  readonly growth: number;
  /** Largest gap. @default 10000 */
  readonly maxGapMs: number;
}

/** The schedule issue 6 asks for. */
export const DEFAULT_SCHEDULE: PollSchedule = { baseGapMs: 300, loneBaseGapMs: 150, growth: 0.08, maxGapMs: 10_000 };

/** The schedule of a wait served by calls of its own (see {@link PollSchedule.loneBaseGapMs}). */
export function loneSchedule(schedule: PollSchedule): PollSchedule {
  return { ...schedule, baseGapMs: schedule.loneBaseGapMs ?? schedule.baseGapMs };
}

/** Milliseconds until the next look, for a wait that has lasted `elapsedMs` so far. */
export function nextGapMs(elapsedMs: number, schedule: PollSchedule = DEFAULT_SCHEDULE): number {
  const gap = schedule.baseGapMs + schedule.growth * Math.max(0, elapsedMs);
  return Math.min(schedule.maxGapMs, Math.round(gap));
}
