/**
 * A local emulator of the flow-log part of the Alibaba Cloud VPC API (2016-04-28): the real wire protocol and
 * signatures (V3 ACS3-HMAC-SHA256 and V2 HMAC-SHA1), validation, error codes, the asynchronous state machine, fault
 * injection, a control API under `/__emulator/` and optional persistence. Import it as `pulumi-alicloud-flowlog/emulator`;
 * the command `alicloud-vpc-emulator` (cli.ts) starts the same thing.
 *
 * ```ts
 * const emulator = await startEmulator({ settings: { activationDelayMs: 200 } });
 * // point a client at emulator.url with DEFAULT_ACCESS_KEY_ID / DEFAULT_ACCESS_KEY_SECRET
 * await emulator.stop();
 * ```
 */

// First: on an older Node, a clear error instead of a crash inside undici.
import "../node-version";
import { randomUUID } from "node:crypto";
import { lstatSync, readFileSync, readlinkSync, realpathSync, rmdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { RequestStats, type ControlTarget, type RequestStatsSnapshot } from "./control";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_REGION_IDS } from "./defaults";
import { FaultInjector, type FaultRule } from "./faults";
import { ACTIONS, dispatch } from "./handlers";
import { checkServiceOpenRegions, checkSettings, parseWorld, systemClock, VpcService, type Clock, type EmulatedFlowLog, type EmulatorSettings, type WorldDefinition } from "./model";
import { loadState, removeLeftoverTemporaries, saveState, StateFileError } from "./persistence";
import { KeyRing, NonceCache, type AccessKeyPair, type StsCredentials } from "./protocol";
import { RequestGate } from "./request-gate";
import { closeServer, createEmulatorServer, listen } from "./server";
import { lockStateFile } from "./state-lock";
import { StateSaver } from "./state-saver";

export { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "./defaults";
export { FaultInjector, FaultRuleError, parseFaultRule, type FaultKind, type FaultRule } from "./faults";
export { ControlInputError, parseSettingsPatch, type RequestStatsSnapshot } from "./control";
export { StateFileError, loadState, saveState } from "./persistence";
export { ProtocolError, API_VERSION, type AccessKeyPair, type StsCredentials } from "./protocol";
export {
  defaultSettings,
  EmulatorSettingsError,
  defaultWorld,
  parseWorld,
  ManualClock,
  systemClock,
  ServiceError,
  type Clock,
  type EmulatedFlowLog,
  type EmulatorSettings,
  type ServiceSnapshot,
  type WorldDefinition,
} from "./model";
export { ACTIONS } from "./handlers";

/** Options of {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** Interface to bind. Only loopback unless another host is asked for explicitly. @default "127.0.0.1" */
  host?: string;
  /** Port to bind; 0 picks a free one (see `RunningEmulator.port`). @default 0 */
  port?: number;
  /** Long-term AccessKey pairs accepted. @default [{ DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET }] */
  accessKeys?: AccessKeyPair[];
  /** STS credentials accepted; a request with one of these AccessKeyIds must carry the matching security token. @default [] */
  stsTokens?: StsCredentials[];
  /** The account's resources: a WorldDefinition, or the path of a JSON file holding one. @default defaultWorld() */
  world?: WorldDefinition | string;
  /** Overrides of the default EmulatorSettings (activationDelayMs 3000, ...). Applied over a loaded state file's settings. */
  settings?: Partial<EmulatorSettings>;
  /** Fault rules active from the start. @throws FaultRuleError from startEmulator for an invalid rule or an action not in ACTIONS */
  faults?: FaultRule[];
  /**
   * JSON file holding the service's state: loaded at start when it exists, written atomically after every change (API
   * writes at once, transitions ending soon after, several in one write) and on stop, so flow logs survive a restart.
   * A failed write is logged and retried at the next change; it never fails the request that made the change. One
   * emulator per file: it is locked (`<file>.lock`) from start to stop.
   * @default no persistence
   */
  stateFile?: string;
  /** Time source for timestamps, nonces, CreationTime and transitions. @default systemClock */
  clock?: Clock;
  /**
   * Receives one line per request (unless `logRequests` is false), internal errors, state file failures (a save that
   * failed, a lock lost); never secrets. @default silent
   */
  logger?: (line: string) => void;
  /** Whether `logger` gets a line per request. @default true */
  logRequests?: boolean;
  /** `HostId` of error answers. @default "vpc.aliyuncs.com" */
  hostId?: string;
}

