import * as pulumi from "@pulumi/pulumi";
import { FlowLog } from "pulumi-alicloud-flowlog";

/** The stack outputs of {@link flowLogProgram}. */
export interface FlowLogProgramOutputs {
  /** Flow log id (`fl-...`). */
  flowLogId: pulumi.Output<string>;
  /** Resource group the flow log is in (the account's default when none is configured). */
  resourceGroupId: pulumi.Output<string>;
  /** `Active` once `pulumi up` is done (the resource waits for it). */
  status: pulumi.Output<string>;
}

/**
 * One VPC flow log delivered to a Log Service logstore.
 *
 * Configuration (`pulumi config set <key> <value>`), all optional:
 * - `vpcId`: the VPC whose traffic is captured (default `vpc-demo0001`, which exists in the local emulator);
 * - `trafficType`: `All`, `Allow` or `Drop` (default `All`; a change replaces the flow log);
 * - `projectName` / `logStoreName`: the SLS project and logstore (default `flowlog-project` / `flowlog-store`);
 * - `description`: changed in place.
 *
 * The provider reads `alicloud:region` and the credentials from the stack configuration or the environment, and
 * `alicloud-flowlog:endpoint` (or ALIBABA_CLOUD_VPC_ENDPOINT) to talk to the emulator instead of Alibaba Cloud.
 */
export function flowLogProgram(): FlowLogProgramOutputs {
  const config = new pulumi.Config();
  const log = new FlowLog("web", {
    resourceType: "VPC",
    resourceId: config.get("vpcId") ?? "vpc-demo0001",
    trafficType: (config.get("trafficType") ?? "All") as "All" | "Allow" | "Drop",
    projectName: config.get("projectName") ?? "flowlog-project",
    logStoreName: config.get("logStoreName") ?? "flowlog-store",
    description: config.get("description"),
  });
  return { flowLogId: log.flowLogId, resourceGroupId: log.resourceGroupId, status: log.status };
}
