import { systemClock, type Clock } from "./clock";

/** Client-side rate limit, per action, per endpoint and AccessKeyId. */
export interface RateLimit {
  /** Sustained rate, requests per second per action. @default 20 */
  readonly requestsPerSecond: number;
  /** Requests allowed at once after a quiet period. @default 20 */
  readonly burst: number;
}

/**
 * Default: 20 requests per second per action, burst 20, and never more than 20 within any one second (see
 * {@link ActionBucket}). Alibaba Cloud does not publish per-action VPC limits (NOTES.md gives
 * only OpenFlowLogService: 600 calls per 60 s, i.e. 10/s), so this stays under common POP limits while letting a stack of
 * many flow logs poll in parallel; Throttling answers lower it anyway.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { requestsPerSecond: 20, burst: 20 };

/** Lowest rate a throttled action falls to, requests per second. */
export const MIN_REQUESTS_PER_SECOND = 0.5;
/** Share of the configured rate regained per second after a Throttling answer: full speed back within 10 s of the floor. */
export const RECOVERY_PER_SECOND = 0.1;

/**
 * Throttling answers closer together than this are one congestion event: they answer requests that were already in
 * flight at the old rate, so halving again for each would collapse the rate to the floor within one window (seen in
 * bench/scale.ts: 32 calls in flight took 20/s to 0.5/s in half a second). AIMD congestion control slows down once per
 * round trip for the same reason.
 */
export const SLOW_DOWN_COOLDOWN_MS = 1000;

/**
 * Length of the window the limiter counts sends in, milliseconds: a server's second plus a margin for the spread of
 * arrival times (a request on a fresh connection arrives later than one on a warm one, so two sends 1000 ms apart
 * can land in one server second; bench/scale.ts still saw Throttling answers with exactly 1000).
 */
export const WINDOW_MS = 1050;

/**
 * A request written this much later than its turn (it waited for a new connection: TCP and TLS set-up) has its place in
 * the window moved to when it was written. Without this, a burst's first requests, each opening a connection, reach the
 * server 30-130 ms (over the internet often more) after their turns, and the next window's requests, on warm connections,
 * arrive right behind them: 26-39 in one server second against the emulator's 20/s. Below this lag the margin of
 * {@link WINDOW_MS} covers it.
 */
export const WRITE_LAG_MS = 5;

/** A send time granted by {@link ActionBucket.reserve}; a Throttling answer may move it later while its caller waits. */
export interface Reservation {
  /** Clock time at which the caller may send. */
  at: number;
}

/**
 * Token bucket of one action. The rate halves on Throttling (once per cooldown) and climbs back linearly; sends already
 * queued are spaced out at the lowered rate too (they would otherwise go at the rate the server just refused).
 *
 * When the burst is at most one second's worth (burst <= requestsPerSecond, the default), the bucket also keeps a
 * sliding window: never more than floor(rate) sends within any 1000 ms. A plain token bucket lets burst + rate through
 * in the first second after a quiet period (40 at the default), which a server counting requests per second, in fixed
 * or sliding windows, answers with Throttling (bench/scale.ts saw 12-20 such answers per phase against the emulator's
 * fixed windows, each one halving the rate). A larger configured burst is taken as meant, without the window.
 */
export class ActionBucket {
  private tokens: number;
  /** Send times granted (past and reserved), ascending; only the last WINDOW_MS before the newest matter. */
  private sent: number[] = [];
  private sentHead = 0;
  private rate: number;
  private updatedAt: number;
  private slowedAt = Number.NEGATIVE_INFINITY;
  /** Reservations whose time had not come when last looked at, ascending by `at`. */
  private pending: Reservation[] = [];

  constructor(
    private limit: RateLimit,
    now: number,
  ) {
    this.tokens = limit.burst;
    this.rate = limit.requestsPerSecond;
    this.updatedAt = now;
  }

  /** Current rate, requests per second (after recovery up to `now`). */
  currentRate(now: number): number {
    this.refill(now);
    return this.rate;
  }

