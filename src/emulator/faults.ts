/**
 * Fault injection: rules that make the emulator throttle, fail, slow down or drop connections, so clients can be tested
 * against what the real service and network do. Rules apply only to requests whose signature already passed.
 *
 * Codes: throttling answers `Throttling.User` with HTTP 400 ("Request was denied due to user flow control.", as the
 * published error tables of Alibaba Cloud APIs give it) and `x-acs-retry-after` when `retryAfterSeconds` is set;
 * unavailability answers `ServiceUnavailable` with HTTP 503.
 */
import { z } from "zod";
import { ACTIONS } from "./handlers";
import { ProtocolError, protocolErrors } from "./protocol";

/** The kinds of fault (docs/ARCHITECTURE.md "emulator"). */
export type FaultKind = "throttle" | "unavailable" | "latency" | "reset-before" | "reset-after";

/**
 * One fault rule (docs/ARCHITECTURE.md). Without `every` and `ratePerSecond` a rule fires on every matching call.
 * - `throttle`: answer 400 Throttling.User (with `x-acs-retry-after: retryAfterSeconds` when set).
 * - `unavailable`: answer 503 ServiceUnavailable.
 * - `latency`: wait `latencyMs` before handling (several latency rules add up).
 * - `reset-before`: destroy the connection before handling: nothing is committed.
 * - `reset-after`: handle and commit, then destroy the connection: the answer is lost.
 */
export interface FaultRule {
  kind: FaultKind;
  /** API action name, one of ACTIONS (`CreateFlowLog`, case-sensitive); all actions when absent. */
  action?: string;
  /** Fire on every Nth matching call (1 = every call). Counted per rule. */
  every?: number;
  /** Stop after firing this many times. */
  times?: number;
  /** throttle only: allow this many calls per second per action, refuse the rest (a fixed one-second window). */
  ratePerSecond?: number;
  /** throttle only: seconds sent as `x-acs-retry-after`. */
  retryAfterSeconds?: number;
  /** latency only: milliseconds to wait before handling. */
  latencyMs?: number;
}

const MARKER = Symbol.for("pulumi-alicloud-flowlog.emulator.FaultRuleError");

/** A fault rule that does not fit the FaultRule shape; `message` names the field. */
export class FaultRuleError extends Error {
  readonly [MARKER] = true;
  override readonly name = "FaultRuleError";
  readonly code = "ERR_EMULATOR_FAULT_RULE";

  /** True for a FaultRuleError from any copy of this module. */
  static isInstance(value: unknown): value is FaultRuleError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

const positiveInt = z.number().int().min(1);
const ruleSchema = z
  .strictObject({
    kind: z.enum(["throttle", "unavailable", "latency", "reset-before", "reset-after"]),
    action: z.string().min(1).optional(),
    every: positiveInt.optional(),
    times: positiveInt.optional(),
    ratePerSecond: z.number().positive().optional(),
    retryAfterSeconds: z.number().min(0).optional(),
    latencyMs: z.number().min(0).max(600_000).optional(),
  })
  .refine((r) => r.kind === "throttle" || (r.ratePerSecond === undefined && r.retryAfterSeconds === undefined), {
    message: "`ratePerSecond` and `retryAfterSeconds` apply to throttle rules only",
  })
  .refine((r) => (r.kind === "latency") === (r.latencyMs !== undefined), {
    message: "`latencyMs` is required for latency rules and allowed only there",
  })
  .refine((r) => r.every === undefined || r.ratePerSecond === undefined, {
    message: "`every` and `ratePerSecond` exclude each other",
  });

/**
 * Checks an untrusted value (options, control API body) against the FaultRule shape. A rule naming an action the
 * emulator does not serve would never fire, so it is refused too.
 * @param actions the action names a rule may name (default: the emulator's ACTIONS)
 * @throws FaultRuleError naming the offending field (and, for `action`, listing the known actions)
 */
export function parseFaultRule(value: unknown, actions: readonly string[] = ACTIONS): FaultRule {
  const result = ruleSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `\`${issue.path.join(".")}\`: ` : "";
    throw new FaultRuleError(`Invalid fault rule: ${where}${issue?.message ?? "not a fault rule"}`);
  }
  const action = result.data.action;
  if (action !== undefined && !actions.includes(action)) {
    const shown = JSON.stringify(action.length > 64 ? `${action.slice(0, 64)}...` : action);
    throw new FaultRuleError(`Invalid fault rule: \`action\`: unknown action ${shown}; known actions: ${actions.join(", ")}`);
  }
  return result.data;
}

/** What the faults decide for one call. */
export interface FaultPlan {
  /** Wait this long before anything else, in ms. */
  readonly latencyMs: number;
  /** `answer`: send `error` instead of handling. */
  readonly outcome: "handle" | "answer" | "reset-before" | "reset-after";
  readonly error?: ProtocolError;
}

interface RuleState {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
  /** ratePerSecond: per action, the window start (ms) and calls counted in it. */
  readonly windows: Map<string, { start: number; count: number }>;
}

/** Holds the active rules and decides, call by call, which fire. */
export class FaultInjector {
  private states: RuleState[] = [];

  /** @param now server time in ms (the emulator's clock), for `ratePerSecond` windows */
  constructor(private readonly now: () => number, rules: readonly FaultRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  /** Adds a rule after validating it. @throws FaultRuleError */
  add(rule: FaultRule): void {
    this.states.push({ rule: parseFaultRule(rule), seen: 0, fired: 0, windows: new Map() });
  }

  /** Removes every rule. */
  clear(): void {
    this.states = [];
  }

  /** The rules still able to fire, with how often each has fired. */
  list(): Array<FaultRule & { fired: number }> {
    return this.states.filter((s) => !exhausted(s)).map((s) => ({ ...s.rule, fired: s.fired }));
  }

  /** Decides the faults of one call to `action`; counts the call against every matching rule. */
  plan(action: string): FaultPlan {
    let latencyMs = 0;
    let decided: Omit<FaultPlan, "latencyMs"> | undefined;
    for (const state of this.states) {
      if (exhausted(state) || (state.rule.action !== undefined && state.rule.action !== action)) continue;
      state.seen += 1;
      if (!this.fires(state, action)) continue;
      if (state.rule.kind === "latency") {
        latencyMs += state.rule.latencyMs ?? 0;
        state.fired += 1;
      } else if (decided === undefined) {
        decided = outcomeOf(state.rule);
        state.fired += 1;
      }
    }
    return { latencyMs, ...(decided ?? { outcome: "handle" }) };
  }

  private fires(state: RuleState, action: string): boolean {
    const rate = state.rule.ratePerSecond;
    if (rate === undefined) return state.seen % (state.rule.every ?? 1) === 0;
    const now = this.now();
    let window = state.windows.get(action);
    if (window === undefined || now - window.start >= 1000) {
      window = { start: now, count: 0 };
      state.windows.set(action, window);
    }
    window.count += 1;
    return window.count > rate;
  }
}

function exhausted(state: RuleState): boolean {
  return state.rule.times !== undefined && state.fired >= state.rule.times;
}

function outcomeOf(rule: FaultRule): Omit<FaultPlan, "latencyMs"> {
  switch (rule.kind) {
    case "throttle":
      return { outcome: "answer", error: protocolErrors.throttled(rule.retryAfterSeconds) };
    case "unavailable":
      return { outcome: "answer", error: protocolErrors.serviceUnavailable() };
    case "reset-before":
      return { outcome: "reset-before" };
    case "reset-after":
      return { outcome: "reset-after" };
    case "latency":
      return { outcome: "handle" };
  }
}
