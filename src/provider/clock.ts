/**
 * Time as the provider sees it, injected so waits are tested exactly with a fake clock.
 */

/** An opaque timer handle returned by `Clock.setTimer`. */
export type TimerHandle = unknown;

/** Time in milliseconds and one-shot timers. */
export interface Clock {
  /** Milliseconds on a monotonic scale (not wall time): only differences between two readings mean anything. */
  now(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/**
 * The real clock: `performance.now()` and Node timers. Monotonic, as Node's timers are: with `Date.now()` a wall clock set
 * back (NTP, a VM resumed) left the watcher's rounds due in the "future" while its timers fired on time, so no round went
 * and waits timed out without a look (a review: an hour back, 0 looks in 600 s). Deadlines, waits and settle times are
 * all differences of two readings.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, Math.max(0, delayMs)),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Resolves after `delayMs` on `clock`, or rejects with the signal's reason when aborted first. */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimer(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
