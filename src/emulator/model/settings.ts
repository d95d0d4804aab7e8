import { z } from "zod";
import {
  DEFAULT_ACTIVATION_DELAY_MS,
  DEFAULT_MAX_FLOW_LOGS_PER_RESOURCE,
  DEFAULT_QUOTA_PER_REGION,
  DEFAULT_TRANSITION_DELAY_MS,
} from "../defaults";

/** Run-time behaviour of the emulated service (docs/ARCHITECTURE.md); change it with VpcService.updateSettings. */
export interface EmulatorSettings {
  /** Activating -> Active, in ms. @default 3000 */
  activationDelayMs: number;
  /** How long Modifying, Deactivating and Deleting last, in ms. @default 1000 */
  transitionDelayMs: number;
  /** New or re-activated flow logs never leave Activating (turning it off lets them finish after activationDelayMs). @default false */
  stuckActivating: boolean;
  /** A new flow log is missing from DescribeFlowLogs for this many ms after creation (eventual consistency). @default 0 */
  hideNewForMs: number;
  /** Flow logs one resource may carry before InvalidResourceId.NotFound. @default 1 */
  maxFlowLogsPerResource: number;
  /** Flow logs per region before QuotaExceeded.FlowlogCount (Deleting ones count until gone). @default 1000 */
  quotaPerRegion: number;
  /** Custom TrafficPath values (anything but "all") are accepted; otherwise UnsupportedFeature.UserDefinedTrafficPath. @default false */
  userDefinedTrafficPath: boolean;
  /** Flow-log service state per region; a region absent here is open. OpenFlowLogService sets it true. @default {} (all open) */
  serviceOpen: Record<string, boolean>;
}

/**
 * The rules every settings value from outside must meet (control API PATCH, a state file's `settings`): one schema, so a
 * state file cannot carry a value the control API would refuse. Every field is optional (a patch; a state file's settings
 * are merged over the defaults); unknown fields are refused (a state file drops them: {@link settingsFileSchema}). Delays
 * may be any finite size: timers longer than Node's limit are chained (clock.ts). Infinity is refused, since JSON (the
 * control API, the state file) cannot carry it; `stuckActivating` is the way to never activate.
 */
export const settingsPatchSchema = z.strictObject({
  activationDelayMs: z.number().min(0).optional(),
  transitionDelayMs: z.number().min(0).optional(),
  stuckActivating: z.boolean().optional(),
  hideNewForMs: z.number().min(0).optional(),
  maxFlowLogsPerResource: z.number().int().min(1).optional(),
  quotaPerRegion: z.number().int().min(0).optional(),
  userDefinedTrafficPath: z.boolean().optional(),
  serviceOpen: z
    .custom<Record<string, boolean>>((value) => !(typeof value === "object" && value !== null && Object.hasOwn(value, "__proto__")), {
      // zod's record parse skips a `__proto__` key silently: refused by name instead of ignored.
      error: "__proto__ is not a region of the emulator's world",
    })
    .pipe(z.record(z.string(), z.boolean()))
    .optional(),
});

/**
 * A state file's `settings`: the same rules, but a file written by another version of the emulator still loads: keys this
 * version does not know are dropped, and so are nulls (how JSON wrote the Infinity delays older versions took from code),
 * which then take their defaults.
 */
export const settingsFileSchema = z.preprocess(
  (value) => (isPlainObject(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(withoutProtoRegion)) : value),
  z.object(settingsPatchSchema.shape),
);

/** A state file's `serviceOpen.__proto__` is dropped like any region the world lacks (VpcService.restore), not refused. */
function withoutProtoRegion([key, value]: [string, unknown]): [string, unknown] {
  if (key !== "serviceOpen" || !isPlainObject(value)) return [key, value];
  return [key, Object.fromEntries(Object.entries(value).filter(([region]) => region !== "__proto__"))];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const MARKER = Symbol.for("pulumi-alicloud-flowlog.emulator.EmulatorSettingsError");

/** Settings given in code (`startEmulator({ settings })`) that break {@link settingsPatchSchema}. */
export class EmulatorSettingsError extends Error {
  readonly [MARKER] = true;
  override readonly name = "EmulatorSettingsError";
  readonly code = "ERR_EMULATOR_SETTINGS";

  /** True for an EmulatorSettingsError from any copy of this module. */
  static isInstance(value: unknown): value is EmulatorSettingsError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/**
 * Checks settings given in code by the rules of the control API, so the emulator never writes a state file it would then
 * refuse to load.
 * @throws EmulatorSettingsError naming the field and the rule
 */
export function checkSettings(value: Partial<EmulatorSettings> | undefined): Partial<EmulatorSettings> {
  // Only "nothing given" is an empty patch: null is refused, as PATCH /__emulator/settings refuses a body of null.
  const result = settingsPatchSchema.safeParse(value === undefined ? {} : value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new EmulatorSettingsError(`Invalid emulator settings: ${where}${issue?.message ?? "not an object"}`);
}

/**
 * Checks that every region `serviceOpen` names is a region of the world: a typo (`cn-hangzou`) would otherwise close
 * nothing, silently.
 * @throws EmulatorSettingsError naming the first unknown region
 */
export function checkServiceOpenRegions(patch: Partial<EmulatorSettings> | undefined, hasRegion: (regionId: string) => boolean): void {
  for (const regionId of Object.keys(patch?.serviceOpen ?? {})) {
    if (!hasRegion(regionId)) throw new EmulatorSettingsError(`Invalid emulator settings: serviceOpen.${regionId}: not a region of the emulator's world`);
  }
}

/** The defaults of docs/ARCHITECTURE.md, as a fresh object. */
export function defaultSettings(): EmulatorSettings {
  return {
    activationDelayMs: DEFAULT_ACTIVATION_DELAY_MS,
    transitionDelayMs: DEFAULT_TRANSITION_DELAY_MS,
    stuckActivating: false,
    hideNewForMs: 0,
    maxFlowLogsPerResource: DEFAULT_MAX_FLOW_LOGS_PER_RESOURCE,
    quotaPerRegion: DEFAULT_QUOTA_PER_REGION,
    userDefinedTrafficPath: false,
    serviceOpen: {},
  };
}

/** `base` with `patch` applied; `serviceOpen` is merged per region rather than replaced. Never mutates its inputs. */
export function mergeSettings(base: EmulatorSettings, patch: Partial<EmulatorSettings> | undefined): EmulatorSettings {
  if (patch === undefined) return { ...base, serviceOpen: { ...base.serviceOpen } };
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<EmulatorSettings>;
  return { ...base, ...defined, serviceOpen: { ...base.serviceOpen, ...(patch.serviceOpen ?? {}) } };
}
