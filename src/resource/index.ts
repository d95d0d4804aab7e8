export { FlowLog, type FlowLogState } from "./flow-log";
export type { FlowLogArgs, FlowLogTimeoutsArgs } from "./flow-log-args";
