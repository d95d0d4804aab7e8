/**
 * Stack configuration keys that tune the provider's timing. Pulumi's `customTimeouts` never reach a dynamic provider
 * (pulumi NOTES.md, "Failures"), and the engine starts the provider process itself, so configuration is the only way a
 * stack (or a test running the real provider process) can shorten them. Values are duration strings ("700ms", "30s").
 *
 * | key | default | what |
 * | --- | --- | --- |
 * | `alicloud-flowlog:requestTimeout` | 30s | one HTTP request: time to the response headers, and longest body silence |
 * | `alicloud-flowlog:adoptWindow` | 20s | after a CreateFlowLog whose answer was lost, how long to look for the flow log it made |
 * | `alicloud-flowlog:describeRate` | 2.5 | DescribeFlowLogs calls per second the region watcher's shared rounds may make (burst: twice that); one or two waits look on their own schedule |
 *
 * `describeRate` is a number, not a duration: lower it when other tools share the account's DescribeFlowLogs limit; the
 * trade-off (fewer calls, longer waits for large stacks) is measured by bench/scale.ts.
 */
import type { ConfigSource, TransportTimeouts } from "../client";
import type { ProviderSettings } from "./context";
import { MAX_TIMEOUT_MS, MAX_TIMEOUT_TEXT, parseDurationMs } from "./duration";
import type { DescribeBudget } from "./pacer";
import { FlowLogOperationError } from "./errors";

/** Config key of the per-request timeout (headers and body silence), a duration. */
export const REQUEST_TIMEOUT_KEY = "alicloud-flowlog:requestTimeout";
/** Config key of the adopt window after a lost CreateFlowLog answer, a duration. */
export const ADOPT_WINDOW_KEY = "alicloud-flowlog:adoptWindow";
/** Config key of the region watcher's DescribeFlowLogs budget, calls per second (a positive number). */
export const DESCRIBE_RATE_KEY = "alicloud-flowlog:describeRate";

/**
 * The duration at `key`, in milliseconds; undefined when the key is unset or empty.
 * @throws FlowLogOperationError naming the key when the value is not a duration such as "700ms" or "30s", or is over 24h.
 */
export function configDurationMs(config: ConfigSource | undefined, key: string): number | undefined {
  const text = config?.get(key)?.trim();
  if (text === undefined || text === "") return undefined;
  let ms = 0;
  try {
    ms = parseDurationMs(text);
  } catch {
    // reported below with the key named
  }
  if (ms > MAX_TIMEOUT_MS) throw new FlowLogOperationError(`config ${key} must be at most ${MAX_TIMEOUT_TEXT}; got ${JSON.stringify(text)}`);
  if (ms > 0) return ms;
  throw new FlowLogOperationError(`config ${key} must be a positive duration such as "700ms", "30s" or "2m"; got ${JSON.stringify(text)}`);
}

/** Client request timeouts from `alicloud-flowlog:requestTimeout` (headers and body); undefined when unset. */
export function requestTimeoutsFrom(config: ConfigSource | undefined): Partial<TransportTimeouts> | undefined {
  const ms = configDurationMs(config, REQUEST_TIMEOUT_KEY);
  return ms === undefined ? undefined : { headersMs: ms, bodyMs: ms };
}

/**
 * The DescribeFlowLogs budget from `alicloud-flowlog:describeRate` (burst twice the rate, at least 1); undefined when unset.
 * @throws FlowLogOperationError naming the key when the value is not a positive number of calls per second.
 */
export function describeBudgetFrom(config: ConfigSource | undefined): DescribeBudget | undefined {
  const text = config?.get(DESCRIBE_RATE_KEY)?.trim();
  if (text === undefined || text === "") return undefined;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new FlowLogOperationError(`config ${DESCRIBE_RATE_KEY} must be a positive number of calls per second such as "2.5" or "6"; got ${JSON.stringify(text)}`);
  }
  return { callsPerSecond: rate, burst: Math.max(1, 2 * rate) };
}

/**
 * Provider settings the configuration sets (`alicloud-flowlog:adoptWindow`, `alicloud-flowlog:describeRate`), checked once at configure so a bad value
 * fails there with the key named rather than half way through an update. `requestTimeout` is read by the default
 * `createApi` (and checked here too).
 * @throws FlowLogOperationError naming the key of a malformed value.
 */
export function settingsFromConfig(config: ConfigSource | undefined): Partial<ProviderSettings> {
  requestTimeoutsFrom(config);
  const adoptWindowMs = configDurationMs(config, ADOPT_WINDOW_KEY);
  const describeBudget = describeBudgetFrom(config);
  return { ...(adoptWindowMs === undefined ? {} : { adoptWindowMs }), ...(describeBudget === undefined ? {} : { describeBudget }) };
}
