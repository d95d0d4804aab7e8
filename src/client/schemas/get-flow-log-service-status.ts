import { z } from "zod";
import type { ActionSpec } from "./action-spec";
import { baseResponse, booleanish, type RegionParams } from "./common";

/** GetFlowLogServiceStatus parameters: only the region. */
export type GetFlowLogServiceStatusRequest = RegionParams;

/** GetFlowLogServiceStatus answer: `{RequestId, Enabled}` (Enabled a boolean, or "true"/"false"). */
export const getFlowLogServiceStatusResponse = z.looseObject({
  ...baseResponse,
  Enabled: booleanish,
});
/** The parsed answer (`getFlowLogServiceStatusResponse`): the API's own field names, numbers sent as strings coerced, unknown fields kept. */
export type GetFlowLogServiceStatusResponse = z.infer<typeof getFlowLogServiceStatusResponse>;

/** The GetFlowLogServiceStatus action: its name, a read (retried freely), and the zod schema its answer must fit. */
export const GetFlowLogServiceStatus: ActionSpec<typeof getFlowLogServiceStatusResponse> = {
  action: "GetFlowLogServiceStatus",
  write: false,
  response: getFlowLogServiceStatusResponse,
};
