import { z } from "zod";
import type { ActionSpec } from "./action-spec";
import { baseResponse, numeric, text, withLists, wrapper, type RegionParams } from "./common";
import type { ListShape } from "./lists";

/** DescribeFlowLogs filters and paging (VPC API reference, DescribeFlowLogs). An unknown FlowLogId gives an empty list. */
export interface DescribeFlowLogsRequest extends RegionParams {
  readonly flowLogId?: string;
  readonly flowLogName?: string;
  readonly description?: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly trafficType?: string;
  readonly projectName?: string;
  readonly logStoreName?: string;
  /** Active, Activating or Inactive. */
  readonly status?: string;
  readonly vpcId?: string;
  readonly resourceGroupId?: string;
  /** Tag filter: plural `Tags.N.Key` / `Tags.N.Value` here. */
  readonly tags?: readonly { readonly key: string; readonly value?: string }[];
  /** From 1. @default 1 */
  readonly pageNumber?: number;
  /** 1-50. @default 20 */
  readonly pageSize?: number;
}

/** One flow log: the 21 fields `@alicloud/vpc20160428` 7.3.2 lists; only FlowLogId is required; unknown fields kept. */
export const flowLogItem = z.looseObject({
  FlowLogId: text,
  /** Minutes: 1, 5, 10 (sent as a number or a string). */
  AggregationInterval: numeric.optional(),
  /** Normal, FinancialLocked. */
  BusinessStatus: text.optional(),
  /** e.g. `2022-01-21T03:08:50Z`. */
  CreationTime: text.optional(),
  Description: text.optional(),
  /** UnavaliableTarget [sic], ProjectNotExist, UnknownError. */
  FlowLogDeliverErrorMessage: text.optional(),
  /** SUCCESS, FAILED. */
  FlowLogDeliverStatus: text.optional(),
  FlowLogName: text.optional(),
  IpVersion: text.optional(),
  LogFormat: text.optional(),
  LogStoreName: text.optional(),
  ProjectName: text.optional(),
  RegionId: text.optional(),
  ResourceGroupId: text.optional(),
  ResourceId: text.optional(),
  ResourceType: text.optional(),
  /** '' or sls (created from the Log Service console: not manageable through the VPC API). */
  ServiceType: text.optional(),
  /** Activating, Active, Modifying, Deactivating, Inactive, Deleting. */
  Status: text.optional(),
  Tags: wrapper("Tag", z.looseObject({ Key: text, Value: text.optional() })).optional(),
  TrafficPath: wrapper("TrafficPathList", text).optional(),
  TrafficType: text.optional(),
});
/** One flow log as DescribeFlowLogs reports it (API field names; AggregationInterval a number; unknown fields kept). */
export type FlowLogItem = z.infer<typeof flowLogItem>;

/** The wrapped lists of a DescribeFlowLogs answer: `FlowLogs.FlowLog`, and in each flow log `Tags.Tag` and `TrafficPath.TrafficPathList`. */
const DESCRIBE_FLOW_LOGS_LISTS: readonly ListShape[] = [
  {
    wrapper: "FlowLogs",
    key: "FlowLog",
    items: [
      { wrapper: "Tags", key: "Tag", optional: true },
      { wrapper: "TrafficPath", key: "TrafficPathList", optional: true },
    ],
  },
];

/** The DescribeFlowLogs answer with its lists already arrays: what the client checks, after `normalizeLists`. */
const describeFlowLogsPlain = z.looseObject({
  ...baseResponse,
  TotalCount: numeric.optional(),
  PageNumber: numeric.optional(),
  PageSize: numeric.optional(),
  FlowLogs: wrapper("FlowLog", flowLogItem),
});

/**
 * DescribeFlowLogs answer: `{RequestId, Success, TotalCount, PageNumber, PageSize, FlowLogs: {FlowLog: [...]}}`. A missing
 * `FlowLogs` or list gives `[]`, and a single flow log (or tag, or traffic path) sent as an object a one-item array.
 */
export const describeFlowLogsResponse = withLists(DESCRIBE_FLOW_LOGS_LISTS, describeFlowLogsPlain);
/** The parsed answer (`describeFlowLogsResponse`): the API's own field names, numbers sent as strings coerced, unknown fields kept. */
export type DescribeFlowLogsResponse = z.infer<typeof describeFlowLogsResponse>;

/** The DescribeFlowLogs action: its name, whether it writes (a read: retried freely), and the zod schema its answer must fit. */
export const DescribeFlowLogs: ActionSpec<typeof describeFlowLogsPlain> = { action: "DescribeFlowLogs", write: false, response: describeFlowLogsPlain, lists: DESCRIBE_FLOW_LOGS_LISTS };
