import type { FlowLogResourceType } from "./world-index";

/** Status values of a flow log (DescribeFlowLogs `Status`). */
export type FlowLogStatus = "Activating" | "Active" | "Modifying" | "Deactivating" | "Inactive" | "Deleting";
/** Statuses from which no write action is accepted (IncorrectStatus.flowlog). */
export const TRANSITIONAL_STATUSES: readonly FlowLogStatus[] = ["Activating", "Modifying", "Deactivating", "Deleting"];

/** A tag key/value pair, as DescribeFlowLogs `Tags.Tag[]` reports it. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** What a running transition ends in: a status, or removal (DeleteFlowLog). */
export type TransitionResult = "Active" | "Inactive" | "gone";

/** A transition under way. `dueAtMs` null means it never finishes on its own (stuckActivating). */
export interface PendingTransition {
  readonly result: TransitionResult;
  readonly dueAtMs: number | null;
}

/**
 * One emulated flow log, plain JSON (inspection and persistence). Field names follow DescribeFlowLogs in camelCase; the
 * emulator-only fields (`vpcId`, `createdAtMs`, `visibleAfterMs`, `pending`) drive filters, eventual consistency and timers.
 */
export interface EmulatedFlowLog {
  flowLogId: string;
  regionId: string;
  flowLogName: string;
  description: string;
  resourceType: FlowLogResourceType;
  resourceId: string;
  /** VPC of the captured resource (the VPC itself, or the vSwitch's / ENI's VPC): what the DescribeFlowLogs VpcId filter matches. */
  vpcId: string;
  trafficType: string;
  projectName: string;
  logStoreName: string;
  /** Minutes: 1, 5 or 10. */
  aggregationInterval: number;
  trafficPath: string[];
  ipVersion: string;
  logFormat: string;
  resourceGroupId: string;
  tags: Tag[];
  status: FlowLogStatus;
  businessStatus: string;
  flowLogDeliverStatus: string;
  flowLogDeliverErrorMessage: string;
  serviceType: string;
  /** `2022-01-21T03:08:50Z` format (UTC, whole seconds). */
  creationTime: string;
  createdAtMs: number;
  /** DescribeFlowLogs leaves the flow log out before this time (hideNewForMs). */
  visibleAfterMs: number;
  pending: PendingTransition | null;
}

/** CreateFlowLog input, already read from the wire by the handler (optional strings absent when empty). */
export interface CreateFlowLogInput {
  regionId: string;
  resourceType: string;
  resourceId: string;
  trafficType: string;
  projectName?: string;
  logStoreName?: string;
  flowLogName?: string;
  description?: string;
  /** NaN when the wire value is not a number (the model answers IllegalParam.AggregationInterval). */
  aggregationInterval?: number;
  trafficPath?: string[];
  resourceGroupId?: string;
  tags?: Tag[];
  ipVersion?: string;
  logFormat?: string;
}

/** CreateFlowLog result. */
export interface CreateFlowLogResult {
  flowLogId: string;
  resourceGroupId: string;
}

/** DescribeFlowLogs filters and paging (NOTES.md). Every filter is an exact match; tags must all be present. */
export interface DescribeFlowLogsInput {
  regionId: string;
  flowLogId?: string;
  flowLogName?: string;
  description?: string;
  resourceType?: string;
  resourceId?: string;
  trafficType?: string;
  projectName?: string;
  logStoreName?: string;
  status?: string;
  vpcId?: string;
  resourceGroupId?: string;
  /** `Tags.N.Key` / `Tags.N.Value`; a missing Value matches any value of that key. */
  tags?: { Key: string; Value?: string }[];
  /** 1-based. @default 1 */
  pageNumber?: number;
  /** 1-50. @default 20 */
  pageSize?: number;
}

/** One page of DescribeFlowLogs. */
export interface DescribeFlowLogsResult {
  totalCount: number;
  pageNumber: number;
  pageSize: number;
  flowLogs: EmulatedFlowLog[];
}

/** ModifyFlowLogAttribute input; absent fields are left unchanged. */
export interface ModifyFlowLogInput {
  regionId: string;
  flowLogId: string;
  flowLogName?: string;
  description?: string;
  aggregationInterval?: number;
  ipVersion?: string;
  logFormat?: string;
}

/** The identity every single-flow-log action takes. */
export interface FlowLogRef {
  regionId: string;
  flowLogId: string;
}

export interface TagResourcesInput {
  regionId: string;
  resourceType: string;
  resourceIds: string[];
  tags: Tag[];
}

export interface UnTagResourcesInput {
  regionId: string;
  resourceType: string;
  resourceIds: string[];
  tagKeys: string[];
  /** Remove every user tag (system tags stay). */
  all: boolean;
}

export interface ListTagResourcesInput {
  regionId: string;
  resourceType: string;
  resourceIds: string[];
  /** A filter tag without Value matches any value of its key. */
  tags: { Key: string; Value?: string }[];
  /** 1-50. @default 50 */
  maxResults?: number;
  nextToken?: string;
}

/** One row of ListTagResources `TagResources.TagResource[]`. */
export interface TagResourceRow {
  resourceId: string;
  resourceType: string;
  tagKey: string;
  tagValue: string;
}

export interface ListTagResourcesResult {
  tagResources: TagResourceRow[];
  /** Empty when there is no further page. */
  nextToken: string;
}

export interface MoveResourceGroupInput {
  regionId: string;
  resourceType: string;
  resourceId: string;
  newResourceGroupId: string;
}
