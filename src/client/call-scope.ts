import { addAbortListener } from "node:events";
import { MAX_TIMER_MS, type Clock } from "./clock";
import { AlicloudRequestError } from "./errors";
import type { CancelListener, CancelSignal } from "./transport";

/** Why a call's signal fired. */
type StopReason = "aborted" | "deadline";

/** A reason object made once: building an Error (and its stack) per aborted call is needless work. */
const STOPPED = new Error("call stopped");

/**
 * Checks a deadline option: a number of milliseconds, Infinity for none; 0 or less means it has already passed.
 * @throws RangeError naming `name` for NaN or a non-number
 */
export function checkDeadline(value: unknown, name: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) throw new RangeError(`${name} must be a number of milliseconds (Infinity for none)`);
  return value;
}


/**
 * The lifetime of one call: it stops when the caller's signal aborts or the call's deadline passes, so waits, the rate
 * limiter and requests all stop together. `dispose()` must run when the call ends.
 *
 * It is on the hot path of every call, so it is lighter than an AbortController: the request in flight listens to the
 * scope itself (a {@link CancelSignal}: `aborted`, `reason`, `addEventListener("abort")`), and a real AbortSignal
 * ({@link CallScope.signal}) is made only when something asks for one (a backoff sleep, a wait in the rate limiter). The
 * deadline timer is a plain `setTimeout` (unref'd, cleared on dispose; re-armed for deadlines beyond one timer's reach,
 * none for Infinity); `remainingMs()` measures against `clock.now()`. A deadline of 0 or less has passed at once.
 */
export class CallScope implements CancelSignal {
  private controller: AbortController | undefined;
  private readonly listeners: CancelListener[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Removes the listener on the caller's signal. */
  private readonly callerListener: Disposable | undefined;
  private stopped: StopReason | undefined;
  /** Clock time (`clock.now()`) at which the deadline passes. */
  readonly deadlineAt: number;

  /** @param deadlineMs milliseconds, not NaN (the caller checks it: {@link checkDeadline}); Infinity for none */
  constructor(
    private readonly clock: Clock,
    readonly deadlineMs: number,
    callerSignal?: AbortSignal,
  ) {
    this.deadlineAt = clock.now() + deadlineMs;
    if (callerSignal?.aborted) this.stop("aborted");
    else if (deadlineMs <= 0) this.stop("deadline");
    else {
      this.arm(deadlineMs);
      // addAbortListener: heard even when another listener of the caller's calls stopImmediatePropagation().
      if (callerSignal) this.callerListener = addAbortListener(callerSignal, () => this.stop("aborted"));
    }
  }

  /** True once the call must stop. */
  get aborted(): boolean {
    return this.stopped !== undefined;
  }

  /** The reason a stopped scope gives its listeners (one shared Error: not meant to be shown). */
  get reason(): unknown {
    return this.stopped === undefined ? undefined : STOPPED;
  }

  /** An AbortSignal that fires when the call must stop, made on first use (already aborted when the scope has stopped). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopped) this.controller.abort(STOPPED);
    }
    return this.controller.signal;
  }

  /**
   * Calls `listener` (a function, or an object's `handleEvent()`) once when the call must stop (not when it already has:
   * check `aborted` first).
   */
  addEventListener(_type: "abort", listener: CancelListener): void {
    this.listeners.push(listener);
  }

  removeEventListener(_type: "abort", listener: CancelListener): void {
    const at = this.listeners.indexOf(listener);
    if (at >= 0) this.listeners.splice(at, 1);
  }

  /**
   * Settles as `promise` does, or rejects once the call must stop (a credentials source that hangs must not outlive the
   * call's deadline or signal); the promise is then left to settle on its own, its outcome ignored.
   */
  until<T>(promise: Promise<T>): Promise<T> {
    if (this.stopped) {
      promise.catch(() => undefined);
      return Promise.reject(STOPPED);
    }
    return new Promise<T>((resolve, reject) => {
      const onStop = (): void => reject(STOPPED);
      this.addEventListener("abort", onStop);
      promise.then(
        (value) => {
          this.removeEventListener("abort", onStop);
          resolve(value);
        },
        (error: unknown) => {
          this.removeEventListener("abort", onStop);
          reject(error);
        },
      );
    });
  }

  /** Milliseconds left before the deadline (may be negative). */
  remainingMs(): number {
    return this.deadlineAt - this.clock.now();
  }

  /**
   * True once the call must stop; stops it first when its deadline has passed though the timer has not fired yet (it
   * fires on a later turn: a request must not be sent in between).
   */
  mustStop(): boolean {
    if (this.stopped === undefined && this.remainingMs() <= 0) this.stop("deadline");
    return this.stopped !== undefined;
  }

  /** Why the scope stopped, or undefined while it runs. */
  get stopReason(): StopReason | undefined {
    return this.stopped;
  }

  /**
   * The error for a call stopped by its signal.
   * @param mayHaveBeenSent true when a request was in flight: a write is then reported as ambiguous.
   */
  stoppedError(action: string, attempts: number, write: boolean, mayHaveBeenSent: boolean): AlicloudRequestError {
    const reason = this.stopped ?? "aborted";
    return new AlicloudRequestError({
      action,
      reason,
      ambiguous: write && mayHaveBeenSent,
      retryable: false,
      detail: reason === "deadline" ? `the call's deadline of ${this.deadlineMs} ms passed` : "the call was aborted by its signal",
      attempts,
    });
  }

  /** Clears the deadline timer and the listener on the caller's signal. */
  dispose(): void {
    clearTimeout(this.timer);
    this.callerListener?.[Symbol.dispose]();
  }

  /** The deadline timer; a deadline beyond one timer's reach is reached in steps (the clock says when it has passed). */
  private arm(delayMs: number): void {
    if (delayMs === Number.POSITIVE_INFINITY) return;
    const step = Math.min(delayMs, MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      const left = this.remainingMs();
      if (step === delayMs || left <= 0) this.stop("deadline");
      else this.arm(left);
    }, step);
    this.timer.unref?.();
  }

  private stop(reason: StopReason): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.controller?.abort(STOPPED);
    // Every listener is called even when one throws (as an EventTarget does); the first error then goes to the caller.
    let failure: { error: unknown } | undefined;
    for (const listener of this.listeners.splice(0)) {
      try {
        if (typeof listener === "function") listener();
        else listener.handleEvent();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
