/** Injectable time, so tests drive the asynchronous states (Activating, Modifying, ...) without sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds (any size, also past Node's 2^31-1 ms); returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Longest delay one Node timer can hold (2^31-1 ms, about 24.8 days): past it Node fires after 1 ms instead, so an
 * "activate in 35 days" would activate at once.
 */
export const MAX_NODE_TIMER_MS = 2 ** 31 - 1;

/** The handle systemClock.setTimeout returns: the Node timer of the current leg of a possibly chained wait. */
interface ChainedTimer {
  timer: NodeJS.Timeout;
}

/**
 * The real clock: `Date.now()` and Node timers (unref'd, so a pending transition never keeps a process alive).
 * Waits longer than MAX_NODE_TIMER_MS are chained here rather than refused where settings are read: this covers every
 * caller at once (transition delays, due times read back from a state file, latency waits), and an `Infinity` delay
 * simply never fires.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const dueAt = Date.now() + Math.max(0, ms);
    // One leg of at most MAX_NODE_TIMER_MS; a leg short of the due time arms the next one instead of running fn.
    const arm = (left: number): NodeJS.Timeout => {
      const timer =
        left > MAX_NODE_TIMER_MS
          ? setTimeout(() => {
              handle.timer = arm(dueAt - Date.now());
            }, MAX_NODE_TIMER_MS)
          : setTimeout(fn, left);
      timer.unref();
      return timer;
    };
    const handle: ChainedTimer = { timer: arm(dueAt - Date.now()) };
    return handle;
  },
  clearTimeout: (handle) => clearTimeout((handle as ChainedTimer).timer),
};

interface ManualTimer {
  readonly id: number;
  readonly dueAt: number;
  readonly fn: () => void;
}

/** A clock that moves only when a test calls {@link ManualClock.advance}; timers fire in due order, ties in creation order. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: ManualTimer[] = [];

  /** @param startMs initial time in ms since the epoch (default 2024-01-01T00:00:00Z). */
  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, dueAt: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers not yet fired. */
  pendingCount(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (including timers those timers schedule). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.earliestDueBy(target);
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.dueAt);
      next.fn();
    }
    this.current = target;
  }

  private earliestDueBy(target: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers) {
      if (t.dueAt > target) continue;
      if (best === undefined || t.dueAt < best.dueAt || (t.dueAt === best.dueAt && t.id < best.id)) best = t;
    }
    return best;
  }
}
