import type { Clock } from "./clock";
import { AlicloudRequestError } from "./errors";

/** Why a call's signal fired. */
type StopReason = "aborted" | "deadline";

/**
 * The lifetime of one call: one AbortSignal that fires when the caller's signal aborts or the call's deadline passes, so
 * waits, the rate limiter and requests all stop together. `dispose()` must run when the call ends (clears the timer).
 */
export class CallScope {
  private readonly controller = new AbortController();
  private readonly disposed = new AbortController();
  private stopped: StopReason | undefined;
  /** Clock time (`clock.now()`) at which the deadline passes. */
  readonly deadlineAt: number;

  constructor(
    private readonly clock: Clock,
    readonly deadlineMs: number,
    callerSignal?: AbortSignal,
  ) {
    this.deadlineAt = clock.now() + deadlineMs;
    clock.sleep(deadlineMs, this.disposed.signal).then(
      () => this.stop("deadline"),
      () => undefined,
    );
    if (callerSignal?.aborted) this.stop("aborted");
    else callerSignal?.addEventListener("abort", () => this.stop("aborted"), { once: true, signal: this.disposed.signal });
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
    this.disposed.abort();
  }

  private stop(reason: StopReason): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.controller.abort(new Error(reason === "deadline" ? "deadline exceeded" : "aborted"));
  }
}
