/**
 * Pure planning of an in-place update: which API operations turn the flow log as the cloud reports it
 * into what the user asked for. Only fields the user set are compared (as in diff); system tags are
 * never touched. Order: activate first when the flow log must run again (so later changes apply to a
 * running flow log), deactivate last (so attribute changes land before it stops).
 */
import { propertyChanged } from "./diff";
import { tagChanges } from "./tags";
import type { CloudFlowLog, FlowLogInputs } from "./types";

/** Attributes ModifyFlowLogAttribute changes. */
export interface ModifyParams {
  flowLogName?: string;
  description?: string;
  aggregationInterval?: number;
  ipVersion?: "IPv4" | "DualStack";
}

/** One API operation of an update. */
export type UpdateStep =
  | { readonly kind: "activate" }
  | { readonly kind: "modify"; readonly params: ModifyParams }
  | { readonly kind: "untag"; readonly keys: string[] }
  | { readonly kind: "tag"; readonly tags: { key: string; value: string }[] }
  | { readonly kind: "move"; readonly resourceGroupId: string }
  | { readonly kind: "deactivate" };

const MODIFY_FIELDS = ["flowLogName", "description", "aggregationInterval", "ipVersion"] as const;

function modifyParams(current: CloudFlowLog, desired: FlowLogInputs): ModifyParams {
  const params: Record<string, unknown> = {};
  for (const field of MODIFY_FIELDS) {
    const wanted = desired[field];
    if (wanted !== undefined && propertyChanged(field, current[field], wanted)) params[field] = wanted;
  }
  return params as ModifyParams;
}

/** The operations still needed, in the order to run them; empty when the flow log is as desired. */
export function planUpdate(current: CloudFlowLog, desired: FlowLogInputs): UpdateStep[] {
  const steps: UpdateStep[] = [];
  if (desired.status === "Active" && current.status === "Inactive") steps.push({ kind: "activate" });
  const params = modifyParams(current, desired);
  if (Object.keys(params).length > 0) steps.push({ kind: "modify", params });
  if (desired.tags !== undefined) {
    const { set, remove } = tagChanges(current.tags, desired.tags);
    if (remove.length > 0) steps.push({ kind: "untag", keys: remove });
    if (set.length > 0) steps.push({ kind: "tag", tags: set });
  }
  if (desired.resourceGroupId !== undefined && desired.resourceGroupId !== current.resourceGroupId) {
    steps.push({ kind: "move", resourceGroupId: desired.resourceGroupId });
  }
  if (desired.status === "Inactive" && current.status === "Active") steps.push({ kind: "deactivate" });
  return steps;
}

/**
 * The flow log as `step` leaves it once the service has accepted it, for a failure's state when no look showed the
 * change yet (the step's answer came, then the wait ran out): what the service holds, so a refresh finds no drift. A
 * started or stopped flow log is shown mid-transition (Activating, Deactivating), which the next update waits out.
 */
export function afterStep(flowLog: CloudFlowLog, step: UpdateStep): CloudFlowLog {
  switch (step.kind) {
    case "activate":
      return { ...flowLog, status: "Activating" };
    case "deactivate":
      return { ...flowLog, status: "Deactivating" };
    case "modify":
      return { ...flowLog, ...step.params };
    case "untag":
      return { ...flowLog, tags: Object.fromEntries(Object.entries(flowLog.tags).filter(([key]) => !step.keys.includes(key))) };
    case "tag":
      return { ...flowLog, tags: { ...flowLog.tags, ...Object.fromEntries(step.tags.map((tag) => [tag.key, tag.value])) } };
    case "move":
      return { ...flowLog, resourceGroupId: step.resourceGroupId };
  }
}

/** True while `step` (or one of its kind) is still part of the plan for this sighting. */
export function stepStillNeeded(step: UpdateStep, current: CloudFlowLog, desired: FlowLogInputs): boolean {
  return planUpdate(current, desired).some((planned) => planned.kind === step.kind);
}

/** A short phrase for progress lines, e.g. "ModifyFlowLogAttribute (flowLogName, description)": names, never values. */
export function describeStep(step: UpdateStep): string {
  // Tags by count, not by key: a key is program text that may hold a line break or bidi control (one progress line must
  // stay one line), and the whole tags map may be pulumi.secret(), which a dynamic provider cannot tell (check.ts outline).
  switch (step.kind) {
    case "activate":
      return "ActiveFlowLog";
    case "deactivate":
      return "DeactiveFlowLog";
    case "modify":
      return `ModifyFlowLogAttribute (${Object.keys(step.params).join(", ")})`;
    case "untag":
      return `UnTagResources (${plural(step.keys.length, "tag key")})`;
    case "tag":
      return `TagResources (${plural(step.tags.length, "tag")})`;
    case "move":
      // Not the group's ID: an input may be pulumi.secret(), which a dynamic provider cannot tell (check.ts outline).
      return "MoveResourceGroup";
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * The step's identity, for telling one step from another (converge counts failures of the same step in a row). Order-free:
 * tag keys come in the order DescribeFlowLogs lists the tags, which the service does not document as stable.
 */
export function stepKey(step: UpdateStep): string {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  switch (step.kind) {
    case "untag":
      return JSON.stringify({ kind: step.kind, keys: [...step.keys].sort(byText) });
    case "tag":
      return JSON.stringify({ kind: step.kind, tags: [...step.tags].sort((a, b) => byText(a.key, b.key)).map((tag) => [tag.key, tag.value]) });
    case "modify":
      return JSON.stringify({ kind: step.kind, params: Object.entries(step.params).sort(([a], [b]) => byText(a, b)) });
    default:
      return JSON.stringify(step);
  }
}
