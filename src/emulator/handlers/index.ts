import { serviceErrors } from "../model/errors";
import type { VpcService } from "../model/vpc-service";
import { getFlowLogServiceStatus, moveResourceGroup, openFlowLogService } from "./account-actions";
import { createFlowLog } from "./create-flow-log";
import { describeFlowLogs } from "./describe-flow-logs";
import { activeFlowLog, deactiveFlowLog, deleteFlowLog, modifyFlowLogAttribute } from "./flow-log-actions";
import type { Params } from "./params";
import { listTagResources, tagResources, unTagResources } from "./tag-actions";

export type { Params } from "./params";
export { toWireFlowLog } from "./flow-log-shape";

/** Reads an action's parameters, calls the model and shapes the answer (without RequestId). Throws ServiceError. */
export type Handler = (service: VpcService, params: Params) => Record<string, unknown>;

const HANDLERS: Readonly<Record<string, Handler>> = {
  CreateFlowLog: createFlowLog,
  DescribeFlowLogs: describeFlowLogs,
  ModifyFlowLogAttribute: modifyFlowLogAttribute,
  ActiveFlowLog: activeFlowLog,
  DeactiveFlowLog: deactiveFlowLog,
  DeleteFlowLog: deleteFlowLog,
  TagResources: tagResources,
  UnTagResources: unTagResources,
  ListTagResources: listTagResources,
  MoveResourceGroup: moveResourceGroup,
  GetFlowLogServiceStatus: getFlowLogServiceStatus,
  OpenFlowLogService: openFlowLogService,
};

/** The 12 action names the emulator serves (VPC 2016-04-28, flow-log part). Anything else is InvalidAction.NotFound. */
export const ACTIONS: readonly string[] = Object.freeze(Object.keys(HANDLERS));

/**
 * Runs one action: `params` are the flat wire parameters (query and form merged; common parameters may be present and are
 * ignored). Returns the response body without RequestId, shaped as the service answers.
 * @throws ServiceError with the API's code (InvalidAction.NotFound, 404, for an action not in {@link ACTIONS}).
 */
export function dispatch(service: VpcService, action: string, params: Params): Record<string, unknown> {
  const handler = Object.prototype.hasOwnProperty.call(HANDLERS, action) ? HANDLERS[action] : undefined;
  if (handler === undefined) throw serviceErrors.invalidAction(action);
  return handler(service, params);
}
