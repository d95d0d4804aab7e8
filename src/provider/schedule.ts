/**
 * When to look again while waiting for a flow log to settle (issue 6).
 *
 * The gap grows with the time already waited: `base + growth * elapsed`, capped. With the defaults
 * (0.3 s + 8 %, at most 10 s) the last look before a transition that takes D seconds is at most
 * 0.3 + 0.08 D seconds before it ends, so the overshoot stays under 0.5 s + 10 % of D plus one
 * request's latency, while a 10-minute wait costs about 95 looks (shared DescribeFlowLogs rounds when waits overlap).
 * Terraform's schedule for comparison (api NOTES.md): first poll after 5 s, then 3 s doubling to 10 s.
 */

/** Parameters of the polling schedule, all in milliseconds except `growth` (a fraction of the elapsed wait). */
export interface PollSchedule {
  /** Gap before the first look and the constant part of every gap. @default 300 */
  readonly baseGapMs: number;
  /** Fraction of the elapsed wait added to the gap. @default 0.08 */
  readonly growth: number;
  /** Largest gap. @default 10000 */
  readonly maxGapMs: number;
}

/** The schedule issue 6 asks for. */
export const DEFAULT_SCHEDULE: PollSchedule = { baseGapMs: 300, growth: 0.08, maxGapMs: 10_000 };

/** Milliseconds until the next look, for a wait that has lasted `elapsedMs` so far. */
export function nextGapMs(elapsedMs: number, schedule: PollSchedule = DEFAULT_SCHEDULE): number {
  const gap = schedule.baseGapMs + schedule.growth * Math.max(0, elapsedMs);
  return Math.min(schedule.maxGapMs, Math.round(gap));
}
