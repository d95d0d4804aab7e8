/**
 * Time as the client sees it, injected so waits are tested exactly. Only the retry loop of `VpcClient.call()` and the rate
 * limiter's `acquire()` call `sleep`.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (not wall time). */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` as soon as the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Longest delay one Node timer keeps (2^31 - 1 ms, about 24.8 days): a longer one fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Real time: `performance.now()` and a timer that is cleared when the signal aborts. A sleep longer than one timer's
 * reach (a server's `x-acs-retry-after` of weeks, with no deadline) is slept in steps.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let timer: ReturnType<typeof setTimeout>;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const until = performance.now() + Math.max(0, ms);
      const arm = (left: number): void => {
        timer = setTimeout(() => {
          const rest = until - performance.now();
          if (left > MAX_TIMER_MS && rest > 0) return arm(rest);
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, Math.min(Math.max(0, left), MAX_TIMER_MS));
      };
      arm(ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};