/** A running emulator (docs/ARCHITECTURE.md "emulator"). */
export interface RunningEmulator {
  /** `http://HOST:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /**
   * Stops the server (open connections are closed; a request held by a latency fault ends without committing), clears
   * timers, saves the state file. Idempotent. Rejects with the error of that last save when it fails (timers are
   * cleared and the server is closed all the same).
   */
  stop(): Promise<void>;
  /** Every flow log, hidden and transitional ones included (plain copies). */
  flowLogs(): EmulatedFlowLog[];
  /** Requests received: `total` (every service request) and `byAction` (refused and faulted ones included). */
  stats(): RequestStatsSnapshot;
  /** Adds a fault rule. @throws FaultRuleError for an invalid rule, or one naming an action not in ACTIONS */
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** The settings in force. */
  settings(): EmulatorSettings;
  /**
   * Changes settings at run time (e.g. `{ stuckActivating: true }`, `{ hideNewForMs: 2000 }`), by the control API's rules.
   * @throws EmulatorSettingsError naming the field and the rule (a negative or non-finite delay, a non-boolean flag, a
   *   serviceOpen region not in the world); nothing changes then.
   */
  updateSettings(patch: Partial<EmulatorSettings>): void;
  /** Forgets every flow log, fault, count and nonce; settings return to those given at start. */
  reset(): void;
}

const READ_ONLY = /^(Describe|List|Get)/;

/**
 * Starts the emulator and resolves once it listens.
 * @throws StateFileError when `stateFile` exists but cannot be loaded, cannot be written, or another running emulator
 *   uses it; TypeError for a port outside 0-65535 or an empty access key; Error when the world file cannot be read or the
 *   port cannot be bound; FaultRuleError for an invalid entry of `faults`; EmulatorSettingsError for `settings` the
 *   control API would refuse (Infinity included: JSON cannot carry it)
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // Every option checked before the state file is locked or read: a refused start leaves nothing behind.
  checkPort(options.port);
  const keys = new KeyRing(options.accessKeys ?? [{ accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET }], options.stsTokens);
  const clock = options.clock ?? systemClock;
  const world = resolveWorld(options.world);
  // Faults first: an invalid rule throws before the service (and its timers) exists.
  const faults = new FaultInjector(() => clock.now(), options.faults ?? []);
  const logger = options.logger ?? (() => undefined);
  // A symlinked state file is written where it points: the atomic rename would otherwise replace the link with a file.
  const stateFile = options.stateFile === undefined ? undefined : followLink(options.stateFile);
  const saver = new StateSaver({ file: stateFile, snapshot: () => service.snapshot(), nowMs: () => clock.now(), logger });
  const settings = checkSettings(options.settings);
  const regionIds = world === undefined ? DEFAULT_REGION_IDS : world.regions.map((r) => r.regionId);
  checkServiceOpenRegions(settings, (regionId) => regionIds.includes(regionId));
  const serviceOptions = { world, clock, settings, onTransition: () => saver.saveSoon() };
  // What a start refused later (the port in use) must not leave behind: a state file or folders it made.
  const leftBehind = stateFile === undefined ? undefined : whatStartMakes(stateFile);
  // One emulator per state file: taken before the file is read, released at stop (or here, when starting fails).
  const unlock =
    stateFile === undefined
      ? () => undefined
      : lockStateFile(stateFile, (error) => {
          const reason = `its lock ${stateFile}.lock was lost (${error.message}); another emulator may be using it`;
          logger(`state file no longer saved: ${reason}`);
          saver.lose(reason);
        });
  let restored: VpcService | undefined;
  try {
    if (stateFile !== undefined) {
      for (const name of removeLeftoverTemporaries(stateFile)) logger(`removed ${name}, left by an emulator killed while saving`);
    }
    restored = initialService(stateFile, serviceOptions);
    // Written at once: a state file that cannot be written is a start-up error, not a log line at the first change.
    if (stateFile !== undefined) writeInitialState(stateFile, restored, clock);
  } catch (error) {
    // Nothing of a refused start may run on: its transitions would save over the file after the lock is gone.
    restored?.dispose();
    saver.abandon();
    unlock();
    throw error;
  }
  let service = restored;
  const stats = new RequestStats(ACTIONS);
  const nonces = new NonceCache();
  const gate = new RequestGate();

  const control: ControlTarget = {
    flowLogs: () => service.allFlowLogs(),
    stats: () => stats.snapshot(),
    faults: () => faults.list(),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    settings: () => service.settings,
    updateSettings: (patch) => {
      service.updateSettings(checkSettings(patch));
      saver.save();
    },
    reset: () => {
      service.dispose();
      service = new VpcService(serviceOptions);
      faults.clear();
      stats.reset();
      nonces.clear();
      saver.save();
    },
  };

  const server = createEmulatorServer({
    keys,
    nonces,
    faults,
    gate,
    stats,
    clock,
    actions: ACTIONS,
    dispatch: (action, params) => dispatch(service, action, params),
    onCommitted: (action) => {
      if (!READ_ONLY.test(action)) saver.save();
    },
    control,
    logger,
    ...(options.logRequests === false ? { requestLogger: () => undefined } : {}),
    hostId: options.hostId ?? "vpc.aliyuncs.com",
    newRequestId: () => randomUUID().toUpperCase(),
  });
  const host = options.host ?? "127.0.0.1";
  let bound: { host: string; port: number };
  try {
    bound = await listen(server, host, options.port ?? 0);
  } catch (error) {
    service.dispose();
    saver.abandon();
    unlock();
    leftBehind?.remove();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${bound.host.includes(":") ? `[${bound.host}]` : bound.host}:${bound.port}`,
    port: bound.port,
    host: bound.host,
    stop: () => {
      // The gate closes first, in this same tick: a request held by a latency fault cannot commit from now on.
      gate.close();
      stopped ??= closeServer(server).then(() => {
        service.dispose();
        try {
          saver.close();
        } finally {
          unlock();
        }
      });
      return stopped;
    },
    flowLogs: control.flowLogs,
    stats: control.stats,
    addFault: control.addFault,
    clearFaults: control.clearFaults,
    settings: control.settings,
    updateSettings: control.updateSettings,
    reset: control.reset,
  };
}

/** @throws TypeError for a port that is not an integer from 0 to 65535 (from JavaScript, `"abc"` would bind nothing). */
function checkPort(port: unknown): void {
  if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535)) {
    throw new TypeError(`port must be an integer from 0 to 65535 (0 picks a free one); got ${JSON.stringify(port)}`);
  }
}

