import type { Clock } from "./clock";

/**
 * One timer per flow log that is mid-transition. The scheduler knows nothing of flow logs: when a timer falls due it calls
 * `onDue(flowLogId)` and the service applies the transition's result.
 */
export class TransitionScheduler {
  private readonly handles = new Map<string, unknown>();
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (flowLogId: string) => void,
  ) {}

  /** (Re)arms the flow log's timer to fire at `dueAtMs` (immediately when already past); replaces an earlier timer. */
  schedule(flowLogId: string, dueAtMs: number): void {
    this.cancel(flowLogId);
    // A disposed service changes nothing more (a settings change after stop() must not finish a transition).
    if (this.closed) return;
    const handle = this.clock.setTimeout(() => {
      this.handles.delete(flowLogId);
      this.onDue(flowLogId);
    }, Math.max(0, dueAtMs - this.clock.now()));
    this.handles.set(flowLogId, handle);
  }

  cancel(flowLogId: string): void {
    const handle = this.handles.get(flowLogId);
    if (handle === undefined) return;
    this.clock.clearTimeout(handle);
    this.handles.delete(flowLogId);
  }

  /** Clears every timer and arms none afterwards (VpcService.dispose). */
  close(): void {
    this.closed = true;
    for (const handle of this.handles.values()) this.clock.clearTimeout(handle);
    this.handles.clear();
  }

  get size(): number {
    return this.handles.size;
  }
}
