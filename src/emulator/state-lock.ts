/**
 * One emulator per state file. Two emulators saving to one file would each overwrite the other's flow logs with their
 * own, silently. The lock is `proper-lockfile`'s (a `<file>.lock` directory whose mtime the holder refreshes; a holder
 * that died leaves it stale after {@link STALE_MS}), taken at start and released at stop or process exit.
 */
import { dirname } from "node:path";
import { lockSync } from "proper-lockfile";
import { makeDirectory, StateFileError } from "./persistence";

/** A lock not refreshed for this long belongs to an emulator that is gone. */
const STALE_MS = 10_000;

/**
 * Takes the lock of `file`; returns its release (idempotent). `onLost` is told when the lock is lost while held: its
 * refresh failed, or it went stale (this process was suspended past {@link STALE_MS}) and another emulator took it.
 * @throws StateFileError when another running emulator holds it
 */
export function lockStateFile(file: string, onLost: (error: Error) => void): () => void {
  let release: () => void;
  try {
    // The lock sits beside the file, whose folder saveState would create anyway.
    makeDirectory(dirname(file));
    release = lockSync(file, {
      realpath: false,
      stale: STALE_MS,
      // The refresh failed or the lock was taken over: the caller stops writing the file (it may be another's now).
      onCompromised: onLost,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ELOCKED") {
      throw new StateFileError(`Cannot use the state file ${file}: its lock ${file}.lock cannot be made (${(error as Error).message})`);
    }
    throw new StateFileError(
      `The state file ${file} is in use by another running emulator (lock ${file}.lock): stop it or choose another state file. ` +
        `A lock left by an emulator that crashed expires about ${STALE_MS / 1000} s after the crash.`,
    );
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      release();
    } catch {
      // Already released or taken over: nothing of ours to remove.
    }
  };
}