function writeInitialState(file: string, service: VpcService, clock: Clock): void {
  // The atomic write replaces the file whatever its mode: a file made read-only is the user's "do not touch".
  if (isReadOnlyFile(file)) throw new StateFileError(`The state file ${file} is read-only: make it writable or choose another state file`);
  try {
    saveState(file, service.snapshot(), clock.now());
  } catch (error) {
    throw new StateFileError(`Cannot write the state file ${file}: ${(error as Error).message}`);
  }
}

/**
 * What starting on `file` will create that is not there yet: the file itself and its missing folders. `remove()` takes
 * them away again, folders only while empty (the lock, released first, was their only other content).
 */
function whatStartMakes(file: string): { remove(): void } {
  const exists = entryExists;
  const newFile = !exists(file);
  const newFolders: string[] = [];
  for (let folder = dirname(file); !exists(folder) && dirname(folder) !== folder; folder = dirname(folder)) newFolders.push(folder);
  return {
    remove: () => {
      try {
        if (newFile) rmSync(file, { force: true });
        for (const folder of newFolders) rmdirSync(folder);
      } catch {
        // Something else is in there now: leave it.
      }
    },
  };
}

/**
 * Whether anything is at `path`, a dangling link included (lstat, not existsSync: a link the user made is theirs). An
 * answer other than "no such entry" counts as yes: whatStartMakes then never removes it.
 */
function entryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== "ENOENT" && code !== "ENOTDIR";
  }
}

/**
 * The absolute path of the file a path names, links followed: its real path when it exists; otherwise its deepest
 * existing folder's real path with the rest appended ("a/new/../kept/state.json" is a/kept/state.json), and a dangling
 * link gives where it points (the state file is made there, the link kept). A loop of links gives the path, which then
 * fails where it is used.
 */
function followLink(file: string, hops = 0): string {
  const path = isAbsolute(file) ? file : `${process.cwd()}/${file}`;
  try {
    return realpathSync(path);
  } catch {
    if (hops >= 40) return path;
    if (isLink(path)) return followLink(resolve(dirname(path), readlinkSync(path)), hops + 1);
    const parent = dirname(path);
    return parent === path ? path : join(followLink(parent, hops + 1), basename(path));
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function isReadOnlyFile(file: string): boolean {
  try {
    return (statSync(file).mode & 0o222) === 0;
  } catch {
    return false;
  }
}

function resolveWorld(world: WorldDefinition | string | undefined): WorldDefinition | undefined {
  if (typeof world !== "string") return world === undefined ? undefined : parseWorld(world);
  let text: string;
  try {
    // Reading a FIFO would block until some writer came, with the event loop stopped (SIGTERM included).
    if (!statSync(world).isFile()) throw new Error("not a regular file");
    text = readFileSync(world, "utf8");
  } catch (error) {
    throw new Error(`The world file ${world} cannot be read: ${(error as Error).message}`);
  }
  try {
    return parseWorld(JSON.parse(text) as unknown);
  } catch (error) {
    throw new Error(`The world file ${world}: ${(error as Error).message}`);
  }
}

function initialService(stateFile: string | undefined, options: ConstructorParameters<typeof VpcService>[0]): VpcService {
  const snapshot = stateFile === undefined ? undefined : loadState(stateFile);
  if (snapshot === undefined) return new VpcService(options);
  try {
    return VpcService.restore(snapshot, options);
  } catch (error) {
    throw new StateFileError(`The state file ${stateFile} cannot be loaded: ${(error as Error).message}`);
  }
}
