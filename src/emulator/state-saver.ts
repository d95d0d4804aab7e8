/**
 * Keeps the state file (`stateFile` option) in step with the service: written at once after every API write, soon after
 * a transition's timer changes a flow log (coalesced: transitions falling due within 100 ms make one write), and at stop.
 * A failed save never undoes or fails the change behind it, which the model has committed: it is logged (one line) and
 * the next save, at the next change or at stop, writes the whole state again.
 */
import { describeError } from "./log-text";
import type { ServiceSnapshot } from "./model";
import { saveState, StateFileError } from "./persistence";

/** What the saver reads and where it reports. */
export interface StateSaverOptions {
  /** The state file; without one every method does nothing. */
  readonly file: string | undefined;
  /** The state to write (read at write time, so a coalesced write carries the latest). */
  readonly snapshot: () => ServiceSnapshot;
  /** Time recorded as `savedAt`, ms since the epoch. */
  readonly nowMs: () => number;
  readonly logger: (line: string) => void;
}

/**
 * How long a transition's write waits for others (ms): a burst of creates falls due over a few milliseconds, and a save
 * per flow log would be a write (and, on a failing disk, a log line) each.
 */
const COALESCE_MS = 100;

/** Writes the state file on change; stopped by {@link StateSaver.close}. */
export class StateSaver {
  private pending: NodeJS.Timeout | undefined;
  private closed = false;
  /** Why the file is no longer ours to write (the lock was lost), once it is not. */
  private lostBecause: string | undefined;

  constructor(private readonly options: StateSaverOptions) {}

  /** Writes now (after an API write: its answer then means "on disk"); a failure is logged, not thrown. */
  save(): void {
    if (this.options.file === undefined || this.closed || this.lostBecause !== undefined) return;
    try {
      this.write(this.options.file);
    } catch (error) {
      this.options.logger(`state file not saved, retried on the next change: ${describeError(error)}`);
    }
  }

  /**
   * Writes {@link COALESCE_MS} later, so transitions ending within that window cost one write. Unref'd: it never keeps
   * the process alive; close() writes anyway.
   */
  saveSoon(): void {
    if (this.options.file === undefined || this.closed || this.lostBecause !== undefined || this.pending !== undefined) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.save();
    }, COALESCE_MS);
    this.pending.unref();
  }

  /**
   * The last write; save() and saveSoon() do nothing afterwards. The pending coalesced write is cleared first, whatever
   * happens to this one.
   * @throws the write's error (the emulator's stop() rejects with it: the caller must learn its state was not saved)
   */
  close(): void {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = undefined;
    if (this.closed) return;
    this.closed = true;
    if (this.options.file === undefined) return;
    if (this.lostBecause !== undefined) throw new StateFileError(`The state file ${this.options.file} was not saved at stop: ${this.lostBecause}`);
    this.write(this.options.file);
  }

  /**
   * The file is no longer ours (its lock was lost: another emulator took it over, e.g. while this one was suspended):
   * nothing more is written, so the other one's flow logs are never overwritten; close() then throws saying why.
   */
  lose(reason: string): void {
    this.lostBecause ??= reason;
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = undefined;
  }

  /** Stops without writing (a start that failed: the file must stay as it was). */
  abandon(): void {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = undefined;
    this.closed = true;
  }

  private write(file: string): void {
    saveState(file, this.options.snapshot(), this.options.nowMs());
  }
}
