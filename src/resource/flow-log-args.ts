import type * as pulumi from "@pulumi/pulumi";
import type {
  FlowLogAggregationInterval,
  FlowLogDesiredStatus,
  FlowLogIpVersion,
  FlowLogResourceType,
  FlowLogTrafficType,
} from "../provider/types";

/**
 * Arguments of a {@link FlowLog}: every CreateFlowLog parameter in camelCase (VPC API 2016-04-28,
 * CreateFlowLog), plus the desired `status` and the provider's own `timeouts`.
 * "Replaces" means a change deletes this flow log and creates a new one (deleted first when the new one
 * captures the same resource in the same region, created first otherwise); "in place" means the flow log keeps its id.
 * Invalid values are refused by `pulumi preview` with the field and the rule named, before any API call.
 */
export interface FlowLogArgs {
  /**
   * Kind of resource whose traffic is captured: `"VPC"`, `"VSwitch"` or `"NetworkInterface"`. Required.
   * A change replaces the flow log.
   */
  resourceType: pulumi.Input<FlowLogResourceType>;
  /**
   * ID of that resource; its prefix must fit `resourceType`: `vpc-` for VPC, `vsw-` for VSwitch, `eni-` for
   * NetworkInterface. Required. A change replaces the flow log.
   */
  resourceId: pulumi.Input<string>;
  /**
   * Traffic captured: `"All"`, `"Allow"` (allowed by security groups / network ACLs) or `"Drop"` (refused). Required.
   * A change replaces the flow log.
   */
  trafficType: pulumi.Input<FlowLogTrafficType>;
  /**
   * Log Service (SLS) project receiving the logs: 3-63 lower-case letters, digits and hyphens, starting and ending
   * with a letter or digit. Required (the service needs it in practice). A change replaces the flow log.
   */
  projectName: pulumi.Input<string>;
  /**
   * Logstore in that project: 3-63 lower-case letters, digits, hyphens and underscores, starting and ending with a
   * letter or digit. Required. A change replaces the flow log.
   */
  logStoreName: pulumi.Input<string>;
  /** Name: 1-128 characters, not starting with `http://` or `https://`. Default: none. Changed in place. */
  flowLogName?: pulumi.Input<string>;
  /** Description: 1-256 characters, not starting with `http://` or `https://`. Default: none. Changed in place. */
  description?: pulumi.Input<string>;
  /**
   * Aggregation (sampling) interval in MINUTES: 1, 5 or 10. Default: the service's, 10. Changed in place.
   */
  aggregationInterval?: pulumi.Input<FlowLogAggregationInterval>;
  /**
   * Traffic paths captured (`TrafficPath.N`), e.g. `"all"`, `"internetGateway"`, `"natGateway"`, `"vpnGateway"`,
   * `"transitRouter"`, `"gatewayEndpoint"`, `"vbr"`, `"ecr"`, `"ipv4Gateway"`, `"gatewayLoadBalancerEndpoint"`
   * (case-sensitive; values not listed here are passed on, as the service adds paths); no duplicates. Custom paths
   * (anything but `["all"]`) must be enabled for the account by a ticket and cannot go with `ipVersion: "DualStack"`.
   * Default: none (all traffic). Order does not matter. A change replaces the flow log.
   */
  trafficPaths?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Resource group (`rg-...`). Default: the account's default group. Changed in place (MoveResourceGroup).
   */
  resourceGroupId?: pulumi.Input<string>;
  /**
   * Tags, at most 20. Keys: 1-128 characters; values: at most 128. Neither may start with `aliyun` or `acs:` (system
   * tags; those the cloud adds are left alone and never shown as drift) nor contain `http://` or `https://`.
   * Default: none. Changed in place (TagResources / UnTagResources).
   */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** IP version captured: `"IPv4"` or `"DualStack"`. Default: the service's (IPv4). Changed in place. */
  ipVersion?: pulumi.Input<FlowLogIpVersion>;
  /**
   * Region, e.g. `"cn-hangzhou"`. Default: stack config `alicloud:region`, then env `ALIBABA_CLOUD_REGION`,
   * `ALICLOUD_REGION`. A change replaces the flow log.
   */
  regionId?: pulumi.Input<string>;
  /**
   * Desired state: `"Active"` (capturing) or `"Inactive"` (stopped, ActiveFlowLog / DeactiveFlowLog).
   * Default: `"Active"`. Changed in place.
   */
  status?: pulumi.Input<FlowLogDesiredStatus>;
  /**
   * How long create, update and delete may wait for the flow log to settle, as duration strings (`"90s"`, `"10m"`,
   * `"1h"`). Default: `"10m"` each. Pulumi's `customTimeouts` option does not reach dynamic providers: FlowLog copies it
   * here when this argument is left out (this argument wins when both are given). Changing only timeouts is an update
   * that calls no API: it records them in the state, where `pulumi destroy` reads the delete timeout.
   */
  timeouts?: pulumi.Input<FlowLogTimeoutsArgs>;
}

/**
 * Per-operation time limits as duration strings: numbers with a unit of `h`, `m`, `s`, `ms`, `us` or `ns` (Go's
 * time.ParseDuration units, as Pulumi's customTimeouts), which may be combined
 * (`"90s"`, `"10m"`, `"1h30m"`, `"1.5h"`), above zero and at most `"24h"` (Node's timers cannot wait much longer). Each field is a Pulumi input; a field left out is `"10m"`. An invalid one fails at
 * `pulumi preview`, naming it (`timeouts.delete`); only `create`, `update` and `delete` exist.
 */
export interface FlowLogTimeoutsArgs {
  /** CreateFlowLog until DescribeFlowLogs reports Active (and Inactive after it, for `status: "Inactive"`). Default `"10m"`. */
  create?: pulumi.Input<string>;
  /** Every in-place change (ModifyFlowLogAttribute, tags, resource group, status) until it shows. Default `"10m"`. */
  update?: pulumi.Input<string>;
  /** DeleteFlowLog until DescribeFlowLogs no longer lists the flow log. Default `"10m"`. */
  delete?: pulumi.Input<string>;
}
