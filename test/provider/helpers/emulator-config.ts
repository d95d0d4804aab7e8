import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../../src/emulator";

/** A ConfigureRequest (and VpcClient options) pointing the provider at the emulator at `url`, region cn-hangzhou, its default keys. */
export function emulatorConfig(url: string) {
  const values: Record<string, string> = {
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": DEFAULT_ACCESS_KEY_ID,
    "alicloud:secretKey": DEFAULT_ACCESS_KEY_SECRET,
    "alicloud-flowlog:endpoint": url,
  };
  return { config: { get: (key: string) => values[key] } };
}

/** FlowLog args on a VPC of the emulator's default world, into its default SLS project and logstore; `extra` added over them. */
export function vpcFlowLogArgs(resourceId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { resourceType: "VPC", resourceId, trafficType: "All", projectName: "flowlog-project", logStoreName: "flowlog-store", ...extra };
}