  /** Applies a new limit (a later client configured differently); keeps the tokens already earned. */
  configure(limit: RateLimit, now: number): void {
    this.refill(now);
    this.limit = limit;
    this.rate = Math.min(this.rate, limit.requestsPerSecond);
    this.tokens = Math.min(this.tokens, limit.burst);
  }

  /**
   * Takes one token, possibly borrowing: the result says when the caller may send (`at`, clock time; `now` for at once).
   * Borrowing (tokens below zero) queues concurrent callers fairly without a loop. A caller that waits must hand the
   * reservation back: {@link settle} once its time came, {@link release} when it gives up.
   */
  reserve(now: number): Reservation {
    this.refill(now);
    this.tokens -= 1;
    const bucketWait = this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
    // Never before a reservation already queued: with burst > rate (no window) a token credited since could otherwise put
    // a later caller ahead of earlier ones.
    const queuedLast = this.pending.length === 0 ? now : this.pending[this.pending.length - 1]!.at;
    const reservation = { at: Math.max(now + bucketWait, this.windowOpensAt(now), queuedLast) };
    this.remember(reservation.at, now);
    if (reservation.at > now) this.pending.push(reservation);
    return reservation;
  }

  /**
   * How long a send at `at` (>= now) would wait after `at`, as things stand at `now`; reserves nothing. An estimate:
   * others may queue in between, and the rate's recovery until `at` is not counted (the estimate errs long).
   */
  waitAt(now: number, at: number): number {
    this.refill(now);
    const tokens = Math.min(this.limit.burst, this.tokens + ((at - now) / 1000) * this.rate) - 1;
    const bucketWait = tokens >= 0 ? 0 : Math.ceil((-tokens / this.rate) * 1000);
    return Math.max(at + bucketWait, this.windowOpensAt(at)) - at;
  }

  /** Takes one token only when one is there now (no borrowing): true when the caller may send at once. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1 || this.windowOpensAt(now) > now) return false;
    this.tokens -= 1;
    this.remember(now, now);
    return true;
  }

  /** Gives back the token of a caller that gave up waiting, and its place in the window and the queue. */
  release(reservation: Reservation): void {
    this.tokens = Math.min(this.limit.burst, this.tokens + 1);
    this.forget(reservation);
    const index = this.sent.lastIndexOf(reservation.at);
    if (index >= this.sentHead) this.sent.splice(index, 1);
  }

  /** A reservation whose time came (its caller sends now): it leaves the queue that {@link slowDown} re-spaces. */
  settle(reservation: Reservation): void {
    this.forget(reservation);
  }

  /**
   * The request granted the send time `grantedAt` was written at `writtenAt` (>= grantedAt, <= now): when later by more
   * than {@link WRITE_LAG_MS}, its place in the window moves there, and the reservations still to come move later where
   * the window then asks (their callers sleep on, as after {@link slowDown}).
   */
  wrote(grantedAt: number, writtenAt: number, now: number): void {
    if (writtenAt - grantedAt <= WRITE_LAG_MS || this.limit.burst > this.limit.requestsPerSecond) return;
    const index = this.sent.lastIndexOf(grantedAt);
    // A turn already out of the window (its write waited a whole window for a connection) is not there to move; the write
    // still counts for turns to come, but those granted meanwhile went out counting it at its turn (README: a known limit).
    if (index >= this.sentHead) this.sent.splice(index, 1);
    let at = this.sent.length;
    while (at > this.sentHead && this.sent[at - 1]! > writtenAt) at--;
    this.sent.splice(at, 0, writtenAt);
    this.rewindow(now);
  }

