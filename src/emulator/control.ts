/**
 * The control and inspection API under `/__emulator/` (docs/ARCHITECTURE.md "emulator"), kept apart from the service's
 * routes like moto's `/moto-api/`. Not signed; JSON in and out:
 *
 * | route | body | answer |
 * |---|---|---|
 * | `GET /__emulator/flowlogs` | | `{ flowLogs: EmulatedFlowLog[] }` (hidden and transitional ones included) |
 * | `GET /__emulator/stats` | | `{ total, byAction }` |
 * | `GET /__emulator/faults` | | `{ faults: FaultRule[] }` (rules still able to fire, with `fired`) |
 * | `POST /__emulator/faults` | one FaultRule | 201 `{ faults }` |
 * | `DELETE /__emulator/faults` | | `{ faults: [] }` |
 * | `GET /__emulator/settings` | | EmulatorSettings |
 * | `PATCH /__emulator/settings` | partial EmulatorSettings | EmulatorSettings after the change |
 * | `POST /__emulator/reset` | | `{ reset: true }`: flow logs, faults, stats and nonces cleared; settings back to the start |
 *
 * Errors: `{ Code, Message }` with 400 (bad JSON or shape; a fault rule naming an action the emulator does not serve,
 * the Message listing the known ones), 404 (unknown route), 405 (wrong method), 413 (body over 1 MiB).
 */
import { FaultRuleError, type FaultRule } from "./faults";
import { JSON_CONTENT_TYPE, type WireAnswer } from "./protocol";
import { EmulatorSettingsError, settingsPatchSchema, type EmulatedFlowLog, type EmulatorSettings } from "./model";

/** The path prefix of the control API. */
export const CONTROL_PREFIX = "/__emulator/";

/** Requests counted by action: `total` counts every service request, `byAction` those naming a known action. */
export interface RequestStatsSnapshot {
  total: number;
  byAction: Record<string, number>;
}

/** Counts the service's requests: every one, also those refused or faulted. */
export class RequestStats {
  private total = 0;
  private byAction = new Map<string, number>();

  /** @param actions the action names counted one by one (others count in `total` only, keeping memory bounded) */
  constructor(private readonly actions: readonly string[]) {}

  record(action: string | undefined): void {
    this.total += 1;
    if (action !== undefined && this.actions.includes(action)) this.byAction.set(action, (this.byAction.get(action) ?? 0) + 1);
  }

  snapshot(): RequestStatsSnapshot {
    return { total: this.total, byAction: Object.fromEntries(this.byAction) };
  }

  reset(): void {
    this.total = 0;
    this.byAction = new Map();
  }
}

/** What the control API acts on (implemented by the running emulator). */
export interface ControlTarget {
  flowLogs(): EmulatedFlowLog[];
  stats(): RequestStatsSnapshot;
  faults(): readonly FaultRule[];
  /** @throws FaultRuleError for an invalid rule or an unknown action */
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  settings(): EmulatorSettings;
  updateSettings(patch: Partial<EmulatorSettings>): void;
  reset(): void;
}

/**
 * Checks an untrusted partial EmulatorSettings (control API) against the model's settingsPatchSchema, which state files
 * are checked against too.
 * @throws ControlInputError naming the field
 */
export function parseSettingsPatch(value: unknown): Partial<EmulatorSettings> {
  const result = settingsPatchSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `\`${issue.path.join(".")}\`: ` : "";
  throw new ControlInputError(`Invalid emulator settings: ${where}${issue?.message ?? "not an object"}`);
}

const MARKER = Symbol.for("pulumi-alicloud-flowlog.emulator.ControlInputError");

/** A control API body that is not valid JSON or not of the expected shape. */
export class ControlInputError extends Error {
  readonly [MARKER] = true;
  override readonly name = "ControlInputError";
  readonly code = "ERR_EMULATOR_CONTROL_INPUT";

  /** True for a ControlInputError from any copy of this module. */
  static isInstance(value: unknown): value is ControlInputError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

type Route = (body: Buffer, target: ControlTarget) => WireAnswer;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  flowlogs: { GET: (_b, t) => json(200, { flowLogs: t.flowLogs() }) },
  stats: { GET: (_b, t) => json(200, t.stats()) },
  faults: {
    GET: (_b, t) => json(200, { faults: t.faults() }),
    POST: (body, t) => {
      t.addFault(readJson(body) as FaultRule);
      return json(201, { faults: t.faults() });
    },
    DELETE: (_b, t) => {
      t.clearFaults();
      return json(200, { faults: [] });
    },
  },
  settings: {
    GET: (_b, t) => json(200, t.settings()),
    PATCH: (body, t) => {
      t.updateSettings(parseSettingsPatch(readJson(body)));
      return json(200, t.settings());
    },
  },
  reset: {
    POST: (_b, t) => {
      t.reset();
      return json(200, { reset: true });
    },
  },
};

/** True when `pathname` belongs to the control API. */
export function isControlPath(pathname: string): boolean {
  return pathname === "/__emulator" || pathname.startsWith(CONTROL_PREFIX);
}

/** Answers one control request; never throws for bad input. */
export function handleControl(method: string, pathname: string, body: Buffer, target: ControlTarget): WireAnswer {
  const name = pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "");
  const routes = Object.hasOwn(ROUTES, name) ? ROUTES[name]! : undefined;
  if (routes === undefined) return controlError(404, "NotFound", `No control route ${pathname}.`);
  const route = Object.hasOwn(routes, method) ? routes[method] : undefined;
  if (route === undefined) {
    // RFC 9110 15.5.6: a 405 names the methods the target allows.
    const answer = controlError(405, "MethodNotAllowed", `${method} is not allowed on ${pathname}.`);
    return { ...answer, headers: { ...answer.headers, allow: Object.keys(routes).join(", ") } };
  }
  try {
    return route(body, target);
  } catch (error) {
    if (ControlInputError.isInstance(error) || FaultRuleError.isInstance(error) || EmulatorSettingsError.isInstance(error)) return controlError(400, "InvalidInput", error.message);
    throw error;
  }
}

/** The answer to a control request whose body is over the server's limit. */
export function controlBodyTooLarge(): WireAnswer {
  return controlError(413, "TooLarge", "The body is larger than the server accepts.");
}

function readJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new ControlInputError("The body is not valid JSON.");
  }
}

function json(status: number, value: unknown): WireAnswer {
  return { status, headers: { "content-type": JSON_CONTENT_TYPE }, body: JSON.stringify(value) };
}

function controlError(status: number, code: string, message: string): WireAnswer {
  return json(status, { Code: code, Message: message });
}
