import type { ActionSpec } from "./action-spec";
import { ActiveFlowLog } from "./active-flow-log";
import { CreateFlowLog } from "./create-flow-log";
import { DeactiveFlowLog } from "./deactive-flow-log";
import { DeleteFlowLog } from "./delete-flow-log";
import { DescribeFlowLogs } from "./describe-flow-logs";
import { GetFlowLogServiceStatus } from "./get-flow-log-service-status";
import { ListTagResources } from "./list-tag-resources";
import { ModifyFlowLogAttribute } from "./modify-flow-log-attribute";
import { MoveResourceGroup } from "./move-resource-group";
import { OpenFlowLogService } from "./open-flow-log-service";
import { TagResources } from "./tag-resources";
import { UnTagResources } from "./un-tag-resources";

// The public part: each action's request and response types and zod schemas. The schema building blocks (common.ts),
// the list normalizer (lists.ts) and the compiled fast pass (fast-parse.ts) are the client's own: imported by path.
export type { ActionSpec } from "./action-spec";
export { baseResponse, requestIdOnly, type RegionParams, type RequestIdOnlyResponse, type TagInput } from "./common";
export type { ListShape } from "./lists";
export * from "./active-flow-log";
export * from "./create-flow-log";
export * from "./deactive-flow-log";
export * from "./delete-flow-log";
export * from "./describe-flow-logs";
export * from "./get-flow-log-service-status";
export * from "./list-tag-resources";
export * from "./modify-flow-log-attribute";
export * from "./move-resource-group";
export * from "./open-flow-log-service";
export * from "./tag-resources";
export * from "./un-tag-resources";

/** Every action the client knows, by API name. */
export const ACTION_SPECS: Readonly<Record<string, ActionSpec>> = Object.fromEntries(
  [
    CreateFlowLog,
    DescribeFlowLogs,
    ModifyFlowLogAttribute,
    ActiveFlowLog,
    DeactiveFlowLog,
    DeleteFlowLog,
    TagResources,
    UnTagResources,
    ListTagResources,
    MoveResourceGroup,
    GetFlowLogServiceStatus,
    OpenFlowLogService,
  ].map((spec) => [spec.action, spec as ActionSpec]),
);

/** The spec of an action this client knows; undefined for any other name (`constructor` included: own keys only). */
export function actionSpec(action: string): ActionSpec | undefined {
  return Object.hasOwn(ACTION_SPECS, action) ? ACTION_SPECS[action] : undefined;
}

/**
 * Whether an action changes state. Known actions say so themselves; for others, names starting with Describe, List, Get or
 * Query are reads and everything else is a write (the safe guess: writes are never retried blindly).
 */
export function isWriteAction(action: string): boolean {
  const spec = actionSpec(action);
  if (spec) return spec.write;
  return !/^(Describe|List|Get|Query)[A-Z]/.test(action);
}