  /**
   * A Throttling answer: halve the rate (not below {@link MIN_REQUESTS_PER_SECOND}) and drop saved-up tokens, at most
   * once per {@link SLOW_DOWN_COOLDOWN_MS}.
   */
  slowDown(now: number): void {
    this.refill(now);
    if (now - this.slowedAt < SLOW_DOWN_COOLDOWN_MS) return;
    this.slowedAt = now;
    this.rate = Math.max(Math.min(MIN_REQUESTS_PER_SECOND, this.limit.requestsPerSecond), this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
    this.respace(now);
  }

  /**
   * Moves the reservations still to come later where the lowered rate asks: one interval (1000 / rate ms) after the one
   * before, and within the window, in their order. Their callers, asleep until the old times, sleep on (acquire()).
   */
  private respace(now: number): void {
    this.pending = this.pending.filter((r) => r.at > now);
    if (this.pending.length === 0) return;
    const windowed = this.limit.burst <= this.limit.requestsPerSecond;
    // The window is rebuilt from the sends made (times up to now), then each moved reservation in turn.
    if (windowed) {
      this.sent = this.sent.slice(this.sentHead).filter((at) => at <= now);
      this.sentHead = 0;
    }
    const gapMs = 1000 / this.rate;
    let previous = windowed && this.sent.length > 0 ? this.sent[this.sent.length - 1]! : Number.NEGATIVE_INFINITY;
    for (const reservation of this.pending) {
      reservation.at = Math.max(reservation.at, previous + gapMs, windowed ? this.windowOpensAt(now) : now);
      previous = reservation.at;
      if (windowed) this.sent.push(reservation.at);
    }
  }

  /**
   * Moves the reservations still to come later where the window (rebuilt from the sends made) asks, in their order; while
   * a slow-down holds the rate below the limit, also one interval (1000 / rate ms) after the one before, as
   * {@link respace} spaced them.
   */
  private rewindow(now: number): void {
    this.pending = this.pending.filter((r) => r.at > now);
    if (this.pending.length === 0) return;
    this.sent = this.sent.slice(this.sentHead).filter((at) => at <= now);
    this.sentHead = 0;
    const gapMs = this.rate < this.limit.requestsPerSecond ? 1000 / this.rate : 0;
    let previous = this.sent.length > 0 ? this.sent[this.sent.length - 1]! : Number.NEGATIVE_INFINITY;
    for (const reservation of this.pending) {
      reservation.at = Math.max(reservation.at, this.windowOpensAt(now), previous + gapMs);
      previous = reservation.at;
      this.sent.push(reservation.at);
    }
  }

  private forget(reservation: Reservation): void {
    const index = this.pending.indexOf(reservation);
    if (index >= 0) this.pending.splice(index, 1);
  }

  /**
   * Earliest time a new send keeps the window (and the order of sends already reserved); `now` when there is no window.
   * A reservation given back by {@link release} leaves the window; the ones queued after it keep their times.
   */
  private windowOpensAt(now: number): number {
    if (this.limit.burst > this.limit.requestsPerSecond) return now;
    const count = this.sent.length - this.sentHead;
    if (count === 0) return now;
    const last = this.sent[this.sent.length - 1]!;
    const perWindow = Math.max(1, Math.floor(this.rate));
    const opens = count >= perWindow ? this.sent[this.sent.length - perWindow]! + WINDOW_MS : now;
    return Math.max(now, last, opens);
  }

  /** Records a send at `at` and forgets sends that can no longer share a window with any send from `now` on. */
  private remember(at: number, now: number): void {
    if (this.limit.burst > this.limit.requestsPerSecond) return;
    this.sent.push(at);
    while (this.sentHead < this.sent.length && this.sent[this.sentHead]! <= now - WINDOW_MS) this.sentHead++;
    if (this.sentHead > 64 && this.sentHead * 2 > this.sent.length) {
      this.sent = this.sent.slice(this.sentHead);
      this.sentHead = 0;
    }
  }

  private refill(now: number): void {
    const seconds = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    const max = this.limit.requestsPerSecond;
    this.rate = Math.min(max, this.rate + seconds * max * RECOVERY_PER_SECOND);
    this.tokens = Math.min(this.limit.burst, this.tokens + seconds * this.rate);
  }
}

/** The limiter of one endpoint + AccessKeyId: one bucket per action. */
export class RateLimiter {
  private readonly buckets = new Map<string, ActionBucket>();

