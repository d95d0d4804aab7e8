/**
 * Lets requests through to the model until the emulator stops. A request held by a latency fault waits here; stop()
 * closes the gate, which ends every wait at once, so a stopped emulator commits nothing more and no pending wait keeps
 * the process alive.
 */
import { systemClock } from "./model";

/** Open until {@link RequestGate.close}; then every wait, pending or new, ends as refused. */
export class RequestGate {
  private closed = false;
  /** The pending waits: their timer and how to end them early. */
  private readonly waits = new Map<unknown, () => void>();

  /** True until close(): a request may still commit. */
  get open(): boolean {
    return !this.closed;
  }

  /**
   * Waits `ms` of real time (latency faults are real time, whatever clock the model runs on; unref'd, any size).
   * @returns true when the gate is still open afterwards, false when it was closed before or during the wait
   */
  wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = systemClock.setTimeout(() => {
        this.waits.delete(timer);
        resolve(!this.closed);
      }, ms);
      this.waits.set(timer, () => {
        systemClock.clearTimeout(timer);
        resolve(false);
      });
    });
  }

  /** Closes the gate and ends every pending wait now (each resolves false). Idempotent. */
  close(): void {
    this.closed = true;
    for (const end of this.waits.values()) end();
    this.waits.clear();
  }
}
