/**
 * How long recent waits of each kind took to settle (issue 6, "API load stays bounded as a stack grows").
 *
 * In one `pulumi up`, the flow logs of a stack tend to take about as long as each other to become Active (or gone). Once
 * a few have, the region watcher lets younger waits of the same kind sit out the listing rounds they would otherwise
 * drive every few hundred milliseconds, until the time the quickest recent one took: the rounds that still run (for
 * notes, lookups, older waits) serve them anyway. A lone wait is never held (the watcher checks that), so a single
 * create stays as prompt as its schedule.
 *
 * The estimate is the quickest settle time among recent samples (times `margin`, 1 by default). A sample is when a
 * round SAW the wait settled, never before it did, so for flow logs that take alike the first look after the hold finds
 * them settled: one round per group instead of two (bench/scale.ts, N = 200: 171 -> 143 DescribeFlowLogs calls with 0.85).
 * A wait that turns out quicker than every recent one is seen at most that much later than with the plain schedule.
 */

/** Tuning of {@link SettleHistory}; times in milliseconds. */
export interface SettleHistoryOptions {
  /** Samples older than this are forgotten. @default 120_000 */
  readonly horizonMs?: number;
  /** Samples needed before any wait is held. @default 3 */
  readonly minSamples?: number;
  /** Samples kept per kind (the newest). @default 64 */
  readonly maxSamples?: number;
  /** Fraction of the quickest recent settle time a wait is held for. @default 1 */
  readonly margin?: number;
}

interface Sample {
  readonly at: number;
  readonly ms: number;
}

/** Recent settle times per kind of wait ("Active", "gone", ...); pure bookkeeping over times the caller passes. */
export class SettleHistory {
  private readonly samples = new Map<string, Sample[]>();
  private readonly horizonMs: number;
  private readonly minSamples: number;
  private readonly maxSamples: number;
  private readonly margin: number;

  constructor(options: SettleHistoryOptions = {}) {
    this.horizonMs = options.horizonMs ?? 120_000;
    this.minSamples = options.minSamples ?? 3;
    this.maxSamples = options.maxSamples ?? 64;
    this.margin = options.margin ?? 1;
  }

  /** Records that a wait of `kind` settled `ms` after it began, seen at clock time `now`. */
  record(kind: string, ms: number, now: number): void {
    const list = this.samples.get(kind) ?? [];
    list.push({ at: now, ms });
    if (list.length > this.maxSamples) list.shift();
    this.samples.set(kind, list);
  }

  /** How long after it begins a new wait of `kind` need not drive a round; 0 without enough recent samples. */
  holdMs(kind: string, now: number): number {
    const list = this.samples.get(kind);
    if (list === undefined) return 0;
    while (list.length > 0 && now - list[0]!.at > this.horizonMs) list.shift();
    if (list.length < this.minSamples) return 0;
    let quickest = Infinity;
    for (const sample of list) quickest = Math.min(quickest, sample.ms);
    return Math.floor(quickest * this.margin);
  }
}
