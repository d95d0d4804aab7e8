import type { Clock } from "./clock";
import { AlicloudRequestError } from "./errors";

/** Why a call's signal fired. */
type StopReason = "aborted" | "deadline";

/** A reason object made once: building an Error (and its stack) per aborted call is needless work. */
const STOPPED = new Error("call stopped");

/**
 * The lifetime of one call: one AbortSignal that fires when the caller's signal aborts or the call's deadline passes, so
 * waits, the rate limiter and requests all stop together. `dispose()` must run when the call ends.
 *
 * The deadline timer is a plain `setTimeout` (unref'd, cleared on dispose) measured against `clock.now()` for the
 * remaining time; it is on the hot path of every call, so it avoids promises and extra AbortControllers.
 */
export class CallScope {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly onCallerAbort: (() => void) | undefined;
  private stopped: StopReason | undefined;
  /** Clock time (`clock.now()`) at which the deadline passes. */
  readonly deadlineAt: number;

  constructor(
    private readonly clock: Clock,
    readonly deadlineMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.deadlineAt = clock.now() + deadlineMs;
    this.timer = setTimeout(() => this.stop("deadline"), deadlineMs);
    this.timer.unref?.();
    if (callerSignal?.aborted) this.stop("aborted");
    else if (callerSignal) {
      this.onCallerAbort = () => this.stop("aborted");
      callerSignal.addEventListener("abort", this.onCallerAbort, { once: true });
    }
  }

  /** Fires when the call must stop. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Milliseconds left before the deadline (may be negative). */
  remainingMs(): number {
    return this.deadlineAt - this.clock.now();
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
    if (this.onCallerAbort) this.callerSignal?.removeEventListener("abort", this.onCallerAbort);
  }

  private stop(reason: StopReason): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.controller.abort(STOPPED);
  }
}