  constructor(
    private limit: RateLimit,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Sets the limit for every action (existing buckets keep their earned tokens). */
  configure(limit: RateLimit): void {
    if (limit.requestsPerSecond === this.limit.requestsPerSecond && limit.burst === this.limit.burst) return;
    this.limit = limit;
    for (const bucket of this.buckets.values()) bucket.configure(limit, this.clock.now());
  }

  /**
   * Waits until the action may be sent. The only other place that sleeps besides the retry loop. A Throttling answer
   * while it waits may move its turn later; it then sleeps on.
   * @param maxWaitMs when the wait would end later than this from now, gives its turn back and resolves undefined at once
   *   (a call whose deadline would pass in the queue reports so without waiting it out)
   * @returns the send time granted (clock time), once the action may be sent: tell {@link wrote} when it was written
   * @throws the signal's reason when it aborts while waiting (the reserved token is given back).
   */
  async acquire(action: string, signal?: AbortSignal, maxWaitMs = Number.POSITIVE_INFINITY): Promise<number | undefined> {
    const bucket = this.bucket(action);
    const start = this.clock.now();
    const reservation = bucket.reserve(start);
    try {
      // One sleep per time the turn is given: a slowDown moves `reservation.at`, and the caller sleeps on to the new one.
      for (let until = start, now = start; reservation.at !== until; now = this.clock.now()) {
        until = reservation.at;
        if (until - start > maxWaitMs) {
          bucket.release(reservation);
          return undefined;
        }
        if (until > now) await this.clock.sleep(until - now, signal);
      }
    } catch (e) {
      bucket.release(reservation);
      throw e;
    }
    bucket.settle(reservation);
    return reservation.at;
  }

  /**
   * Estimated milliseconds a send of `action` would wait in the limiter if asked for `afterMs` from now (a retry after
   * its backoff); reserves nothing.
   */
  expectedWaitMs(action: string, afterMs: number): number {
    const now = this.clock.now();
    return this.bucket(action).waitAt(now, now + afterMs);
  }

  /**
   * The fast path of {@link acquire}: takes a token when one is free now and returns the send time granted (now),
   * without a promise; returns undefined, taking nothing, when the caller must `await acquire()` instead.
   */
  tryAcquire(action: string): number | undefined {
    const now = this.clock.now();
    return this.bucket(action).tryTake(now) ? now : undefined;
  }

  /**
   * Tells the limiter that the request granted `grantedAt` (by {@link acquire} or {@link tryAcquire}) is being written
   * now: one that waited for a connection counts in the window from now ({@link WRITE_LAG_MS}).
   */
  wrote(action: string, grantedAt: number): void {
    const now = this.clock.now();
    if (now - grantedAt > WRITE_LAG_MS) this.bucket(action).wrote(grantedAt, now, now);
  }

  /** Reports a Throttling answer (any code containing `Throttling`, or HTTP 429) for the action. */
  throttled(action: string): void {
    this.bucket(action).slowDown(this.clock.now());
  }

  /** Current rate of an action, requests per second. */
  rateOf(action: string): number {
    return this.bucket(action).currentRate(this.clock.now());
  }

  private bucket(action: string): ActionBucket {
    let bucket = this.buckets.get(action);
    if (!bucket) {
      bucket = new ActionBucket(this.limit, this.clock.now());
      this.buckets.set(action, bucket);
    }
    return bucket;
  }
}

/**
 * The process-wide registry: the dynamic-provider process serves every flow log of a stack, so all clients that talk to
 * one endpoint with one AccessKeyId share one limiter. Module state, shared by everything that loads this module copy.
 */
const registry = new Map<string, RateLimiter>();

/**
 * The shared limiter of an endpoint and AccessKeyId, created on first use (with `clock`). A later client with another
 * limit reconfigures it (the last configured limit wins).
 */
export function sharedRateLimiter(endpointOrigin: string, accessKeyId: string, limit: RateLimit = DEFAULT_RATE_LIMIT, clock: Clock = systemClock): RateLimiter {
  const key = `${endpointOrigin}\n${accessKeyId}`;
  let limiter = registry.get(key);
  if (limiter) limiter.configure(limit);
  else {
    limiter = new RateLimiter(limit, clock);
    registry.set(key, limiter);
  }
  return limiter;
}

/** Validates a rate limit option. @throws RangeError when a value is not a positive finite number. */
export function checkRateLimit(limit: RateLimit): RateLimit {
  for (const [name, value] of Object.entries(limit)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new RangeError(`rateLimit.${name} must be a positive number`);
  }
  return limit;
}
