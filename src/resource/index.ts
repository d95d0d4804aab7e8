export { FlowLog } from "./flow-log";
export type { FlowLogArgs, FlowLogTimeoutsArgs } from "./flow-log-args";
