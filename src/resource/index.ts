export { FlowLog } from "./flow-log";
export type { FlowLogArgs } from "./flow-log-args";
