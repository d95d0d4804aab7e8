/**
 * The `--state-file` / `stateFile` option: the service's snapshot kept on disk so flow logs survive a restart of the
 * emulator (a stack created against one run can be destroyed against the next).
 *
 * The file is JSON `{ format, version, savedAt, snapshot }`. Writes are atomic: the content goes to a temporary file in
 * the same directory, which is then renamed over the target, so a crash never leaves a half-written state.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import type { ServiceSnapshot } from "./model";

/** The `format` marker of a state file. */
export const STATE_FILE_FORMAT = "alicloud-vpc-emulator-state";
/** The layout version of a state file. */
export const STATE_FILE_VERSION = 1;

/** The content of a state file. */
export interface StateFileContent {
  readonly format: typeof STATE_FILE_FORMAT;
  readonly version: typeof STATE_FILE_VERSION;
  /** ISO 8601 time of the write. */
  readonly savedAt: string;
  readonly snapshot: ServiceSnapshot;
}

const MARKER = Symbol.for("pulumi-alicloud-flowlog.emulator.StateFileError");

/** A state file that exists but cannot be read or is not an emulator state; the message names the file. */
export class StateFileError extends Error {
  readonly [MARKER] = true;
  override readonly name = "StateFileError";
  readonly code = "ERR_EMULATOR_STATE_FILE";

  /** True for a StateFileError from any copy of this module. */
  static isInstance(value: unknown): value is StateFileError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/**
 * Reads the snapshot saved in `file`.
 * @returns undefined when the file does not exist or is empty
 * @throws StateFileError when it exists but is not a readable emulator state (never silently discards a user's state),
 *   or is not a regular file (a FIFO would block the read until some writer came)
 */
export function loadState(file: string): ServiceSnapshot | undefined {
  let text: string;
  try {
    if (!statSync(file).isFile()) throw new StateFileError(`The state file ${file} is not a regular file: choose a file path`);
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (StateFileError.isInstance(error)) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StateFileError(`Cannot read the state file ${file}: ${(error as Error).message}`);
  }
  // An empty file (`: > state.json`) holds no state to lose: a fresh start, as for a missing one.
  if (text.trim() === "") return undefined;
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw new StateFileError(`The state file ${file} is not valid JSON.`);
  }
  if (!isStateContent(content)) {
    throw new StateFileError(`The state file ${file} is not an ${STATE_FILE_FORMAT} version ${STATE_FILE_VERSION} file.`);
  }
  return content.snapshot;
}

/**
 * `mkdir -p`, one level at a time. Node's own `mkdirSync(dir, { recursive: true })` loops forever at full CPU when a folder
 * answers ENOENT although its parent exists (`/proc/x` on Node 22), and, synchronous, it does not even stop on a signal.
 * @throws the mkdir error (ENOENT, EACCES, ENOTDIR, ...) of the first missing level that cannot be made
 */
export function makeDirectory(directory: string): void {
  const missing: string[] = [];
  for (let dir = resolve(directory); !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) missing.push(dir);
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      // Made meanwhile (another emulator saving beside this one): fine.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/**
 * Writes `snapshot` to `file` atomically (temporary file + rename); creates the directory when missing.
 * @param nowMs the time recorded as `savedAt`
 */
export function saveState(file: string, snapshot: ServiceSnapshot, nowMs: number): void {
  const content: StateFileContent = {
    format: STATE_FILE_FORMAT,
    version: STATE_FILE_VERSION,
    savedAt: new Date(nowMs).toISOString(),
    snapshot,
  };
  const directory = dirname(file);
  makeDirectory(directory);
  const temporary = join(directory, `.${basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  // (removeLeftoverTemporaries matches this name: keep the two together.)
  try {
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes the temporary files saveState left beside `file` when a process was killed between its write and its rename
 * (the state file itself is intact then). Call it only while holding the state file's lock (state-lock.ts): no other
 * emulator is writing this file, and a temporary whose process is still alive is kept anyway.
 * @returns the names removed
 */
export function removeLeftoverTemporaries(file: string): string[] {
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (match === null || isAlive(Number(match[1]))) continue;
    rmSync(join(dirname(file), name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether process `pid` exists (a zombie counts as alive here: keeping a stray file is the safe mistake). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isStateContent(value: unknown): value is StateFileContent {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.format === STATE_FILE_FORMAT && record.version === STATE_FILE_VERSION && typeof record.snapshot === "object" && record.snapshot !== null;
}
