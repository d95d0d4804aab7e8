/**
 * While a program runs, a failed resource registration rejects every output promise of that resource, and nobody
 * awaits most of them. Pulumi's language host (`cmd/run`) installs its own `unhandledRejection` handler that reports
 * them as the program's failure; the mini engine does the same for the duration of a run, so a failing step is a
 * failed run (an EngineRunError) instead of a crash of the host process (or of the vitest worker).
 */

/** Rejections caught since {@link captureUnhandledRejections}; `restore()` puts the previous listeners back. */
export interface RejectionCapture {
  readonly errors: unknown[];
  restore(): Promise<void>;
}

/** Replaces the process's `unhandledRejection` listeners until `restore()` (which first lets pending ones surface). */
export function captureUnhandledRejections(): RejectionCapture {
  const previous = process.listeners("unhandledRejection");
  const errors: unknown[] = [];
  const listener = (reason: unknown): void => {
    errors.push(reason);
  };
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", listener);
  return {
    errors,
    async restore() {
      // Node reports unhandled rejections after the microtask queue drains: give it one macrotask turn.
      await new Promise((resolve) => setImmediate(resolve));
      process.off("unhandledRejection", listener);
      for (const l of previous) process.on("unhandledRejection", l);
    },
  };
}
