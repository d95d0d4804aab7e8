/**
 * diff: what a change of inputs does to a flow log. The user's new inputs are compared with the old
 * outputs, which read refreshes from the cloud, so drift in any field shows. A field the user left unset
 * is not compared; system tags are ignored. A change of timeouts alone is an update that calls no API: it
 * puts the new timeouts into the state, where delete reads them (`pulumi destroy` never sees the program).
 */
import { isDuration, parseDurationMs } from "./duration";
import { fullTimeouts } from "./mapping";
import { sameUserTags } from "./tags";
import { UNKNOWN, type FlowLogTimeouts } from "./types";

/** Properties whose change needs a new flow log (no API modifies them). */
export const REPLACE_PROPERTIES = [
  "resourceType",
  "resourceId",
  "trafficType",
  "projectName",
  "logStoreName",
  "regionId",
  "trafficPaths",
] as const;

/** Properties update changes in place (ModifyFlowLogAttribute, Active/DeactiveFlowLog, (Un)TagResources, MoveResourceGroup). */
export const UPDATE_PROPERTIES = [
  "flowLogName",
  "description",
  "aggregationInterval",
  "ipVersion",
  "status",
  "tags",
  "resourceGroupId",
] as const;

/** In-place changes that need no API call: update only records them. */
export const STATE_ONLY_PROPERTIES = ["timeouts"] as const;

/** The answer Pulumi's engine reads: `changes` is always set, since undefined means "unknown" to it. */
export interface FlowLogDiff {
  readonly changes: boolean;
  readonly replaces: string[];
  /** In-place changes; informational (the engine only reads changes, replaces and deleteBeforeReplace). */
  readonly updates: string[];
  readonly deleteBeforeReplace: boolean;
}

/**
 * A traffic path list as the service means it: order carries no meaning, and none, `[]` and `["all"]` are all the
 * default (a flow log created without TrafficPath reports `["all"]`; the SDK's docs: "all (default)").
 */
function canonicalTrafficPaths(value: unknown): string {
  // Stored state may hold anything (older versions, hand edits): a non-string entry is compared by its JSON, never
  // converted with String(), which throws for an object such as {"toString": 0}.
  const list = Array.isArray(value) ? value.map((path) => (typeof path === "string" ? path : JSON.stringify(path) ?? "")).sort() : [];
  return JSON.stringify(list.length === 1 && list[0] === "all" ? [] : list);
}

/**
 * What the service means when it leaves a field out of DescribeFlowLogs (outputs `ipVersion: ""`, no
 * `aggregationInterval`): its default. CreateFlowLog page: AggregationInterval "取值:1、5、10(默认值)" (10 is the default),
 * IpVersion example "IPv4"; FlowLogArgs documents both defaults. So a program that gives the default explicitly sees
 * no change against a flow log whose answer omits it.
 */
const UNREPORTED_MEANS: Readonly<Record<string, unknown>> = { ipVersion: "IPv4", aggregationInterval: 10 };

function reported(property: string, value: unknown): unknown {
  return (value === undefined || value === null || value === "") && property in UNREPORTED_MEANS ? UNREPORTED_MEANS[property] : value;
}

/** True when the new value differs from the old one (an unknown new value counts as different). */
export function propertyChanged(property: string, storedValue: unknown, newValue: unknown): boolean {
  if (newValue === UNKNOWN) return true;
  const oldValue = reported(property, storedValue);
  if (property === "tags") {
    return !sameUserTags(oldValue as Record<string, string> | undefined, newValue as Record<string, string> | undefined);
  }
  if (property === "aggregationInterval") return intervalOf(oldValue) !== intervalOf(newValue);
  if (property === "timeouts") return !sameTimeouts(oldValue, newValue);
  if (property === "trafficPaths") return canonicalTrafficPaths(oldValue) !== canonicalTrafficPaths(newValue);
  return JSON.stringify(oldValue ?? null) !== JSON.stringify(newValue ?? null);
}

/** An interval as a number: 5 and "5" (DescribeFlowLogs sends strings) are the same; anything else is NaN (a change). */
function intervalOf(value: unknown): number {
  return typeof value === "number" || typeof value === "string" ? Number(value) : Number.NaN;
}

/** Durations compared by length ("10m" and "600s" are the same); every operation defaults to 10m. */
function sameTimeouts(a: unknown, b: unknown): boolean {
  const full = (value: unknown) => fullTimeouts(typeof value === "object" && value !== null ? (value as FlowLogTimeouts) : undefined);
  const ms = (text: unknown) => (typeof text !== "string" ? JSON.stringify(text) : isDuration(text) ? parseDurationMs(text) : text);
  const [left, right] = [full(a), full(b)];
  return (["create", "update", "delete"] as const).every((op) => ms(left[op]) === ms(right[op]));
}

/**
 * Compares the user's `news` (checked inputs) with `olds` (the stored outputs).
 *
 * deleteBeforeReplace is true when the replacement captures the same resource (same or not yet known resourceId and
 * regionId, or old state without one): the service may allow only one flow log per resource ("This resourceId already
 * has flowlog instance existed"), so creating the new one first would fail. When the resource changes, or the region
 * (VPCs, vSwitches and ENIs are regional: a resource of another region is another resource), the new flow log is
 * created first and logging never stops; a replacement that cannot be created leaves the old one working.
 */
export function diffFlowLog(olds: Readonly<Record<string, unknown>>, news: Readonly<Record<string, unknown>>): FlowLogDiff {
  const changed = (property: string): boolean => news[property] !== undefined && propertyChanged(property, olds[property], news[property]);
  const importsAnother = typeof news.importId === "string" && typeof olds.flowLogId === "string" && news.importId !== olds.flowLogId;
  // The `import` option naming another flow log: the engine would import it in place of this one (an import
  // replacement); here its create adopts that one, or fails, before this one is deleted.
  const replaces = [...REPLACE_PROPERTIES.filter(changed), ...(importsAnother ? ["importId"] : [])];
  const updates = [...UPDATE_PROPERTIES, ...STATE_ONLY_PROPERTIES].filter(changed);
  // Unknown on either side counts as the same resource: deleting first is the choice that cannot be refused.
  const same = (property: string): boolean => news[property] === undefined || news[property] === UNKNOWN || olds[property] === undefined || news[property] === olds[property];
  const sameResource = same("resourceId") && same("regionId");
  // Still imported under its own id: a forced replacement (`pulumi up --replace`) must not adopt this very flow log and
  // then delete it; deleting first makes the adoption fail ("does not exist ... remove the `import` option") instead.
  const importsThis = typeof news.importId === "string" && news.importId === olds.flowLogId;
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    updates,
    deleteBeforeReplace: importsThis || (replaces.length > 0 && sameResource && !importsAnother),
  };
}
