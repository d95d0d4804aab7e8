/**
 * pulumi-alicloud-flowlog: Alibaba Cloud VPC flow logs from Pulumi.
 * `FlowLog` is the resource, with its types. The API client (VpcClient, its errors, resolveRegion, ...) is imported from
 * "pulumi-alicloud-flowlog/client", the emulator from ".../emulator", the provider from ".../provider".
 *
 * Nothing here reaches zod's declarations: zod 4's need `esModuleInterop` or `skipLibCheck` (colinhacks/zod#5160), which
 * the tsconfig of `pulumi new typescript` sets neither of, so a program importing only this entry type-checks there.
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
