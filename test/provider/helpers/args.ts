/** The five arguments every FlowLog needs, with the emulator's default world's names (vpc-demo0001, flowlog-project). */
export const REQUIRED_ARGS = {
  resourceType: "VPC",
  resourceId: "vpc-demo0001",
  trafficType: "All",
  projectName: "flowlog-project",
  logStoreName: "flowlog-store",
} as const;
