/**
 * pulumi-alicloud-flowlog: Alibaba Cloud VPC flow logs from Pulumi.
 * `FlowLog` is the resource; the client's public API (VpcClient, its errors, resolveRegion, ...) is re-exported.
 * The emulator is imported from "pulumi-alicloud-flowlog/emulator", the provider from ".../provider".
 */

// First: on an older Node, a clear error instead of a crash inside undici.
import "./node-version";
export { FlowLog, type FlowLogArgs, type FlowLogState, type FlowLogTimeoutsArgs } from "./resource";
export type {
  FlowLogTimeouts,
  FlowLogOutputs,
  FlowLogResourceType,
  FlowLogTrafficType,
  FlowLogIpVersion,
  FlowLogAggregationInterval,
  FlowLogDesiredStatus,
  CloudFlowLogStatus,
} from "./provider/types";
export * from "./client";
